import {afterEach, describe, expect, it} from 'vitest';
import {cleanupApps, renderApp, sampleA} from './harness.js';

afterEach(cleanupApps);

describe('export', () => {
	it('e calls onExport and shows the folder in the status bar', async () => {
		const r = await renderApp({onExport: () => '/tmp/tracetop-2024-01-01'});
		await r.update(s => s.addSample('runq', 1000, sampleA(), 100));
		await r.until('p50 24us');
		expect(r.onExport.calls).toBe(0);
		await r.press('e');
		const frame = await r.until('exported to /tmp/tracetop-2024-01-01/');
		expect(r.onExport.calls).toBe(1);
		// The message is in the status bar, the last line, and the pane is still shown.
		expect(frame.trimEnd().split('\n').at(-1)).toContain('exported to /tmp/tracetop-2024-01-01/');
		expect(frame).toContain('p50 24us');
	});

	it('works while frozen', async () => {
		const r = await renderApp();
		await r.press(' ', 'e');
		const frame = await r.until('exported to /tmp/tracetop-export/');
		expect(frame).toContain('FROZEN');
		expect(r.onExport.calls).toBe(1);
	});

	it('shows "export failed" with the reason when onExport throws, and the app goes on', async () => {
		const r = await renderApp({
			onExport: () => {
				throw new Error('EACCES: permission denied');
			},
		});
		await r.press('e');
		const frame = await r.until('export failed: EACCES: permission denied');
		expect(frame).not.toContain('exported to');
		expect(r.onExport.calls).toBe(1);
		expect(r.onQuit.calls).toBe(0);
		await r.press('2');
		await r.until('Waiting for the first interval of stack samples');
	});

	it('reports a thrown non-Error too', async () => {
		const r = await renderApp({
			onExport: () => {
				throw 'disk full';
			},
		});
		await r.press('e');
		await r.until('export failed: disk full');
	});
});
