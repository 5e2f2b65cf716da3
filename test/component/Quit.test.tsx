import {afterEach, describe, expect, it} from 'vitest';
import {cleanupApps, KEY, renderApp} from './harness.js';

afterEach(cleanupApps);

describe('quit', () => {
	it('q calls onQuit', async () => {
		const r = await renderApp();
		expect(r.onQuit.calls).toBe(0);
		await r.press('q');
		expect(r.onQuit.calls).toBe(1);
	});

	it('Ctrl-C calls onQuit', async () => {
		const r = await renderApp();
		await r.press(KEY.ctrlC);
		expect(r.onQuit.calls).toBe(1);
	});

	it('q and Ctrl-C quit from any pane and from the help overlay', async () => {
		const r = await renderApp();
		await r.press('4', 'q');
		expect(r.onQuit.calls).toBe(1);
		await r.press('?');
		await r.until('tracetop keys');
		await r.press(KEY.ctrlC);
		expect(r.onQuit.calls).toBe(2);
	});

	it('q typed into the filter prompt is text, not quit', async () => {
		const r = await renderApp();
		await r.press('/', 'q');
		await r.until('/q█');
		expect(r.onQuit.calls).toBe(0);
	});

	it('other keys do not quit', async () => {
		const r = await renderApp();
		await r.press('x', 'Q', KEY.tab, ' ', ' ', 'c', KEY.escape);
		expect(r.onQuit.calls).toBe(0);
	});
});
