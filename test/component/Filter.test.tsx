import {afterEach, describe, expect, it} from 'vitest';
import type {Histogram} from '../../source/models/log2-histogram.js';
import {cleanupApps, hist, KEY, renderApp, runqSample, sampleB} from './harness.js';

afterEach(cleanupApps);

/** The last line: the status bar (or the filter prompt). */
const statusLine = (frame: string): string => frame.trimEnd().split('\n').at(-1) ?? '';

/** CPU numbers of the per-CPU table's rows, top to bottom. */
const cpuRows = (frame: string): number[] =>
	frame
		.split('\n')
		.map(l => /^\s+(\d+)\s+\d+\s+\S+\s+\S+\s+\S+\s+\S+$/.exec(l))
		.filter((m): m is RegExpExecArray => m !== null)
		.map(m => Number(m[1]));

/** Per-CPU view (`c`) of sample B: CPU 0 has 8 fast events, CPU 1 92 slow ones. */
async function perCpuApp() {
	const r = await renderApp();
	await r.update(s => s.addSample('runq', 2000, sampleB(), 100));
	await r.until('p50 1.54ms');
	await r.press('c');
	await r.until('per CPU (c: all CPUs)');
	return r;
}

describe('filter', () => {
	it('/ opens the prompt, typed text appears, Enter applies it', async () => {
		const r = await renderApp();
		expect(statusLine(r.frame())).toContain('q quit');
		await r.press('/');
		let frame = await r.until('Enter apply · Esc cancel');
		expect(statusLine(frame)).toMatch(/^\/█/);
		await r.press('c', 'p', 'u', '1');
		frame = await r.until('/cpu1█');
		expect(statusLine(frame)).toContain('/cpu1█  Enter apply · Esc cancel');
		await r.press(KEY.enter);
		frame = await r.until('filter: cpu1');
		expect(statusLine(frame)).toContain('filter: cpu1');
		expect(frame).not.toContain('Enter apply');
	});

	it('takes pasted text in one chunk, and Backspace and Ctrl-U edit it', async () => {
		const r = await renderApp();
		await r.press('/', 'cpu12');
		await r.until('/cpu12█');
		await r.press(KEY.backspace);
		await r.until('/cpu1█');
		await r.press('\u0015'); // Ctrl-U
		await r.until(/\/█ {2}Enter apply/);
		await r.press('x', KEY.enter);
		await r.until('filter: x');
	});

	it('Esc while editing cancels and keeps the filter that was applied', async () => {
		const r = await renderApp();
		await r.press('/', 'abc', KEY.escape);
		let frame = await r.waitFor(f => !f.includes('Enter apply'), 'prompt to close');
		expect(frame).not.toContain('filter:');
		expect(frame).toContain('q quit');

		await r.press('/', 'cpu1', KEY.enter);
		await r.until('filter: cpu1');
		// The prompt starts from the current filter; cancelling an edit keeps it.
		await r.press('/');
		await r.until('/cpu1█');
		await r.press('999', KEY.escape);
		frame = await r.waitFor(f => !f.includes('Enter apply'), 'prompt to close');
		expect(frame).toContain('filter: cpu1 ');
		expect(frame).not.toContain('cpu1999');
	});

	it('keys typed into the prompt are text, not commands', async () => {
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 2000, sampleB(), 100));
		await r.until('p50 1.54ms');
		await r.press('/', ' ', 'z', 'c', '2', 'h', 'e', 't', '[');
		await r.until('/ zc2het[█');
		expect(r.store.getState().frozenAt).toBeNull();
		expect(r.onExport.calls).toBe(0);
		const frame = r.frame();
		expect(frame).toContain('all CPUs, 2 CPUs'); // `c` did not reach the pane
		expect(frame).toContain('p50 1.54ms'); // `2` did not switch panes
		expect(frame).not.toContain('tracetop keys'); // `h` did not open the help
	});

	it('Esc outside the prompt clears the applied filter', async () => {
		const r = await renderApp();
		await r.press('/', 'cpu1', KEY.enter);
		await r.until('filter: cpu1');
		await r.press(KEY.escape);
		const frame = await r.waitFor(f => !f.includes('filter:'), 'filter to clear');
		expect(frame).toContain('q quit');
	});

	it('in the per-CPU view, "cpu1" leaves only CPU 1', async () => {
		const r = await perCpuApp();
		expect(cpuRows(r.frame())).toEqual([0, 1]);
		await r.press('/', 'cpu1', KEY.enter);
		const frame = await r.until('filter: cpu1');
		await r.waitFor(f => cpuRows(f).length === 1, 'one CPU row');
		expect(cpuRows(r.frame())).toEqual([1]);
		// CPU 1's own numbers: 92 events, p50 ≈ 1.54ms.
		expect(frame).toMatch(/^\s+1\s+92\s+1\.54ms/m);
		await r.press(KEY.escape);
		await r.waitFor(f => cpuRows(f).length === 2, 'both rows back');
	});

	it('matches case- and space-insensitively', async () => {
		const r = await perCpuApp();
		await r.press('/', 'CPU 0', KEY.enter);
		await r.until('filter: CPU 0');
		await r.waitFor(f => cpuRows(f).length === 1, 'one CPU row');
		expect(cpuRows(r.frame())).toEqual([0]);
	});

	it('is kept per pane', async () => {
		const r = await renderApp();
		await r.press('/', 'cpu1', KEY.enter);
		await r.until('filter: cpu1');
		await r.press('2');
		const other = await r.until('Waiting for the first interval of stack samples');
		expect(other).not.toContain('filter:');
		await r.press('1');
		await r.until('filter: cpu1');
	});
});

describe('sort', () => {
	it('s in the per-CPU view cycles cpu → p99 → count → cpu', async () => {
		// Three CPUs whose orders differ by cpu, p99 and count.
		const r = await renderApp();
		const perCpu: Array<[number, Histogram]> = [
			[0, hist(16, [50])], // most events, fast
			[1, hist(1024, [5])], // slowest
			[2, hist(128, [20])],
		];
		await r.update(s => s.addSample('runq', 1000, runqSample(1000, hist(16, [75]), perCpu, 2000), 100));
		await r.press('c');
		await r.until('per CPU (c: all CPUs)');
		expect(cpuRows(r.frame())).toEqual([0, 1, 2]);
		await r.press('s');
		await r.waitFor(f => cpuRows(f)[0] === 1, 'p99 order');
		expect(cpuRows(r.frame())).toEqual([1, 2, 0]);
		await r.press('s');
		await r.waitFor(f => cpuRows(f)[0] === 0 && cpuRows(f)[1] === 2, 'count order');
		expect(cpuRows(r.frame())).toEqual([0, 2, 1]);
		await r.press('s');
		await r.waitFor(f => cpuRows(f)[1] === 1, 'cpu order');
		expect(cpuRows(r.frame())).toEqual([0, 1, 2]);
	});

	it('sorting sample B by p99 puts the slow CPU 1 first', async () => {
		const r = await perCpuApp();
		await r.press('s');
		await r.waitFor(f => cpuRows(f)[0] === 1, 'p99 order');
		expect(cpuRows(r.frame())).toEqual([1, 0]);
	});

	it('s does nothing on a planned pane and does not disturb the run-queue sort', async () => {
		const r = await perCpuApp();
		await r.press('3');
		await r.until('Syscalls: not built yet');
		await r.press('s', 's', '1');
		// Back on the run-queue pane: still the per-CPU table, still sorted by CPU.
		await r.until('per CPU (c: all CPUs)');
		expect(cpuRows(r.frame())).toEqual([0, 1]);
	});
});

describe('scroll', () => {
	/** 40 CPUs: more than the 14 table rows a 24-row terminal leaves. */
	async function manyCpus() {
		const r = await renderApp();
		const perCpu: Array<[number, Histogram]> = [];
		for (let cpu = 0; cpu < 40; cpu++) perCpu.push([cpu, hist(16, [cpu + 1])]);
		await r.update(s => s.addSample('runq', 1000, runqSample(1000, hist(16, [820]), perCpu, 30), 100));
		await r.press('c');
		await r.until('rows 1-14 of 40');
		return r;
	}

	it('↓ ↑ PgDn PgUp End Home move the per-CPU table', async () => {
		const r = await manyCpus();
		expect(cpuRows(r.frame())[0]).toBe(0);
		await r.press(KEY.up); // already at the top
		expect(r.frame()).toContain('rows 1-14 of 40');
		await r.press(KEY.down);
		await r.until('rows 2-15 of 40');
		expect(cpuRows(r.frame())[0]).toBe(1);
		await r.press('\u001B[6~'); // PgDn
		await r.until('rows 12-25 of 40');
		await r.press(KEY.up);
		await r.until('rows 11-24 of 40');
		await r.press('\u001B[5~'); // PgUp
		await r.until('rows 1-14 of 40');
		await r.press('\u001B[F'); // End
		const end = await r.until('rows 27-40 of 40');
		expect(cpuRows(end)).toEqual(Array.from({length: 14}, (_, i) => 26 + i));
		await r.press('\u001B[H'); // Home
		await r.until('rows 1-14 of 40');
	});

	it('a new filter scrolls back to the top', async () => {
		const r = await manyCpus();
		await r.press('\u001B[6~', '\u001B[6~');
		await r.until('rows 21-34 of 40');
		// "cpu" matches every CPU: still 40 rows, but from the first.
		await r.press('/', 'cpu', KEY.enter);
		await r.until('filter: cpu');
		await r.until('rows 1-14 of 40');
	});
});
