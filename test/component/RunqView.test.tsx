import {afterEach, describe, expect, it} from 'vitest';
import {emptyHistogram, type Histogram} from '../../source/models/log2-histogram.js';
import type {RunqSample} from '../../source/models/runq.js';
import {RunqView} from '../../tui/panes/RunqView.js';
import {dark, mono} from '../../themes/theme.js';
import {cleanupApps, hist, renderApp, renderTree, runqSample, sampleA, sampleB} from './harness.js';

afterEach(cleanupApps);

const summary = (frame: string): string => frame.split('\n').find(l => l.startsWith('p50 ')) ?? '';

function view(sample: RunqSample | undefined, history: RunqSample[] = sample ? [sample] : [], height = 19) {
	return (
		<RunqView
			sample={sample}
			history={history}
			width={100}
			height={height}
			theme={dark}
			filter=""
			sort={0}
			scroll={0}
			active
			toggles={{}}
			setScrollLimit={() => undefined}
		/>
	);
}

describe('Run queue pane in the app', () => {
	it('waits for the first interval when there is no sample', async () => {
		const r = await renderApp();
		const frame = r.frame();
		expect(frame).toContain('Waiting for the first interval of run-queue latency');
		expect(frame).not.toContain('p50');
	});

	it('shows p50/p90/p99/max, the rate and the histogram of a sample', async () => {
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 1000, sampleA(), 100));
		const frame = r.frame();
		expect(frame).not.toContain('Waiting for the first interval');
		expect(summary(frame)).toMatch(/^p50 24us +p90 30us +p99 30us +max 30us +100 wakeups\/s$/);
		expect(frame).toContain('all CPUs, 2 CPUs (c: per CPU)');
		expect(frame).toMatch(/^ +usecs +count +distribution$/m);
		expect(frame).toMatch(/^\[16, 32\) +100 +\|@+\|$/m);
	});

	it('labels buckets as bpftrace does, with bars scaled to the largest', async () => {
		const r = await renderApp();
		// [8, 16) 10, [16, 32) 40, [32, 64) 0, [64, 128) 20, [128, 256) 5
		await r.update(s => s.addSample('runq', 1000, runqSample(1000, hist(8, [10, 40, 0, 20, 5]), [[0, hist(8, [75])]], 200), 100));
		const frame = r.frame();
		const bar = (label: string) => {
			const line = frame.split('\n').find(l => l.startsWith(label)) ?? '';
			return /\|(@*) *\|/.exec(line)?.[1]?.length ?? -1;
		};
		for (const label of ['[8, 16)', '[16, 32)', '[32, 64)', '[64, 128)', '[128, 256)']) expect(frame).toContain(label);
		expect(frame).toMatch(/^\[32, 64\) +0 +\| +\|$/m);
		expect(bar('[16, 32)')).toBeGreaterThan(60);
		expect(bar('[64, 128)')).toBe(Math.floor(bar('[16, 32)') / 2));
		expect(bar('[32, 64)')).toBe(0);
		// Ascending, as bpftrace prints them.
		expect(frame.indexOf('[8, 16)')).toBeLessThan(frame.indexOf('[128, 256)'));
	});

	it('c toggles the per-CPU table with one row per CPU', async () => {
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 2000, sampleB(), 100));
		await r.press('c');
		let frame = r.frame();
		expect(frame).toContain('per CPU (c: all CPUs)');
		expect(frame).toMatch(/CPU +COUNT +P50 +P90 +P99 +DISTRIBUTION/);
		expect(frame).toMatch(/^ +0 +8 +24us +30us +31us /m);
		expect(frame).toMatch(/^ +1 +92 +1\.54ms +1\.94ms +2\.04ms /m);
		expect(frame).not.toContain('[1K, 2K)');
		await r.press('c');
		frame = r.frame();
		expect(frame).toContain('all CPUs, 2 CPUs (c: per CPU)');
		expect(frame).toContain('[1K, 2K)');
		expect(frame).not.toMatch(/CPU +COUNT/);
	});

	it('counts the intervals of history in the sparkline label', async () => {
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 1000, sampleA(), 100));
		expect(r.frame()).toContain('p99 over 1 intervals');
		await r.update(s => s.addSample('runq', 2000, sampleB(), 100));
		await r.update(s => s.addSample('runq', 3000, sampleA(3000), 100));
		const line = r.frame().split('\n').find(l => l.startsWith('p99 over')) ?? '';
		expect(line).toMatch(/^p99 over 3 intervals +(\S{3})$/);
		// Low, high, low.
		const spark = line.trim().slice(-3);
		expect(spark[1]).toBe('█');
		expect(spark[0]).toBe(spark[2]);
		expect(spark[0]).not.toBe('█');
	});

	it('folds the lowest buckets into one row when they do not fit', async () => {
		const r = await renderApp();
		// 20 buckets from [1, 2) to [512K, 1M): more than the 15 rows a 24-row terminal leaves.
		const counts = Array.from({length: 20}, (_, i) => i + 1);
		await r.update(s => s.addSample('runq', 1000, runqSample(1000, hist(1, counts), [[0, hist(1, counts)]], null), 100));
		const frame = r.frame();
		const lines = frame.split('\n').filter(l => /^[[(]/.test(l));
		expect(lines).toHaveLength(15);
		// Buckets 1..6 ([1, 2) .. [32, 64)) folded: 1+2+…+6 = 21.
		expect(lines[0]).toMatch(/^\[1, 64\) +21 /);
		expect(lines.at(-1)).toMatch(/^\[512K, 1M\) +20 /);
		// The whole screen still fits 23 rows (24 minus one).
		expect(frame.split('\n')).toHaveLength(23);
	});
});

describe('RunqView on its own', () => {
	it('rates wakeups per second over the interval length', async () => {
		const s = {...sampleA(), durationSec: 4};
		const r = await renderTree(view(s));
		expect(summary(r.frame())).toContain('25 wakeups/s');
	});

	it('shows dashes for an interval without events and keeps its gap in the sparkline', async () => {
		const empty: RunqSample = runqSample(2000, emptyHistogram, [], null);
		const r = await renderTree(view(empty, [sampleA(), empty, sampleB(3000)]));
		const frame = r.frame();
		// The frame's sample is the empty one.
		expect(summary(frame)).toMatch(/^p50 - +p90 - +p99 - +max - +0 wakeups\/s$/);
		const line = frame.split('\n').find(l => l.startsWith('p99 over')) ?? '';
		expect(line).toMatch(/p99 over 3 intervals +\S \S$/);
	});

	it('shows the per-CPU table exactly when its perCpu toggle is on', async () => {
		const props = {sample: sampleB(), history: [sampleB()], width: 100, height: 19, theme: mono, filter: '', sort: 0, scroll: 0, active: true};
		const limits: number[] = [];
		const r = await renderTree(<RunqView {...props} toggles={{}} setScrollLimit={m => limits.push(m)} />);
		expect(r.frame()).toContain('all CPUs, 2 CPUs (c: per CPU)');
		await r.rerender(<RunqView {...props} toggles={{perCpu: true}} setScrollLimit={m => limits.push(m)} />);
		expect(r.frame()).toContain('per CPU (c: all CPUs)');
		// Two CPUs fit: nothing to scroll.
		expect(limits.at(-1)).toBe(0);
	});

	it('applies filter and sort props in the per-CPU table', async () => {
		const perCpu: Array<[number, Histogram]> = [
			[0, hist(16, [5])],
			[1, hist(1024, [3])],
			[10, hist(64, [9])],
		];
		const s = runqSample(1000, hist(16, [17]), perCpu, 2000);
		const props = {sample: s, history: [s], width: 100, height: 19, theme: mono, scroll: 0, active: true, toggles: {perCpu: true}, setScrollLimit: () => undefined};
		const r = await renderTree(<RunqView {...props} filter="" sort={0} />);
		const rows = () => r.frame().split('\n').filter(l => /^ +\d+ +\d+ /.test(l)).map(l => Number(l.trim().split(/ +/)[0]));
		expect(rows()).toEqual([0, 1, 10]);
		await r.rerender(<RunqView {...props} filter="cpu1" sort={0} />);
		expect(rows()).toEqual([1, 10]);
		await r.rerender(<RunqView {...props} filter="" sort={1} />);
		expect(rows()).toEqual([1, 10, 0]);
		await r.rerender(<RunqView {...props} filter="" sort={2} />);
		expect(rows()).toEqual([10, 0, 1]);
	});
});
