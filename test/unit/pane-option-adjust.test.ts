import {describe, expect, it} from 'vitest';
import {adjustedValue, type PaneOption} from '../../source/panes/pane-options.js';
import {keyClashes} from '../../source/panes/pane-keys.js';
import {syscallsPane} from '../../source/panes/syscalls.js';
import {allPanes} from '../../source/panes/registry.js';

const slowMs = syscallsPane.options!.find(o => o.name === 'slowMs')!;

describe('adjusting a pane option with its keys', () => {
	it('doubles and halves a whole-number option within its range', () => {
		expect(adjustedValue(slowMs, 10, 2)).toBe(20);
		expect(adjustedValue(slowMs, 10, 0.5)).toBe(5);
		expect(adjustedValue(slowMs, 5, 0.5)).toBe(2);
		expect(adjustedValue(slowMs, 1, 0.5)).toBe(0);
		expect(adjustedValue(slowMs, 0, 2)).toBe(1);
		expect(adjustedValue(slowMs, 0, 0.5)).toBe(0);
		expect(adjustedValue(slowMs, 40_000, 2)).toBe(60_000);
	});

	it('multiplies a fractional option exactly', () => {
		const ratio: PaneOption = {name: 'r', flag: '--r', help: '', default: 1, min: 0.25, max: 4, integer: false};
		expect(adjustedValue(ratio, 1, 2)).toBe(2);
		expect(adjustedValue(ratio, 0.25, 0.5)).toBe(0.25);
	});

	it('gives the syscall pane + and - on its slow threshold, clashing with no other key', () => {
		expect(syscallsPane.keys.filter(k => k.adjust).map(k => [k.key, k.adjust!.option, k.adjust!.factor])).toEqual([
			['+', 'slowMs', 2],
			['-', 'slowMs', 0.5],
		]);
		expect(keyClashes(allPanes)).toEqual([]);
	});

	it('passes the threshold in ns and the slow-call cap to the collector from $12', () => {
		const [spec] = syscallsPane.collectors({intervalSec: 1, pids: []}, {slowMs: 25});
		expect(spec!.kind === 'bpftrace' && spec!.args.slice(11)).toEqual(['25000000', '100']);
		expect(spec!.kind === 'bpftrace' && spec!.env.BPFTRACE_MAP_KEYS_MAX).toBe('65536');
	});
});
