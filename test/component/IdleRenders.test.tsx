/**
 * Renders happen when data or input changes, never on a timer that changes nothing: an
 * idle live dashboard draws no frame, and one new sample draws one.
 */
import {afterEach, expect, it} from 'vitest';
import {createTracetopStore} from '../../source/store/store.js';
import {cleanupApps, renderApp, sampleA, sampleB, sleep} from './harness.js';

afterEach(cleanupApps);

it('draws no frame while nothing changes, and one per new sample', async () => {
	const store = createTracetopStore({host: 'testhost', kernel: '6.0', mode: 'live', intervalSec: 1, startedAt: 0});
	const r = await renderApp({store});
	await r.update(s => s.addSample('runq', 1000, sampleA(), 1));
	await r.until('p99');
	const framesBefore = r.frames.length;
	// Longer than any refresh period the header or a view could have (the old load timer was 2 s).
	await sleep(2500);
	expect(r.frames.length).toBe(framesBefore);
	await r.update(s => s.addSample('runq', 2000, sampleB(), 1));
	expect(r.frames.length).toBe(framesBefore + 1);
}, 15_000);
