/** The USE pane in the shell: key 5, and Enter on a cell opening the pane that explains it. */
import {afterEach, describe, expect, it} from 'vitest';
import type {AnyPane} from '../../source/panes/pane.js';
import {profilePane} from '../../source/panes/profile.js';
import {runqPane} from '../../source/panes/runq.js';
import {usePane} from '../../source/panes/use.js';
import {useSample} from '../support/use-samples.js';
import {cleanupApps, KEY, renderApp, sampleB} from './harness.js';

afterEach(cleanupApps);

const RIGHT = '\u001B[C';
const panes: readonly AnyPane[] = [
	runqPane,
	profilePane,
	{id: 'syscalls', title: 'Syscalls', description: 'syscalls', planned: true},
	{id: 'bio', title: 'Block I/O', description: 'block I/O latency', planned: true},
	usePane,
];

async function onUse() {
	const r = await renderApp({panes, collectorsByPane: new Map([['use', ['use']]])});
	await r.update(s => {
		s.addSample('use', 1000, useSample(), 100);
		s.addSample('runq', 1000, sampleB(), 100);
	});
	await r.press('5');
	await r.until(/^RESOURCE +UTILIZATION/m);
	return r;
}

describe('USE pane in the shell', () => {
	it('is key 5 and draws the matrix', async () => {
		const r = await onUse();
		expect(r.frame()).toMatch(/^CPU +/m);
		expect(r.frame()).toMatch(/^vda +/m);
	});

	it('Down moves the cursor to the next resource (the shell’s scroll)', async () => {
		const r = await onUse();
		await r.press(KEY.down, KEY.down);
		expect(r.frame()).toMatch(/vda utilization: busy 25%/);
	});

	it('Enter on CPU saturation of one CPU opens the run-queue pane’s per-CPU table filtered to it', async () => {
		const r = await onUse();
		await r.press('c');
		await r.press(KEY.down, KEY.down, RIGHT);
		expect(r.frame()).toContain('cpu1 saturation:');
		await r.press(KEY.enter);
		const frame = await r.until('per CPU (c: all CPUs)');
		expect(frame).toMatch(/^ +1 +92 /m);
		expect(frame).not.toMatch(/^ +0 +8 /m);
		expect(frame).toContain(' filter: cpu1 ');
	});

	it('Enter on a disk opens Block I/O (planned here) with the disk as its filter', async () => {
		const r = await onUse();
		await r.press(KEY.down, KEY.down, KEY.enter);
		const frame = await r.until('Block I/O: not built yet');
		expect(frame).toContain(' filter: vda ');
	});

	it('says so when the pane a cell names is not in the session', async () => {
		const r = await renderApp({panes: [runqPane, usePane], collectorsByPane: new Map([['use', ['use']]])});
		await r.update(s => s.addSample('use', 1000, useSample(), 100));
		await r.press('2');
		await r.until(/^RESOURCE/m);
		await r.press(KEY.down, KEY.down, KEY.enter);
		expect(await r.until('no bio pane in this session')).toMatch(/^RESOURCE/m);
	});
});
