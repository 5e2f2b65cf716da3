/**
 * No byte below 0x20 (other than the frame's own newlines and colour codes) and no DEL or
 * C1 control reaches the terminal from a hostile name: live (samples in the store, a
 * collector's stderr message) and in replay (a crafted recording through the pipeline).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {profilePane} from '../../source/panes/profile.js';
import {shellPanes as panes} from '../support/shell-panes.js';
import {startReplaySession} from '../../source/session.js';
import {cleanupApps, makeStore, renderApp, withColour} from './harness.js';
import {foreignControls, HOSTILE_SYMBOL, hostileProfileLine, OSC_TITLE} from '../support/hostile.js';
import {kernelFrame, stack, userFrame} from '../support/profile-stacks.js';

afterEach(cleanupApps);
withColour();

const raw = (r: {lastFrame(): string | undefined}) => r.lastFrame() ?? '';

function hostileStore() {
	const store = makeStore();
	const sample = {
		t: 1000,
		durationSec: 1,
		onCpu: [stack(OSC_TITLE, 42, [userFrame(HOSTILE_SYMBOL, `lib${OSC_TITLE}.so`), kernelFrame(`k${OSC_TITLE}`)], 10)],
		offCpu: [],
	};
	store.getState().addSample(profilePane.id, 1000, sample, 1);
	store.getState().setCollector('profile', {state: 'restarting', message: `ERROR: ${OSC_TITLE} \x1b[31mred\nsecond line`});
	return store;
}

/** Every view of the profile pane that draws names: table, by process, callers, flame graph. */
async function everyProfileView(r: Awaited<ReturnType<typeof renderApp>>): Promise<string[]> {
	const frames: string[] = [];
	await r.press('2');
	frames.push(raw(r));
	await r.press('g');
	frames.push(raw(r));
	await r.press('g', '\r');
	frames.push(raw(r));
	await r.press('\r', 'f');
	frames.push(raw(r));
	await r.press('\x1b[A', '\x1b[A');
	frames.push(raw(r));
	return frames;
}

describe('hostile names on screen', () => {
	it('live: process, function and module names and collector messages are drawn visibly, never raw', async () => {
		const r = await renderApp({store: hostileStore(), collectorsByPane: new Map([['profile', ['profile']]])});
		const frames = await everyProfileView(r);
		for (const frame of frames) expect(foreignControls(frame)).toEqual([]);
		expect(r.frame()).toContain('^[]2;PWNED^Gx');
		expect(frames.join('\n')).toContain('ERROR: ^[]2;PWNED^Gx ^[[31mred^Jsecond line');
	});

	it('replay: a crafted recording shows the same names visibly', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-hostile-'));
		const file = path.join(dir, 'crafted.jsonl');
		const header = {
			format: 'tracetop-recording',
			version: 1,
			host: `host${OSC_TITLE}`,
			kernel: `6.1\x1b[2J`,
			bpftraceVersion: '0.17.0',
			startTime: '2026-01-01T00:00:00.000Z',
			options: {intervalSec: 1, pids: []},
			collectors: [{id: 'profile', script: 'profile.bt', args: []}],
		};
		const lines = [
			JSON.stringify(header),
			JSON.stringify({t: 500, c: 'profile', line: hostileProfileLine(OSC_TITLE, HOSTILE_SYMBOL)}),
			JSON.stringify({t: 1000, c: 'profile', line: JSON.stringify({type: 'time', data: '00:00:01\n'})}),
		];
		fs.writeFileSync(file, lines.join('\n') + '\n');
		const session = await startReplaySession({panes, file, speed: Number.POSITIVE_INFINITY});
		await session.done;
		const r = await renderApp({store: session.store, collectorsByPane: session.collectorsByPane as never});
		const frames = [raw(r), ...(await everyProfileView(r))];
		for (const frame of frames) expect(foreignControls(frame)).toEqual([]);
		expect(frames[0]).toContain('host^[]2;PWNED^Gx');
		expect(frames.join('\n')).toContain('PWNED');
		fs.rmSync(dir, {recursive: true, force: true});
	});
});
