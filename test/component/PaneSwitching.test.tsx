import {afterEach, describe, expect, it} from 'vitest';
import {shellPanes as panes} from '../support/shell-panes.js';
import {cleanupApps, KEY, renderApp, sampleA} from './harness.js';

afterEach(cleanupApps);

const WAITING = 'Waiting for the first interval of run-queue latency';

/** What each pane shows with no data: the run queue waits, the others are planned. */
/** What each pane shows before any data: built panes wait, planned ones say so. */
const placeholder = (i: number): string => {
	const p = panes[i]!;
	if (i === 0) return WAITING;
	return p.id === 'profile' ? 'Waiting for the first interval of stack samples' : `${p.title}: not built yet`;
};

describe('pane switching', () => {
	it('shows every pane title, numbered, in the tab bar', async () => {
		const r = await renderApp();
		const tabLine = r.frame().split('\n')[2]!;
		expect(tabLine).toContain(' 1 Run queue ');
		expect(tabLine).toContain(' 2 Profile ');
		expect(tabLine).toContain(' 3 Syscalls ');
		expect(tabLine).toContain(' 4 Block I/O ');
		// Ink trims the trailing space of the last tab.
		expect(tabLine).toMatch(/ 5 USE\s*$/);
		// In tab order.
		const at = panes.map(p => tabLine.indexOf(p.title));
		expect([...at].sort((a, b) => a - b)).toEqual(at);
	});

	it('starts on the Run queue pane', async () => {
		const r = await renderApp();
		expect(r.frame()).toContain(WAITING);
		expect(r.frame()).not.toContain('not built yet');
	});

	it('switches panes with the digits 1..5', async () => {
		const r = await renderApp();
		for (const i of [1, 2, 3, 4, 0, 3]) {
			await r.press(String(i + 1));
			const frame = await r.until(placeholder(i));
			for (let j = 0; j < panes.length; j++) if (j !== i) expect(frame).not.toContain(placeholder(j));
		}
	});

	it('shows the planned pane description', async () => {
		const r = await renderApp();
		await r.press('3');
		const frame = await r.until('Syscalls: not built yet');
		// The text wraps at the terminal width, so compare with whitespace folded.
		expect(frame.replace(/\s+/g, ' ')).toContain(`It will show ${panes[2]!.description}.`);
	});

	it('ignores digits with no pane behind them', async () => {
		const r = await renderApp();
		await r.press('3');
		await r.until('Syscalls: not built yet');
		await r.press('6', '9', '0');
		expect(r.frame()).toContain('Syscalls: not built yet');
	});

	it('cycles forward with Tab and wraps around', async () => {
		const r = await renderApp();
		for (const i of [1, 2, 3, 4, 0]) {
			await r.press(KEY.tab);
			await r.until(placeholder(i));
		}
	});

	it('cycles backward with Shift-Tab and wraps around', async () => {
		const r = await renderApp();
		for (const i of [4, 3, 2, 1, 0]) {
			await r.press(KEY.shiftTab);
			await r.until(placeholder(i));
		}
	});

	it('shows the run-queue data again after a round trip', async () => {
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 1000, sampleA(), 100));
		await r.until('p50 24us');
		await r.press('4');
		const away = await r.until('Block I/O: not built yet');
		expect(away).not.toContain('p50 24us');
		await r.press('1');
		await r.until('p50 24us');
	});

	it('reports the pane on screen through onPaneShown', async () => {
		const shown: string[] = [];
		// The callback returns nothing: App passes its result to useEffect as a clean-up.
		const r = await renderApp({
			onPaneShown: id => {
				shown.push(id);
			},
		});
		await r.press('3', KEY.tab, KEY.shiftTab, KEY.shiftTab);
		await r.until('Waiting for the first interval of stack samples');
		expect(shown).toEqual(['runq', 'syscalls', 'biolat', 'syscalls', 'profile']);
	});

	it('can start on another pane', async () => {
		const r = await renderApp({initialPane: 4});
		expect(r.frame()).toContain('USE: not built yet');
		await r.press(KEY.tab);
		await r.until(WAITING);
	});
});
