/** A pane whose collectors cannot start says once, in one line, what they need. */
import {afterEach, describe, expect, it} from 'vitest';
import {cleanupApps, renderApp} from './harness.js';

afterEach(cleanupApps);

describe('collectors that cannot start', () => {
	it('share one line per distinct message, naming the collectors', async () => {
		const r = await renderApp({collectorsByPane: new Map([['profile', ['profile', 'offcpu']]]), initialPane: 1});
		await r.update(s => {
			s.setCollector('profile', {state: 'stopped', message: 'needs root: run tracetop as root: sudo tracetop'});
			s.setCollector('offcpu', {state: 'stopped', message: 'needs root: run tracetop as root: sudo tracetop'});
		});
		const frame = r.frame();
		expect(frame).toContain('profile, offcpu: needs root: run tracetop as root: sudo tracetop');
		expect(frame.match(/needs root/g)).toHaveLength(1);
		await r.update(s => s.setCollector('offcpu', {state: 'restarting', message: 'ERROR: boom'}));
		expect(r.frame()).toContain('profile: needs root');
		expect(r.frame()).toContain('offcpu: ERROR: boom');
	});
});
