import {afterEach, describe, expect, it} from 'vitest';
import {cleanupApps, renderApp} from './harness.js';

afterEach(cleanupApps);

const statusLine = (frame: string): string => frame.trimEnd().split('\n').at(-1) ?? '';

describe('status bar', () => {
	it('shows key hints and nothing about losses while there are none', async () => {
		const r = await renderApp();
		expect(statusLine(r.frame())).toContain('q quit');
		expect(statusLine(r.frame())).not.toMatch(/lost|unreadable|incomplete/);
	});

	it('adds up lost events and unreadable lines over all collectors', async () => {
		const r = await renderApp();
		await r.update(s => {
			s.setCollector('runqlat', {lostEvents: 12, malformedLines: 1});
			s.setCollector('other', {lostEvents: 30, malformedLines: 2});
		});
		const line = statusLine(r.frame());
		expect(line).toContain('lost 42 events');
		expect(line).toContain('3 unreadable lines');
	});

	it('adds up the intervals a collector printed too late to be sure they are complete', async () => {
		const r = await renderApp();
		await r.update(s => {
			s.setCollector('syscalls', {lateIntervals: 2});
			s.setCollector('runqlat', {lateIntervals: 1});
		});
		expect(statusLine(r.frame())).toContain('3 intervals incomplete');
	});

	it('shows what the session did for the user (tracefs mounted) beside the key hints', async () => {
		const r = await renderApp();
		await r.update(s => s.setNotice('tracefs was not mounted: mounted it at /sys/kernel/tracing'));
		const line = statusLine(r.frame());
		expect(line).toContain('tracefs was not mounted: mounted it at /sys/kernel/tracing');
		expect(line).toContain('q quit');
	});

	it('marks the end of a replayed recording', async () => {
		const r = await renderApp();
		await r.update(s => s.setEnded());
		expect(statusLine(r.frame())).toContain('END OF RECORDING');
	});
});
