/**
 * Behaviours that once broke: each test here failed before its fix.
 */
import {Text} from 'ink';
import {afterEach, describe, expect, it} from 'vitest';
import type {Pane} from '../../source/panes/pane.js';
import type {PaneViewProps} from '../../tui/pane-view.js';
import {shellPanes as panes} from '../support/shell-panes.js';
import {cleanupApps, hist, KEY, renderApp, runqSample, sampleB} from './harness.js';

afterEach(cleanupApps);

const cpuRows = (frame: string): number[] =>
	frame
		.split('\n')
		.filter(l => /^ +\d+ +\d+ /.test(l))
		.map(l => Number(l.trim().split(/ +/)[0]));

describe('regressions', () => {
	it('an onPaneShown that returns a value does not break pane switching', async () => {
		const shown: string[] = [];
		const r = await renderApp({onPaneShown: id => shown.push(id) as unknown as void});
		await r.press('3', '1', '3');
		expect(r.frame()).toContain('Syscalls: not built yet');
		expect(r.frame()).not.toContain('destroy');
	});

	it('Ctrl-C quits while the filter prompt is open', async () => {
		const r = await renderApp();
		await r.press('/', 'ab', KEY.ctrlC);
		expect(r.onQuit.calls).toBe(1);
	});

	it('keys that arrive in one burst all reach the prompt', async () => {
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 1000, sampleB(), 100));
		await r.press('c');
		// '/', the text and Enter in one chunk each, with no render in between.
		r.stdin.write('/');
		r.stdin.write('c');
		r.stdin.write('p');
		r.stdin.write('u');
		r.stdin.write('1');
		await r.press(KEY.enter);
		await r.until('filter: cpu1');
		expect(cpuRows(r.frame())).toEqual([1]);
	});

	it('↑ after End scrolls up at once', async () => {
		const cpus = Array.from({length: 40}, (_, i) => [i, hist(16, [i + 1])] as [number, ReturnType<typeof hist>]);
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 1000, runqSample(1000, hist(16, [820]), cpus, 30), 100));
		await r.press('c', '\u001B[F');
		await r.until('rows 27-40 of 40');
		await r.press(KEY.up);
		await r.until('rows 26-39 of 40');
		await r.press(KEY.down, KEY.down, KEY.down, KEY.up);
		await r.until('rows 26-39 of 40');
	});

	it('the per-CPU view survives the help overlay and a trip to another pane', async () => {
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 1000, sampleB(), 100));
		await r.press('c');
		await r.until('per CPU (c: all CPUs)');
		await r.press('?', KEY.escape);
		await r.until('per CPU (c: all CPUs)');
		await r.press('2', '1');
		await r.until('per CPU (c: all CPUs)');
	});

	it('a view that failed on one sample draws the next one', async () => {
		const picky: Pane<string, null> = {
			id: 'picky',
			title: 'Picky',
			description: 'fails on "bad"',
			snapshotKey: 'picky',
			sorts: [],
			keys: [],
			collectors: () => [],
			begin: () => null,
			accumulate: acc => acc,
			finish: () => 'x',
			merge: s => s.at(-1) ?? 'x',
			toJson: s => s,
			toText: s => s,
			weigh: () => 1,
		};
		const pickyView = async () => ({sample}: PaneViewProps<string>) => {
			if (sample === 'bad') throw new Error('cannot draw bad');
			return <Text>{`sample ${sample ?? 'none'}`}</Text>;
		};
		const r = await renderApp({panes: [picky, ...panes], views: {picky: pickyView}});
		await r.update(s => s.addSample('picky', 1000, 'bad', 1));
		await r.until('Picky pane failed: cannot draw bad');
		await r.update(s => s.addSample('picky', 2000, 'good', 1));
		await r.until('sample good');
	});
});
