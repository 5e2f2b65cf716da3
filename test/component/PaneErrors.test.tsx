import {Text} from 'ink';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {Pane} from '../../source/panes/pane.js';
import type {PaneViewProps} from '../../tui/pane-view.js';
import {shellPanes as panes} from '../support/shell-panes.js';
import {cleanupApps, KEY, renderApp, sampleA} from './harness.js';

afterEach(cleanupApps);

const tabLine = (frame: string) => frame.split('\n')[2] ?? '';
const statusLine = (frame: string) => frame.trimEnd().split('\n').at(-1) ?? '';

describe('pane errors stay in their pane', () => {
	it('a pane error shows in the pane, with the tab bar and status bar still there', async () => {
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 1000, sampleA(), 100));
		await r.update(s => s.setPaneError('runq', 'boom'));
		const frame = r.frame();
		expect(frame).toContain('Run queue pane error: boom');
		expect(tabLine(frame)).toContain('1 Run queue  2 Profile');
		expect(statusLine(frame)).toContain('q quit');
		// The pane's data is still shown under the note.
		expect(frame).toContain('p50 24us');
		expect(frame.indexOf('pane error: boom')).toBeLessThan(frame.indexOf('p50 24us'));
		// The app still answers keys.
		await r.press('2');
		expect(r.frame()).toContain('Waiting for the first interval of stack samples');
		expect(r.frame()).not.toContain('pane error');
	});

	it('the note goes away when the error is cleared', async () => {
		const r = await renderApp();
		await r.update(s => s.setPaneError('runq', 'boom'));
		expect(r.frame()).toContain('Run queue pane error: boom');
		await r.update(s => s.setPaneError('runq', undefined));
		expect(r.frame()).not.toContain('pane error');
		expect(r.frame()).toContain('Waiting for the first interval');
	});

	it("another pane's error is not shown on this one", async () => {
		const r = await renderApp();
		await r.update(s => s.setPaneError('profile', 'not here'));
		expect(r.frame()).not.toContain('not here');
	});

	it("a collector's trouble message shows in its pane", async () => {
		const r = await renderApp();
		await r.update(s => s.setCollector('runqlat', {state: 'restarting', message: 'ERROR: tracepoint not found'}));
		const frame = r.frame();
		expect(frame).toContain('runqlat: ERROR: tracepoint not found');
		expect(frame).toContain('Waiting for the first interval');
		// The header marks the collector as restarting.
		expect(frame.split('\n')[1]).toContain('↻ runqlat');
		expect(tabLine(frame)).toContain('1 Run queue');
		expect(statusLine(frame)).toContain('q quit');
	});

	it('a running collector or one without a message shows no note', async () => {
		const r = await renderApp();
		await r.update(s => s.setCollector('runqlat', {state: 'running', message: 'Attaching 4 probes...'}));
		expect(r.frame()).not.toContain('Attaching');
		expect(r.frame().split('\n')[1]).toContain('● runqlat');
		await r.update(s => s.setCollector('runqlat', {state: 'stopped', message: undefined}));
		expect(r.frame()).not.toContain('runqlat:');
		await r.update(s => s.setCollector('runqlat', {state: 'restarting', message: 'bpftrace: command not found'}));
		expect(r.frame()).toContain('runqlat: bpftrace: command not found');
	});

	it('shows collector trouble and the pane error together, with the pane below', async () => {
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 1000, sampleA(), 100));
		await r.update(s => s.setCollector('runqlat', {state: 'restarting', message: 'ERROR: tracepoint not found'}));
		await r.update(s => s.setPaneError('runq', 'boom'));
		const frame = r.frame();
		const lines = frame.split('\n');
		expect(lines[3]).toBe('runqlat: ERROR: tracepoint not found');
		expect(lines[4]).toBe('Run queue pane error: boom');
		expect(lines[5]).toMatch(/^p50 24us/);
		// Still one row less than the terminal.
		expect(lines).toHaveLength(23);
		expect(statusLine(frame)).toContain('q quit');
	});

	it("only the pane's own collectors are reported", async () => {
		const r = await renderApp();
		await r.update(s => s.setCollector('biolatency', {state: 'restarting', message: 'no block devices'}));
		expect(r.frame()).not.toContain('no block devices');
	});
});

describe('a pane whose view throws', () => {
	let consoleError: ReturnType<typeof vi.spyOn>;
	beforeEach(() => {
		// React reports errors caught by a boundary on console.error.
		consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
	});
	afterEach(() => consoleError.mockRestore());

	const broken: Pane<string, null> = {
		id: 'broken',
		title: 'Broken',
		description: 'a view that always throws',
		snapshotKey: 'broken',
		sorts: [],
		keys: [],
		collectors: () => [],
		begin: () => null,
		accumulate: acc => acc,
		finish: () => 'sample',
		merge: samples => samples.at(-1) ?? 'sample',
		toJson: s => s,
		toText: s => s,
		weigh: () => 1,
	};
	const brokenView = {broken: async () => (_props: PaneViewProps<string>) => {
		throw new Error('kaboom');
	}};
	const withBroken = [panes[0]!, broken, ...panes.slice(1)];

	it('shows "<title> pane failed: …" and the app keeps working', async () => {
		const r = await renderApp({panes: withBroken, views: brokenView});
		expect(tabLine(r.frame())).toContain('2 Broken  3 Profile');
		await r.press('2');
		let frame = r.frame();
		expect(frame).toContain('Broken pane failed: kaboom');
		expect(tabLine(frame)).toContain('1 Run queue  2 Broken');
		expect(statusLine(frame)).toContain('q quit');

		await r.press('1');
		frame = r.frame();
		expect(frame).toContain('Waiting for the first interval');
		expect(frame).not.toContain('pane failed');

		await r.press('3');
		expect(r.frame()).toContain('Waiting for the first interval of stack samples');
		await r.press(KEY.shiftTab);
		expect(r.frame()).toContain('Broken pane failed: kaboom');

		// Global keys still work on the broken pane.
		await r.press('?');
		expect(r.frame()).toContain('tracetop keys');
		await r.press(KEY.escape, 'e');
		expect(r.frame()).toContain('exported to /tmp/tracetop-export/');
		await r.press('q');
		expect(r.onQuit.calls).toBe(1);
	});

	it('keeps the failure inside the pane when the app starts on it', async () => {
		const r = await renderApp({panes: withBroken, views: brokenView, initialPane: 1});
		const frame = r.frame();
		expect(frame).toContain('Broken pane failed: kaboom');
		expect(frame.split('\n')[0]).toContain('tracetop  testhost  6.0');
		await r.press(KEY.tab);
		expect(r.frame()).toContain('Waiting for the first interval of stack samples');
	});

	it('catches a view that throws only for some samples', async () => {
		const picky: Pane<string, null> = {
			...broken,
			id: 'picky',
			title: 'Picky',
		};
		const pickyView = async () => ({sample}: PaneViewProps<string>) => {
			if (sample === 'bad') throw new Error(`cannot draw ${sample}`);
			return <Text>{`sample ${sample ?? 'none'}`}</Text>;
		};
		const r = await renderApp({panes: [picky, ...panes], views: {picky: pickyView}});
		expect(r.frame()).toContain('sample none');
		await r.update(s => s.addSample('picky', 1000, 'good', 1));
		expect(r.frame()).toContain('sample good');
		await r.update(s => s.addSample('picky', 2000, 'bad', 1));
		expect(r.frame()).toContain('Picky pane failed: cannot draw bad');
		expect(statusLine(r.frame())).toContain('q quit');
		// Stepping back to the good sample and coming back to the pane draws it again.
		await r.press('[', '2', '1');
		expect(r.frame()).toContain('sample good');
		expect(r.frame()).not.toContain('pane failed');
	});
});
