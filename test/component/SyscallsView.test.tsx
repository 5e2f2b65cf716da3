import {afterEach, describe, expect, it} from 'vitest';
import type {BpfRecord} from '../../collectors/bpftrace-json.js';
import {accumulateSyscalls, beginSyscalls, finishSyscalls, type SyscallsSample} from '../../source/models/syscalls.js';
import {SyscallsView} from '../../tui/panes/SyscallsView.js';
import {dark} from '../../themes/theme.js';
import {fixtureLines, samplesFrom} from '../support/syscall-samples.js';
import {cleanupApps, KEY, renderApp, renderTree} from './harness.js';

afterEach(cleanupApps);

/** read (0) heaviest, futex (202) busiest and failing, umask (95) rare; two slow reads. */
function sample(t = 1000, readBucket = 1048576): SyscallsSample {
	const records: BpfRecord[] = [
		{
			type: 'hist',
			map: '@ns',
			entries: [
				{key: '0', value: [{min: readBucket, max: readBucket * 2 - 1, count: 10}]},
				{key: '202', value: [{min: 1024, max: 2047, count: 100}]},
				{key: '95', value: [{min: 512, max: 1023, count: 4}]},
			],
		},
		{type: 'map', map: '@max_ns', entries: [{key: '0', value: readBucket * 2 - 1}, {key: '202', value: 2000}, {key: '95', value: 900}]},
		{
			type: 'stats',
			map: '@proc',
			entries: [
				{key: '10,db,0', value: {count: 10, average: 1, total: 10 * readBucket}},
				{key: '10,db,202', value: {count: 40, average: 1500, total: 60_000}},
				{key: '20,web\u001b[31m,202', value: {count: 60, average: 1500, total: 90_000}},
				{key: '30,sh,95', value: {count: 4, average: 700, total: 2800}},
			],
		},
		{type: 'map', map: '@errno', entries: [{key: '202,11', value: 30}]},
		{type: 'printf', text: 'slow_threshold 10000000 100\n'},
		{type: 'printf', text: 'slow 0 12000000 -2 10 11 10:00:00.000001 db\n'},
		{type: 'printf', text: 'slow 0 15000000 5 10 12 10:00:00.500000 db\n'},
		{type: 'map', map: '@slow_calls', entries: [{key: '', value: 7}]},
	];
	return finishSyscalls(records.reduce(accumulateSyscalls, beginSyscalls()), t, {intervalSec: 1, host: {arch: 'x86_64'}, options: {}});
}

function view(s: SyscallsSample | undefined, extra: Partial<Parameters<typeof SyscallsView>[0]> = {}) {
	return (
		<SyscallsView
			sample={s}
			history={s ? [s] : []}
			width={120}
			height={30}
			theme={dark}
			filter=""
			sort={0}
			scroll={0}
			active
			toggles={{}}
			setScrollLimit={() => undefined}
			{...extra}
		/>
	);
}

/** The table's rows: a name, then the calls/s column. */
const tableRows = (frame: string): string[] => frame.split('\n').filter(l => /^(read|futex|umask) +[\d.]+k? /.test(l) && l.includes('%'));

const lineOf = (frame: string, start: RegExp): string => frame.split('\n').find(l => start.test(l)) ?? '';

describe('SyscallsView', () => {
	it('waits for the first interval', async () => {
		const r = await renderTree(view(undefined));
		expect(r.frame()).toContain('Waiting for the first interval of syscalls');
	});

	it('states the traced rate and what tracing costs', async () => {
		const r = await renderTree(view(sample()));
		expect(r.frame().split('\n')[0]).toMatch(/^114 syscalls\/s traced {2}tracing costs ~\S+ per call \(measured\) ≈ [\d.]+% of one CPU$/);
	});

	it('lists syscalls by total time with rates, errors, errno and latency, heaviest selected', async () => {
		const r = await renderTree(view(sample()));
		const frame = r.frame();
		expect(frame).toMatch(/SYSCALL +CALLS\/s +ERR\/s +ERRNO +TIME\/s +%WALL +AVG +P50 +P99 +MAX/);
		expect(tableRows(frame).map(l => l.split(' ')[0])).toEqual(['read', 'futex', 'umask']);
		expect(lineOf(frame, /^futex /)).toMatch(/^futex +100 +30 EAGAIN +150us +0\.01% +1\.5us +1\.5us +2\.0us +2\.0us$/);
		// The heaviest (read) is selected: its summary and histogram in bpftrace's layout below.
		expect(frame).toMatch(/^read 10 calls in 1s {2}avg 1\.05ms {2}p50 1\.57ms/m);
		expect(frame).toMatch(/^ +nsecs +count +distribution$/m);
		expect(frame).toMatch(/^\[1M, 2M\) +10 +\|@+\|$/m);
		expect(frame).toContain('p99 over 1 intervals');
	});

	it('shows the histogram of the row under the cursor, with a p99 sparkline over the history', async () => {
		// read stays the heaviest (above futex's 150 us) while its latency jumps in the middle interval.
		const history = [sample(1000, 65536), sample(2000, 1048576), sample(3000, 65536)];
		const r = await renderTree(view(history[2], {history, scroll: 1}));
		const frame = r.frame();
		expect(frame).toMatch(/^futex 100 calls in 1s/m);
		expect(frame).toMatch(/^\[1K, 2K\) +100 +\|@+\|$/m);
		const spark = lineOf(frame, /^p99 over 3 intervals/).trim().slice(-3);
		expect(spark).toHaveLength(3);
		// futex's p99 did not change; read's did (selected with scroll 0).
		expect(new Set(spark).size).toBe(1);
		await r.rerender(view(history[2], {history, scroll: 0}));
		const readSpark = lineOf(r.frame(), /^p99 over 3 intervals/).trim().slice(-3);
		expect(readSpark[1]).toBe('█');
		expect(readSpark[0]).not.toBe('█');
	});

	it('filters by name and cycles sorts through the model', async () => {
		const r = await renderTree(view(sample(), {filter: 'fut'}));
		expect(r.frame()).toContain('1 syscalls (g: by process)');
		await r.rerender(view(sample(), {sort: 1}));
		expect(tableRows(r.frame())[0]).toMatch(/^futex/);
		expect(r.frame()).toContain('sort calls');
	});

	it('groups by process with g, expands a process with Enter, and makes comm safe to print', async () => {
		const r = await renderTree(view(sample(), {toggles: {byProcess: true}}));
		let frame = r.frame();
		expect(frame).toMatch(/PROCESS +PID +CALLS\/s +TIME\/s +%WALL +AVG +TOP SYSCALL/);
		expect(lineOf(frame, /^▸ db /)).toMatch(/^▸ db +10 +50 +10\.5ms +1\.05% +211us read$/);
		// The escape byte in the comm never reaches the terminal as an escape.
		expect(r.lastFrame()).not.toContain('\u001b[31m');
		await r.press(KEY.enter);
		frame = r.frame();
		expect(lineOf(frame, /^▾ db /)).not.toBe('');
		expect(frame).toMatch(/^ {4}read +10 /m);
		expect(frame).toMatch(/^ {4}futex +40 /m);
	});

	it('says by process how many calls a full process map left out', async () => {
		const full = sample();
		const missing = {...full, calls: full.calls.map(c => (c.nr === 202 ? {...c, histogram: {...c.histogram, count: c.histogram.count + 1234}} : c))};
		expect((await renderTree(view(missing, {toggles: {byProcess: true}}))).frame()).toContain('1234 calls in no process: the process map was full');
		expect((await renderTree(view(full, {toggles: {byProcess: true}}))).frame()).not.toContain('in no process');
		expect((await renderTree(view(missing))).frame()).not.toContain('in no process');
	});

	it('shows the slow-call log in the lower half with l, newest first, with the dropped count', async () => {
		const r = await renderTree(view(sample(), {toggles: {slowLog: true}}));
		const frame = r.frame();
		expect(frame).toContain('slow calls ≥ 10.0ms: 2 logged in 1s, 5 more not logged (past the per-interval cap)');
		expect(frame).toMatch(/TIME +COMM +PID +TID +SYSCALL +DURATION +RET/);
		const rows = frame.split('\n').filter(l => l.startsWith('10:00:00'));
		expect(rows[0]).toMatch(/^10:00:00\.500000 db +10 +12 read +15\.0ms 5$/);
		expect(rows[1]).toMatch(/^10:00:00\.000001 db +10 +11 read +12\.0ms -ENOENT$/);
		expect(frame).not.toMatch(/^ +nsecs +count/m);
	});

	it('draws real recorded intervals within the given height', async () => {
		const samples = samplesFrom(fixtureLines('syscalls-all-json.ndjson'));
		for (const toggles of [{}, {slowLog: true}, {byProcess: true}] as Array<Record<string, boolean>>) {
			const r = await renderTree(view(samples[1], {history: samples.slice(0, 2), toggles, height: 24, width: 80}));
			const lines = r.frame().split('\n');
			expect(lines.length).toBeLessThanOrEqual(24);
			expect(lines.every(l => l.length <= 80)).toBe(true);
		}
	});
});

describe('Syscalls pane in the app', () => {
	it('+ and - ask the session to change the slow threshold and show its answer', async () => {
		const {syscallsPane} = await import('../../source/panes/syscalls.js');
		const {shellPanes} = await import('../support/shell-panes.js');
		const asked: Array<[string, string, number]> = [];
		const r = await renderApp({
			panes: [shellPanes[0]!, shellPanes[1]!, syscallsPane],
			initialPane: 2,
			adjustOption: (pane, option, factor) => {
				asked.push([pane, option, factor]);
				return `--slow ${factor > 1 ? 20 : 5}: restarting syscalls`;
			},
		});
		await r.update(s => s.addSample('syscalls', 1000, sample(), 100));
		await r.press('+');
		expect(r.frame()).toContain('--slow 20: restarting syscalls');
		await r.press('-');
		expect(asked).toEqual([
			['syscalls', 'slowMs', 2],
			['syscalls', 'slowMs', 0.5],
		]);
		await r.press('l');
		expect(r.frame()).toContain('slow calls ≥ 10.0ms');
	});
});
