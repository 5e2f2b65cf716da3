/** The header's load and uptime come from the stream (the store), not from this machine. */
import {afterEach, describe, expect, it} from 'vitest';
import {cleanupApps, renderApp} from './harness.js';

afterEach(cleanupApps);

describe('Header', () => {
	it('shows no load until a load reading arrives, then the reading\'s load and uptime', async () => {
		const r = await renderApp();
		const second = () => r.frame().split('\n')[1]!;
		expect(second()).not.toContain('load');
		await r.update(s => s.setHost({load: {load: [12.5, 3, 0.25], uptimeSec: 2 * 86400 + 3 * 3600 + 60}}));
		expect(second()).toContain('up 2d 3h  load 12.50 3.00 0.25');
		await r.update(s => s.setHost({load: {load: [1, 2, 3], uptimeSec: 3 * 3600 + 5 * 60}}));
		expect(second()).toContain('up 3h 05m  load 1.00 2.00 3.00');
	});
});
