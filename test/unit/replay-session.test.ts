/**
 * Replay rebuilds panes and collectors from the recording's header, not from this
 * code's defaults, and carries sampler lines (host facts, load) like bpftrace's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {isBuilt} from '../../source/panes/pane.js';
import {panesFor} from '../../source/panes/registry.js';
import {RECORDING_FORMAT, RecordingError} from '../../source/recording/recording-format.js';
import {startReplaySession} from '../../source/session.js';
import {allSamples} from '../../source/store/store.js';
import {slowPane, testPane} from '../support/test-panes.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-replay-session-'));
afterAll(() => fs.rmSync(dir, {recursive: true, force: true}));

let n = 0;
function recording(header: Record<string, unknown>, lines: Array<{t: number; c: string; line: string}>): string {
	const file = path.join(dir, `r${n++}.jsonl`);
	const head = {format: RECORDING_FORMAT, version: 1, host: 'db-7', kernel: '6.1', startTime: '2026-11-26T14:20:00.000Z', ...header};
	fs.writeFileSync(file, [head, ...lines].map(l => JSON.stringify(l)).join('\n') + '\n');
	return file;
}

const time = (t: number, c: string) => ({t, c, line: '{"type":"time","data":"14:20:01\\n"}'});

describe('startReplaySession', () => {
	it('builds collectors from the options recorded in the header', async () => {
		const seen: Array<Record<string, number>> = [];
		const file = recording({options: {intervalSec: 2, pids: [], panes: {slow: {slowMs: 33}}}}, []);
		const session = await startReplaySession({panes: [slowPane(seen)], file, speed: Number.POSITIVE_INFINITY});
		await session.done;
		expect(seen).toEqual([{slowMs: 33}]);
		expect(session.store.getState().info.intervalSec).toBe(2);
	});

	it('uses the default for an option a recording made before the option existed lacks', async () => {
		const seen: Array<Record<string, number>> = [];
		const file = recording({options: {intervalSec: 1, pids: []}}, []);
		await (await startReplaySession({panes: [slowPane(seen)], file, speed: Number.POSITIVE_INFINITY})).done;
		expect(seen).toEqual([{slowMs: 10}]);
	});

	it('refuses an option value out of range, naming the file, line and option', async () => {
		const file = recording({options: {intervalSec: 1, pids: [], panes: {slow: {slowMs: -5}}}}, []);
		const error = await startReplaySession({panes: [slowPane()], file, speed: 1}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(RecordingError);
		expect((error as Error).message).toBe(`${file}:1: option --slow -5 (slow.slowMs): expected 0 to 60000`);
	});

	it('parses each collector\'s lines by the kind the header records, and keeps host facts and load', async () => {
		const use = testPane('use', {collectors: () => [{id: 'use', kind: 'sampler', sampler: 'use-cpu', onDemand: false, requires: []}]});
		const file = recording(
			{
				options: {intervalSec: 1, pids: []},
				collectors: [
					{id: 'host', kind: 'sampler', sampler: 'host-facts'},
					{id: 'load', kind: 'sampler', sampler: 'host-load'},
					{id: 'use', kind: 'sampler', sampler: 'use-cpu'},
				],
			},
			[
				{t: 5, c: 'host', line: '{"type":"hostfacts","data":{"arch":"aarch64","cpus":96,"blockDevices":{},"netInterfaces":{}}}'},
				{t: 6, c: 'load', line: '{"type":"load","data":{"load":[40,30,20],"uptimeSec":999}}'},
				{t: 500, c: 'use', line: '{"type":"use-cpu","data":{"util":0.9}}'},
				time(1000, 'use'),
			],
		);
		const session = await startReplaySession({panes: [use], file, speed: Number.POSITIVE_INFINITY});
		await session.done;
		const state = session.store.getState();
		expect(allSamples(state, 'use')).toEqual(['{"util":0.9}']);
		expect(state.hostFacts).toMatchObject({arch: 'aarch64', cpus: 96});
		expect(state.hostLoad).toEqual({load: [40, 30, 20], uptimeSec: 999});
	});

	it('shows every pane of panesFor the header when none are given', async () => {
		const file = recording({options: {intervalSec: 1, pids: []}}, []);
		const session = await startReplaySession({file, speed: Number.POSITIVE_INFINITY});
		await session.done;
		const expected = panesFor({panes: {}});
		expect(session.tabs).toEqual(expected);
		expect(session.panes).toEqual(expected.filter(isBuilt));
	});
});
