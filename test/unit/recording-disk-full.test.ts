/**
 * The dashboard with --record on a disk that fills: recording stops and says why (the
 * header shows it), tracing goes on.
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import type {Launcher} from '../../collectors/launcher.js';
import {runqPane} from '../../source/panes/runq.js';
import {startLiveSession} from '../../source/session.js';
import {describeWhen, repoRoot} from '../support/requirements.js';

const fixture = fs.readFileSync(path.join(repoRoot, 'test/fixtures/bpftrace-0.17/runqlat-json.ndjson'), 'utf8').split('\n').filter(Boolean);

/** A collector that prints the fixture's intervals over and over, one line per tick. */
const looping: Launcher = (_spec, handlers) => {
	let i = 0;
	const timer = setInterval(() => handlers.line(fixture[i++ % fixture.length]!), 1);
	return {
		pid: 1,
		stop: async () => clearInterval(timer),
		kill: () => clearInterval(timer),
	};
};

describeWhen(process.getuid?.() === 0 ? undefined : 'not root (mounts a small tmpfs)', 'recording into a full disk from the dashboard', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-full-'));
	beforeAll(() => execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32k', 'tmpfs', dir]));
	afterAll(() => {
		execFileSync('umount', [dir]);
		fs.rmSync(dir, {recursive: true, force: true});
	});

	it('stops recording, says why, and goes on tracing', async () => {
		const session = startLiveSession({panes: [runqPane], filters: {intervalSec: 1, pids: []}, recordTo: path.join(dir, 'r.jsonl'), launcher: looping});
		const samplesNow = () => session.store.getState().history.runq?.entries.length ?? 0;
		const deadline = Date.now() + 10_000;
		while (!session.store.getState().recordingError && Date.now() < deadline) await new Promise(r => setTimeout(r, 10));
		expect(session.store.getState().recordingError).toMatch(/r\.jsonl: write failed after .* no space left on the device \(ENOSPC\)/);
		const before = samplesNow();
		await new Promise(r => setTimeout(r, 300));
		expect(samplesNow()).toBeGreaterThan(before);
		await session.stop();
	});
});
