import {afterEach, describe, expect, it} from 'vitest';
import {GLOBAL_KEYS} from '../../tui/HelpOverlay.js';
import {cleanupApps, KEY, renderApp, sampleA} from './harness.js';

afterEach(cleanupApps);

const WAITING = 'Waiting for the first interval';

/** A help row: the key column padded to 24, then its help text. */
const helpRow = (key: string, help: string) => `${key.padEnd(24)}${help}`;

describe('help overlay', () => {
	it('? opens it with every global key and the Run queue pane keys', async () => {
		const r = await renderApp();
		await r.press('?');
		const frame = await r.until('tracetop keys');
		for (const k of GLOBAL_KEYS) expect(frame).toContain(helpRow(k.key, k.help));
		expect(frame).toContain(helpRow('q Ctrl-C', 'quit'));
		expect(frame).toContain('Run queue pane');
		expect(frame).toContain(helpRow('c', 'all CPUs / per-CPU table'));
		// It replaces the pane but keeps the chrome.
		expect(frame).not.toContain(WAITING);
		expect(frame).toContain(' 1 Run queue ');
		expect(frame).toContain('q quit');
	});

	it('h opens it too, and h again closes it', async () => {
		const r = await renderApp();
		await r.press('h');
		await r.until('tracetop keys');
		await r.press('h');
		const frame = await r.until(WAITING);
		expect(frame).not.toContain('tracetop keys');
	});

	it('Esc closes it', async () => {
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 1000, sampleA(), 100));
		await r.press('?');
		await r.until('tracetop keys');
		await r.press(KEY.escape);
		const frame = await r.until('p50 24us');
		expect(frame).not.toContain('tracetop keys');
	});

	it('has no pane section for a planned pane', async () => {
		const r = await renderApp();
		await r.press('3', '?');
		const frame = await r.until('tracetop keys');
		expect(frame).not.toMatch(/(Syscalls|Profile|Run queue) pane/);
		expect(frame).not.toContain('per-CPU');
	});

	it('follows the active pane while open', async () => {
		const r = await renderApp();
		await r.press('3', '?');
		await r.until('tracetop keys');
		expect(r.frame()).not.toContain('Run queue pane');
		await r.press('1');
		await r.until('Run queue pane');
	});

	it('Esc never quits: not with the overlay, not without, not repeatedly', async () => {
		const r = await renderApp();
		await r.press('?');
		await r.until('tracetop keys');
		await r.press(KEY.escape, KEY.escape, KEY.escape);
		await r.until(WAITING);
		await r.press('2', KEY.escape);
		expect(r.onQuit.calls).toBe(0);
		// The app is still there and still answers keys.
		await r.press('1');
		await r.until(WAITING);
		expect(r.onQuit.calls).toBe(0);
	});
});
