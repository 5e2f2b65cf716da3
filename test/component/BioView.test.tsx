import {afterEach, describe, expect, it} from 'vitest';
import type {BioSample} from '../../source/models/bio.js';
import {mergeBio} from '../../source/models/bio.js';
import {BioView} from '../../tui/panes/BioView.js';
import {dark} from '../../themes/theme.js';
import {formatBytes} from '../../source/models/format-units.js';
import {bioSamples} from '../support/bio-samples.js';
import {cleanupApps, renderTree} from './harness.js';

afterEach(cleanupApps);

const dd = bioSamples('biolatency-json.ndjson');
/** The interval with dd's writes and reads in it. */
const busy = dd.reduce((a, b) => (b.series.reduce((n, s) => n + s.bytes, 0) > a.series.reduce((n, s) => n + s.bytes, 0) ? b : a));
const parts = mergeBio(bioSamples('biolatency-partitions-json.ndjson'));

function view(sample: BioSample | undefined, props: Partial<{toggles: Record<string, boolean>; filter: string; sort: number; scroll: number; width: number; height: number; history: BioSample[]}> = {}) {
	return (
		<BioView
			sample={sample}
			history={props.history ?? (sample ? [sample] : [])}
			width={props.width ?? 120}
			height={props.height ?? 40}
			theme={dark}
			filter={props.filter ?? ''}
			sort={props.sort ?? 0}
			scroll={props.scroll ?? 0}
			active
			toggles={props.toggles ?? {}}
			setScrollLimit={() => undefined}
		/>
	);
}

describe('BioView', () => {
	it('waits for the first interval', async () => {
		const r = await renderTree(view(undefined));
		expect(r.frame()).toContain('Waiting for the first interval of block I/O');
	});

	it('shows a row per disk with rates, throughput, latency, size and in-flight, and the selected disk’s histograms', async () => {
		const r = await renderTree(view(busy));
		const frame = r.frame();
		expect(frame).toMatch(/DEVICE +R\/S +W\/S +READ +WRITE +AVG +P50 +P99 +MAX +AVG SIZE +INFLIGHT/);
		// 300 x 16 KiB written in the interval: 4.7 MiB/s.
		expect(frame).toMatch(/^vda +\S+ +\d+ +[\d.]+ [KM]iB\/s +4\.7 MiB\/s /m);
		expect(frame).toContain('latency, ');
		expect(frame).toContain('sizes');
		expect(frame).toMatch(/\[16K, 32K\) +\d+ /);
		expect(frame).toContain('queue p50 ');
		expect(frame).toMatch(/^vda p99 over 1 intervals/m);
		expect(frame.split('\n').length).toBeLessThanOrEqual(40);
	});

	it('rolls partitions up by default and shows them apart with the partitions toggle', async () => {
		const r = await renderTree(view(parts, {sort: 3}));
		expect(r.frame()).toMatch(/^loop0 /m);
		expect(r.frame()).not.toMatch(/^loop0p1 /m);
		expect(r.frame()).toContain('disks (P: partitions apart)');
		await r.rerender(view(parts, {sort: 3, toggles: {partitions: true}}));
		const frame = r.frame();
		expect(frame).toContain('partitions apart (P: roll up)');
		// Rates over the seconds merged: 100 writes of 4 KiB to p1, 50 reads of 8 KiB from p2.
		const d = parts.durationSec;
		const rate = (n: number) => (n < 10 ? n.toFixed(1) : String(Math.round(n)));
		expect(frame).toMatch(new RegExp(`^loop0p1 +0 +${rate(100 / d)} +0 +${formatBytes(409600 / d)}/s `, 'm'));
		expect(frame).toMatch(new RegExp(`^loop0p2 +${rate(50 / d)} +0 +${formatBytes(409600 / d)}/s +0 `, 'm'));
		// A partition has no in-flight gauge of its own.
		expect(frame).toMatch(/^loop0p1 .* -$/m);
	});

	it('filters devices by name and says so when nothing matches', async () => {
		const r = await renderTree(view(parts, {filter: 'p2', toggles: {partitions: true}}));
		expect(r.frame()).toMatch(/^loop0p2 /m);
		expect(r.frame()).not.toMatch(/^vda /m);
		await r.rerender(view(parts, {filter: 'sdz'}));
		expect(r.frame()).toContain('No device matches "sdz".');
	});

	it('selects the device under the cursor for the detail', async () => {
		const r = await renderTree(view(parts, {sort: 3, scroll: 1, toggles: {partitions: true}}));
		expect(r.frame()).toMatch(/^loop0p1 p99 over/m);
	});

	it('g lists the processes, dd among them, with the writeback caveat', async () => {
		const r = await renderTree(view(busy, {toggles: {processes: true}}));
		const frame = r.frame();
		expect(frame).toContain('writeback shows as kernel threads');
		expect(frame).toMatch(/PID +COMM +DISKS +READS +WRITES +READ +WRITE +AVG/);
		expect(frame).toMatch(/^ +\d+ dd +vda +\d+ +\d+ /m);
	});

	it('l shows the slow-I/O log with the dropped count; + and - move the threshold, not below the collector’s', async () => {
		const r = await renderTree(view(busy, {toggles: {slowLog: true}}));
		let frame = r.frame();
		expect(frame).toMatch(/slow I\/Os ≥ 500us \(\+\/- threshold, collector logs ≥ 500us\): 5 shown, \d+ more not logged/);
		expect(frame).toMatch(/TIME +DEVICE +T +SECTOR +SIZE +LAT +QUEUE +PID +COMM/);
		expect(frame).toMatch(/^\d\d:\d\d:\d\d\.\d{6} vda +[RW] /m);
		await r.press('+');
		frame = r.frame();
		expect(frame).toContain('slow I/Os ≥ 1.00ms');
		await r.press('-', '-', '-');
		expect(r.frame()).toContain('slow I/Os ≥ 500us');
	});

	it('makes control characters in names and comms visible', async () => {
		const hostile: BioSample = {
			...busy,
			names: {...busy.names, '254:0': {name: 'vd\u001b]0;pwn\u0007', disk: 'vda'}},
			processes: busy.processes.map(p => ({...p, comm: 'x\u001b[2J'})),
		};
		const r = await renderTree(view(hostile));
		expect(r.frame()).not.toMatch(/\u001b\]0;/);
		expect(r.frame()).toContain('vd^[]0;pwn^G');
		await r.rerender(view(hostile, {toggles: {processes: true}}));
		expect(r.frame()).toContain('x^[[2J');
	});

	it('fits an 80x24 terminal', async () => {
		const r = await renderTree(view(busy, {width: 80, height: 20}));
		const lines = r.frame().split('\n');
		expect(lines.length).toBeLessThanOrEqual(20);
		for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
	});
});
