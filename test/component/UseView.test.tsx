import {afterEach, describe, expect, it} from 'vitest';
import type {UseSample} from '../../source/models/use-sample.js';
import type {PaneViewProps} from '../../tui/pane-view.js';
import {UseView} from '../../tui/panes/UseView.js';
import {dark, mono} from '../../themes/theme.js';
import {disk, iface, ticks, useSample} from '../support/use-samples.js';
import {cleanupApps, KEY, renderTree, withColour} from './harness.js';

afterEach(cleanupApps);

function view(sample: UseSample | undefined, over: Partial<PaneViewProps<UseSample>> = {}) {
	return (
		<UseView
			sample={sample}
			history={sample ? [sample] : []}
			width={100}
			height={19}
			theme={mono}
			filter=""
			sort={0}
			scroll={0}
			active
			toggles={{}}
			setScrollLimit={() => undefined}
			{...over}
		/>
	);
}

const line = (frame: string, start: string): string => frame.split('\n').find(l => l.startsWith(start)) ?? '';
const busy = (t = 1000, user = 190) =>
	useSample(t, {cpu: {cpus: {all: ticks(user, 200 - user), 0: ticks(user / 2, 100 - user / 2), 1: ticks(user / 2, 100 - user / 2)}, runnable: 5, psi: {someUs: 500_000, fullUs: 0}}});

describe('UseView', () => {
	it('waits for two readings before it has rates', async () => {
		const r = await renderTree(view(undefined));
		expect(r.frame()).toContain('Waiting for the first two readings of /proc');
	});

	it('draws the matrix: one row per resource, U/S/E cells with marks readable without colour', async () => {
		const r = await renderTree(view(busy()));
		const f = r.frame();
		expect(f).toMatch(/^RESOURCE +UTILIZATION +SATURATION +ERRORS/m);
		expect(line(f, 'CPU')).toMatch(/^CPU +!!95% +.*!!50% psi +.*- n\/a/);
		expect(line(f, 'Memory')).toMatch(/^Memory + {3}25% +.* {2}0\.0% psi +.* {2}0 oom/);
		expect(line(f, 'vda')).toMatch(/^vda + {3}25% +.*aqu 0\.30/);
		expect(line(f, 'eth0')).toContain('0.8%');
		expect(line(f, 'TCP')).toContain('seg');
		expect(f).not.toMatch(/^lo /m);
		expect(f).toContain('2 virtual or idle devices folded (a: all)');
	});

	it('moves the cursor over cells with the arrows and shows the selected cell’s figures and jump', async () => {
		const r = await renderTree(view(busy()));
		expect(r.frame()).toMatch(/CPU utilization: busy 95%: user 95%/);
		expect(r.frame()).toContain('Enter → profile: where the CPU time goes');
		await r.press('\u001B[C');
		expect(r.frame()).toMatch(/CPU saturation: PSI some 50% full 0\.0%; runnable 5 on 2 CPUs \(3 beyond\)/);
		expect(r.frame()).toContain('Enter → runq: how long runnable threads wait');
		await r.press('\u001B[C', '\u001B[C');
		expect(r.frame()).toContain('CPU errors: no reliable CPU error counter');
		expect(r.frame()).toContain('no pane explains this cell yet');
		await r.press('\u001B[D', '\u001B[D', '\u001B[D');
		expect(r.frame()).toMatch(/CPU utilization:/);
	});

	it('selects the row given by the shell’s scroll position', async () => {
		const r = await renderTree(view(busy(), {scroll: 2}));
		expect(r.frame()).toMatch(/vda utilization: busy 25% \(io_ticks\)/);
		expect(r.frame()).toContain('Enter → bio (filter vda): latency of this disk’s requests');
	});

	it('tells the shell how far the cursor can go', async () => {
		let limit = -1;
		await renderTree(view(busy(), {setScrollLimit: n => (limit = n)}));
		expect(limit).toBe(4);
	});

	it('Enter jumps to the explaining pane with its filter and toggles', async () => {
		const calls: unknown[] = [];
		const r = await renderTree(view(busy(), {toggles: {perCpu: true}, scroll: 2, navigate: (pane, v) => calls.push([pane, v])}));
		await r.press('\u001B[C', KEY.enter);
		expect(calls).toEqual([['runq', {filter: 'cpu1', toggles: {perCpu: true}}]]);
	});

	it('does nothing on Enter for a cell no pane explains', async () => {
		const calls: unknown[] = [];
		const r = await renderTree(view(busy(), {scroll: 1, navigate: pane => calls.push(pane)}));
		await r.press(KEY.enter);
		expect(calls).toEqual([]);
	});

	it('shows one row per CPU with `c`, every device with `a`', async () => {
		const perCpu = await renderTree(view(busy(), {toggles: {perCpu: true}}));
		expect(line(perCpu.frame(), 'cpu0')).toMatch(/!!95%/);
		expect(line(perCpu.frame(), 'cpu1')).toMatch(/^cpu1 +!!95%/);
		const all = await renderTree(view(busy(), {toggles: {all: true}}));
		expect(line(all.frame(), 'lo ')).toMatch(/^lo +/);
		expect(line(all.frame(), 'loop0')).toMatch(/^loop0 +/);
		expect(all.frame()).not.toContain('folded');
	});

	it('filters rows by name and says when nothing matches', async () => {
		const r = await renderTree(view(busy(), {filter: 'vda'}));
		expect(r.frame()).toMatch(/^vda /m);
		expect(r.frame()).not.toMatch(/^CPU /m);
		const none = await renderTree(view(busy(), {filter: 'nvme'}));
		expect(none.frame()).toContain('no resource matches "nvme"');
	});

	it('draws a sparkline of each cell’s history, on a fixed scale for shares', async () => {
		const history = [10, 100, 190].map((u, i) => busy(1000 * (i + 1), u));
		const r = await renderTree(view(history[2], {history}));
		expect(line(r.frame(), 'CPU')).toMatch(/!!95% +▁▄█ /);
	});

	it('shows control characters in machine-provided names visibly (safeText)', async () => {
		const s = useSample(1000, {net: {elapsedSec: 1, interfaces: {'ev\u001b]0;x\u0007': iface()}, tcp: null, omitted: 0}, disk: {elapsedSec: 1, psi: null, disks: {vda: disk()}, omitted: 0}});
		const r = await renderTree(view(s, {toggles: {all: true}}));
		expect(r.lastFrame()).not.toContain('\u0007');
		expect(r.frame()).toMatch(/^ev\^\[\]0;x\^G /m);
	});

	it('fits 80 columns and the height it is given', async () => {
		const r = await renderTree(view(busy(), {width: 80, height: 8, toggles: {perCpu: true, all: true}}));
		const lines = r.frame().split('\n');
		expect(lines.length).toBeLessThanOrEqual(8);
		for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
		expect(r.frame()).toMatch(/rows 1-3 of 9/);
	});

});

describe('UseView styles', () => {
	withColour();

	it('puts the selected cell in inverse and bad cells in bold in the mono theme', async () => {
		const r = await renderTree(view(busy()));
		const raw = r.lastFrame() ?? '';
		// Inverse (7) on the first cell, bold (1) for its bad state; no colour codes in mono.
		expect(raw).toMatch(/\u001b\[7m[^\n]*!!95%/);
		expect(raw).toMatch(/\u001b\[1m[^\n]*!!50% psi/);
		expect(raw).not.toMatch(/\u001b\[3[0-9];|\u001b\[38;/);
	});

	it('uses the theme’s colours for states where it has them', async () => {
		const r = await renderTree(view(busy(), {theme: dark}));
		expect(r.lastFrame()).toMatch(/\u001b\[38;2;255;95;95m/);
	});
});
