/**
 * The dashboard draws its first frame before the collectors start: a session opened with
 * `deferStart` launches nothing until `start()`, and demand set before then (the first
 * frame shows a pane) is applied when they start.
 */
import {expect, it} from 'vitest';
import type {Launcher} from '../../collectors/launcher.js';
import {profilePane} from '../../source/panes/profile.js';
import {startLiveSession} from '../../source/session.js';

function recordingLauncher() {
	const launched: string[] = [];
	const launcher: Launcher = spec => {
		launched.push(spec.id);
		return {pid: undefined, stop: async () => undefined, kill: () => undefined};
	};
	return {launched, launcher};
}

it('launches no collector before start(), then the always-on ones and what was asked for', async () => {
	const {launched, launcher} = recordingLauncher();
	const session = startLiveSession({panes: [profilePane], filters: {intervalSec: 1, pids: []}, launcher, deferStart: true});
	session.setDemand('offcpu', true);
	await new Promise(resolve => setTimeout(resolve, 20));
	expect(launched).toEqual([]);
	await session.start();
	await session.start();
	expect([...launched].sort()).toEqual(['host', 'load', 'offcpu', 'profile']);
	await session.stop();
});

it('starts at once without deferStart (headless commands)', async () => {
	const {launched, launcher} = recordingLauncher();
	const session = startLiveSession({panes: [profilePane], filters: {intervalSec: 1, pids: []}, launcher});
	expect([...launched].sort()).toEqual(['host', 'load', 'profile']);
	await session.stop();
});
