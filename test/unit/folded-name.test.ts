import {describe, expect, it} from 'vitest';
import {formatFolded, parseFolded} from '../../source/models/folded-stacks.js';
import {toFolded} from '../../source/models/profile.js';
import {collapseBpftraceStacks} from '../../source/importers/bpftrace-stacks.js';
import {PerfScriptCollapser} from '../../source/importers/perf-script.js';
import {foldedFrame, foldedStack} from '../../source/safety/folded-name.js';
import {FORGING_COMM, OSC_TITLE} from '../support/hostile.js';
import {kernelFrame, stack, userFrame} from '../support/profile-stacks.js';

describe('folded frame names', () => {
	it('turns ; into : and control characters into their visible form', () => {
		expect(foldedFrame('a;b')).toBe('a:b');
		expect(foldedFrame(FORGING_COMM)).toBe('a 999999^Jb:c');
		expect(foldedFrame(OSC_TITLE)).toBe('^[]2:PWNED^Gx');
		expect(foldedStack(['bash', 'main', 'read_[k]'])).toBe('bash;main;read_[k]');
	});

	it('a comm of `a 999999\\nb;c` is one stack of its real count, read back as such', () => {
		const samples = [stack(FORGING_COMM, 7, [userFrame('main', 'evil'), kernelFrame('do_syscall_64')], 3)];
		const text = formatFolded(toFolded(samples));
		expect(text.split('\n').filter(Boolean)).toEqual(['a 999999^Jb:c;main;do_syscall_64_[k] 3']);
		const back = parseFolded(text);
		expect(back.skipped).toBe(0);
		expect([...back.stacks.values()]).toEqual([3]);
	});

	it('every folded producer escapes: bpftrace stack output and perf script', () => {
		const key = `\n\tffffffff81000000 evil;sym+4 ([kernel.kallsyms])\n,${FORGING_COMM}`;
		const bpf = collapseBpftraceStacks(JSON.stringify({type: 'map', data: {'@s': {[key]: 2}}}) + '\n');
		expect([...bpf.keys()]).toEqual(['a_999999^Jb:c;evil:sym_[k]']);
		const perf = new PerfScriptCollapser();
		perf.write(`${'\x1b]2;x\x07'} 123 [000] 1.000000: 1 cpu-clock:\n\tffffffff81000000 do_thing+0x1 ([kernel.kallsyms])\n\n`);
		const folded = formatFolded(perf.end());
		expect(folded).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
		expect(folded).toMatch(/^\^\[\]2:x\^G;do_thing/);
	});

	it('formatFolded keeps one line per stack even for a map built without foldedStack', () => {
		expect(formatFolded(new Map([['x\ny', 1]]))).toBe('x^Jy 1\n');
	});
});

describe('folded counts', () => {
	it('refuses counts that are not plain finite numbers', () => {
		const {stacks, skipped} = parseFolded('a;b 1e+308\nc 1e3\nd Infinity\ne NaN\nf -1\ng 0x10\nh 12\ni 2.5\n');
		expect([...stacks]).toEqual([
			['h', 12],
			['i', 2.5],
		]);
		expect(skipped).toBe(6);
	});

	it('refuses a sum that would lose precision', () => {
		const big = '9007199254740991';
		const {stacks, skipped} = parseFolded(`a ${big}\na 1\n`);
		expect(stacks.get('a')).toBe(Number.MAX_SAFE_INTEGER);
		expect(skipped).toBe(1);
	});
});
