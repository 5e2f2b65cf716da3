import {afterEach, describe, expect, it} from 'vitest';
import {cleanupApps, renderApp, sampleA, sampleB} from './harness.js';

afterEach(cleanupApps);

/** The summary line of the run-queue pane. */
const summary = (frame: string): string => frame.split('\n').find(l => l.startsWith('p50 ')) ?? '';

// Sample A: p50 24us, max 30us. Sample B: p50 1.54ms, max 2.00ms.
const A = {p50: 'p50 24us', max: 'max 30us', label: '[16, 32)'};
const B = {p50: 'p50 1.54ms', max: 'max 2.00ms', label: '[1K, 2K)'};

describe('freeze', () => {
	it('Space freezes: FROZEN in the status bar and new samples do not change the numbers', async () => {
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 1000, sampleA(), 100));
		await r.until(A.p50);
		expect(r.frame()).not.toContain('FROZEN');

		await r.press(' ');
		const frozen = await r.until('FROZEN');
		expect(frozen).toContain('FROZEN 00:00:01 UTC');
		expect(frozen).toContain('Space resume');

		await r.update(s => s.addSample('runq', 2000, sampleB(), 100));
		const still = r.frame();
		expect(summary(still)).toContain(A.p50);
		expect(summary(still)).toContain(A.max);
		expect(still).toContain(A.label);
		expect(still).not.toContain(B.p50);
		expect(still).not.toContain(B.label);
		expect(still).toContain('p99 over 1 intervals');

		await r.press(' ');
		const live = await r.until(B.p50);
		expect(live).not.toContain('FROZEN');
		expect(summary(live)).toContain(B.max);
		expect(live).toContain(B.label);
		expect(live).toContain('p99 over 2 intervals');
		expect(live).toContain('Space freeze');
	});

	it('z toggles freeze too', async () => {
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 1000, sampleA(), 100));
		await r.until(A.p50);
		await r.press('z');
		await r.until('FROZEN');
		expect(r.store.getState().frozenAt).toBe(1000);
		await r.update(s => s.addSample('runq', 2000, sampleB(), 100));
		expect(summary(r.frame())).toContain(A.p50);
		await r.press('z');
		await r.until(B.p50);
		expect(r.frame()).not.toContain('FROZEN');
		expect(r.store.getState().frozenAt).toBeNull();
	});

	it('[ and ] step through the history (freezing first)', async () => {
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 1000, sampleA(), 100));
		await r.update(s => s.addSample('runq', 2000, sampleB(), 100));
		await r.until(B.p50);
		expect(r.frame()).not.toContain('FROZEN');

		await r.press('[');
		let frame = await r.until(A.p50);
		expect(frame).toContain('FROZEN 00:00:01 UTC');
		expect(summary(frame)).toContain(A.max);
		expect(frame).toContain(A.label);
		expect(frame).toContain('p99 over 1 intervals');

		// Already at the oldest sample: stays there.
		await r.press('[');
		expect(summary(r.frame())).toContain(A.p50);

		await r.press(']');
		frame = await r.until(B.p50);
		expect(frame).toContain('FROZEN 00:00:02 UTC');
		expect(summary(frame)).toContain(B.max);
		expect(frame).toContain(B.label);
		expect(frame).toContain('p99 over 2 intervals');

		// Stepping keeps the view frozen: a newer sample does not show up.
		await r.update(s => s.addSample('runq', 3000, sampleA(3000), 100));
		expect(summary(r.frame())).toContain(B.p50);

		// Newest of the ring is t=3000 now.
		await r.press(']');
		frame = await r.until(A.p50);
		expect(frame).toContain('FROZEN 00:00:03 UTC');

		await r.press(' ');
		frame = await r.waitFor(f => !f.includes('FROZEN'), 'resume');
		expect(frame).toContain('p99 over 3 intervals');
	});

	it('] on the newest sample freezes without moving', async () => {
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 1000, sampleA(), 100));
		await r.update(s => s.addSample('runq', 2000, sampleB(), 100));
		await r.until(B.p50);
		await r.press(']');
		const frame = await r.until('FROZEN 00:00:02 UTC');
		expect(summary(frame)).toContain(B.p50);
	});
});
