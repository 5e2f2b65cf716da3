/**
 * bpftrace stack maps to folded stacks, over real bpftrace 0.17 captures: the same stacks
 * printed as text and as JSON (fixtures/bpftrace-0.17/stacks-demo.cpp says how they were
 * made) must fold alike, and the 99 Hz profiles must keep every sample.
 */
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {formatFolded, totalSamples, type FoldedStacks} from '../../source/models/folded-stacks.js';
import {collapseBpftraceStacks} from '../../source/importers/bpftrace-stacks.js';
import {detectInputFormat} from '../../source/importers/detect-format.js';
import {repoRoot} from '../support/requirements.js';

const fixture = (name: string): string => fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'bpftrace-0.17', name), 'utf8');

const sorted = (stacks: FoldedStacks): Array<[string, number]> => [...stacks].sort(([a], [b]) => (a < b ? -1 : 1));

const KERNEL = 'entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];syscall_trace_enter_[k];perf_syscall_enter_[k]';
const USER = [
	['__libc_start_call_main;main;(anonymous namespace)::hidden;getppid', 100],
	['__libc_start_call_main;main;[unknown];via_jit;getppid', 200],
	['__libc_start_call_main;main;outer;void templated<std::pair<int, long> >;getppid', 300],
] as const;

describe('the demo stacks, printed as text and as JSON', () => {
	it.each([
		['kstack', [[KERNEL, 600]]],
		['ustack', USER],
		['kstack-ustack', USER.map(([user, n]) => [`${user};${KERNEL}`, n])],
		['comm-kstack', [[`stack,_demo;${KERNEL}`, 600]]],
		['kstack-ustack-comm', USER.map(([user, n]) => [`stack,_demo;${user};${KERNEL}`, n])],
		['perf-kstack-ustack-comm-pid', USER.map(([user, n]) => [`stack,_demo;${user};${KERNEL}`, n])],
	])('@[%s] folds alike from both', (shape, expected) => {
		const text = collapseBpftraceStacks(fixture(`stacks-${shape}.txt`));
		const json = collapseBpftraceStacks(fixture(`stacks-${shape}.ndjson`));
		expect(sorted(text)).toEqual(expected);
		expect(sorted(json)).toEqual(expected);
	});

	it('are recognised as bpftrace output', () => {
		expect(detectInputFormat(fixture('stacks-kstack-ustack-comm.txt'))).toBe('bpftrace');
		expect(detectInputFormat(fixture('stacks-kstack-ustack-comm.ndjson'))).toBe('bpftrace');
	});
});

/** Sample counts as bpftrace printed them, read without the importer. */
function printedTotal(name: string): number {
	const text = fixture(name);
	if (name.endsWith('.txt')) return [...text.matchAll(/\]: (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
	let total = 0;
	for (const line of text.split('\n').filter(l => l.includes('"type": "map"'))) {
		for (const values of Object.values(JSON.parse(line).data as Record<string, Record<string, number>>)) {
			for (const count of Object.values(values)) total += count;
		}
	}
	return total;
}

describe('99 Hz profiles of a busy machine', () => {
	it.each([
		'stacks-profile-kstack-ustack-comm.txt',
		'stacks-profile-kstack-ustack-comm.ndjson',
		'stacks-profile-perf-kstack-ustack-comm-pid.txt',
		'stacks-profile-perf-kstack-ustack-comm-pid.ndjson',
	])('%s: every sample kept, offsets and addresses gone, kernel frames on the leaf side', name => {
		const stacks = collapseBpftraceStacks(fixture(name));
		expect(totalSamples(stacks)).toBe(printedTotal(name));
		let syscalls = 0;
		for (const stack of stacks.keys()) {
			const frames = stack.split(';').slice(1);
			for (const frame of frames) expect(frame).not.toMatch(/\+\d+$|^0x[0-9a-f]+$|^[0-9a-f]{6,} /);
			const firstKernel = frames.findIndex(f => f.endsWith('_[k]'));
			if (firstKernel < 0) continue;
			expect(frames.slice(firstKernel).every(f => f.endsWith('_[k]') || f === '[unknown]')).toBe(true);
			if (firstKernel > 0) syscalls++;
		}
		// Some samples caught user code inside a system call: user frames, then kernel frames.
		expect(syscalls).toBeGreaterThan(0);
	});
});

describe('keys', () => {
	it('does not split a key at the comma of a C++ signature', () => {
		const text = '@[\n    foo(int, long)+43\n    main+10\n, sh]: 5\n';
		const json = '{"type": "map", "data": {"@": {"\\n    foo(int, long)+43\\n    main+10\\n,sh": 5}}}\n';
		const perf = '{"type": "map", "data": {"@": {"\\n\\t401136 foo(int, long)+43 (/tmp/a.out)\\n\\t401200 main+10 (/tmp/a.out)\\n,sh": 5}}}\n';
		for (const input of [text, json, perf]) expect(sorted(collapseBpftraceStacks(input))).toEqual([['sh;main;foo', 5]]);
	});

	it('keeps a comm that contains the separator whole, spaces made underscores', () => {
		expect(sorted(collapseBpftraceStacks('@[my, comm, \n    schedule+5\n    entry_SYSCALL_64+1\n]: 2\n'))).toEqual([['my,_comm;entry_SYSCALL_64_[k];schedule_[k]', 2]]);
	});

	it('drops PIDs, but not a comm ending in ",1" when other entries show one number', () => {
		const json = '{"type": "map", "data": {"@": {"\\n    f+1\\n,a,1,77": 1, "\\n    f+1\\n,sh,78": 2}}}';
		expect(sorted(collapseBpftraceStacks(json))).toEqual([
			['a,1;f', 1],
			['sh;f', 2],
		]);
	});

	it('counts samples with empty stacks under their comm', () => {
		expect(sorted(collapseBpftraceStacks('@[, , sh, 77]: 3\n@[, \n    0x55dc487d3451\n, sh, 77]: 1\n'))).toEqual([
			['sh', 3],
			['sh;[unknown]', 1],
		]);
		expect(sorted(collapseBpftraceStacks('{"type": "map", "data": {"@": {",,sh,77": 3, ",\\n\\t55dc487d3451 0x55dc487d3451 ([unknown])\\n,sh,77": 1}}}'))).toEqual([
			['sh', 3],
			['sh;[unknown]', 1],
		]);
	});

	it('names unsymbolised frames [unknown], or after their module when bpftrace knows it', () => {
		const json =
			'{"type": "map", "data": {"@": {"\\n\\t7f11cdfcb86a 0x7f11cdfcb86a ([unknown])\\n\\t7f11cdfcb000 0x7f11cdfcb000 (/usr/lib/libfoo.so.1)\\n\\t401136 main+22 (/tmp/a.out)\\n": 4}}}';
		expect(sorted(collapseBpftraceStacks(json))).toEqual([['main;[libfoo.so.1];[unknown]', 4]]);
	});
});

describe('which stack is the kernel', () => {
	it('knows perf-mode kernel frames by their address, whatever the key order', () => {
		const json =
			'{"type": "map", "data": {"@": {"\\n\\t7f11 __GI___write+79 (/usr/lib/libc.so.6)\\n\\t401136 main+22 (/tmp/a.out)\\n,\\n\\tffffffff816a748c vfs_write+60\\n\\tffffffff81000130 entry_SYSCALL_64_after_hwframe+118\\n,sh": 1}}}';
		expect(sorted(collapseBpftraceStacks(json))).toEqual([['sh;main;__GI___write;entry_SYSCALL_64_after_hwframe_[k];vfs_write_[k]', 1]]);
	});

	it('knows @[ustack, kstack] by the kernel entry point at the root of the kernel stack', () => {
		const text = '@[\n    __GI___write+79\n    main+22\n, \n    vfs_write+60\n    entry_SYSCALL_64_after_hwframe+118\n]: 1\n';
		expect(sorted(collapseBpftraceStacks(text))).toEqual([['main;__GI___write;entry_SYSCALL_64_after_hwframe_[k];vfs_write_[k]', 1]]);
	});

	it('takes bpftrace\'s own order, kstack then ustack, when nothing else tells', () => {
		const text = '@[\n    k_leaf+1\n    k_root+2\n, \n    u_leaf+3\n    u_root+4\n]: 1\n';
		expect(sorted(collapseBpftraceStacks(text))).toEqual([['u_root;u_leaf;k_root_[k];k_leaf_[k]', 1]]);
	});

	it('leaves a lone stack without evidence unannotated', () => {
		expect(sorted(collapseBpftraceStacks('@[\n    leaf+1\n    root+2\n]: 1\n'))).toEqual([['root;leaf', 1]]);
	});
});

describe('maps', () => {
	it('merges every stack map and leaves out the others', () => {
		const text = [
			'Attaching 2 probes...',
			'@calls[sh]: 12',
			'@total: 3',
			'@hist[',
			'    leaf+1',
			']: ',
			'[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
			'@oncpu[',
			'    leaf+1',
			'    root+2',
			']: 4',
			'@offcpu[',
			'    leaf+1',
			'    root+2',
			']: 6',
			'',
		].join('\n');
		expect(formatFolded(collapseBpftraceStacks(text))).toBe('root;leaf 10\n');
	});

	it('finds nothing in output without stack maps', () => {
		expect(collapseBpftraceStacks(fixture('hist-text.txt')).size).toBe(0);
		expect(collapseBpftraceStacks(fixture('runqlat-json.ndjson')).size).toBe(0);
	});
});
