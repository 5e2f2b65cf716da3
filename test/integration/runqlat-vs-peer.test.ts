/**
 * The runqlat collector, run for real under load, against the bpftrace package's own
 * /usr/sbin/runqlat.bt run at the same time.
 */
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {expect, it} from 'vitest';
import {parseBpftraceLine} from '../../collectors/bpftrace-json.js';
import {histogramFromBuckets, modalBucket, type Histogram} from '../../source/models/log2-histogram.js';
import {mergeRunq, type RunqSample} from '../../source/models/runq.js';
import {startLiveSession, type Session} from '../../source/session.js';
import {allSamples} from '../../source/store/store.js';
import {runqPane} from '../../source/panes/runq.js';
import {startLoad} from '../support/load.js';
import {waitFor} from '../support/processes.js';
import {bpfMissing, describeWhen} from '../support/requirements.js';

const run = promisify(execFile);
const PEER = '/usr/sbin/runqlat.bt';

/**
 * The packaged script includes <linux/sched.h> for TASK_RUNNING, which fails on kernels
 * without matching headers; the copy only swaps in the constant (0).
 */
function peerScript(): string {
	const text = fs.readFileSync(PEER, 'utf8').replace(/^#include.*$/m, '').replace(/TASK_RUNNING/g, '0');
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-peer-')), 'runqlat.bt');
	fs.writeFileSync(file, text);
	return file;
}

/**
 * runqlat.bt prints its histogram when it exits on SIGINT; under a loaded test run that
 * can take seconds, so SIGKILL (-k) comes only long after.
 */
async function runPeer(seconds: number): Promise<{histogram: Histogram; seconds: number}> {
	const started = Date.now();
	const {stdout} = await run('timeout', ['-k', '15', '-s', 'INT', String(seconds), 'bpftrace', '-f', 'json', peerScript()], {maxBuffer: 64 << 20}).catch(
		(error: {stdout?: string}) => ({stdout: error.stdout ?? ''}),
	);
	let histogram: Histogram | undefined;
	for (const line of stdout.split('\n')) {
		const parsed = parseBpftraceLine(line);
		if (!parsed.ok) continue;
		for (const r of parsed.records) if (r.type === 'hist' && r.map === '@usecs') histogram = histogramFromBuckets(r.entries[0]?.value ?? []);
	}
	if (!histogram) throw new Error(`runqlat.bt printed no @usecs histogram: ${stdout.slice(0, 300)}`);
	// bpftrace attaches about half a second after start; count the time it traced.
	return {histogram, seconds: (Date.now() - started) / 1000 - 0.5};
}

/** bpftrace takes from half a second to several under load to start: wait for samples, not time. */
async function waitForSamples(session: Session, n: number): Promise<RunqSample[]> {
	const samples = await waitFor(() => {
		const got = allSamples<RunqSample>(session.store.getState(), 'runq');
		return got.length >= n && got;
	}, 30_000);
	if (!samples) throw new Error(`fewer than ${n} samples after 30 s`);
	return samples;
}

const bucketIndex = (min: number | null): number => (min === null || min <= 0 ? 0 : Math.floor(Math.log2(min)) + 1);

describeWhen(bpfMissing(), 'runqlat collector against /usr/sbin/runqlat.bt', () => {
	it('counts the same order of magnitude and finds the same modal bucket within one', async () => {
		expect(fs.existsSync(PEER), `${PEER} (from the bpftrace package)`).toBe(true);
		// Wakeup-driven load: both scripts count those waits alike. Under many spinners the
		// two differ by design: tracetop also counts preempted tasks (prev_state
		// TASK_REPORT_MAX), which runqlat.bt misses (see bench/runqlat-vs-peer.mjs).
		const load = startLoad(1, 6);
		try {
			const session = startLiveSession({panes: [runqPane], filters: {intervalSec: 1, pids: []}});
			const p = await runPeer(6);
			const samples = await waitForSamples(session, 3);
			await session.stop();
			const ours = mergeRunq(samples);
			const ourRate = ours.all.count / ours.durationSec;
			const peerRate = p.histogram.count / p.seconds;
			expect(ourRate / peerRate).toBeGreaterThan(0.1);
			expect(ourRate / peerRate).toBeLessThan(10);
			const ourMode = modalBucket(ours.all);
			const peerMode = modalBucket(p.histogram);
			expect(Math.abs(bucketIndex(ourMode!.min) - bucketIndex(peerMode!.min))).toBeLessThanOrEqual(1);
		} finally {
			load.stop();
		}
	}, 40_000);

	it('keeps only the given process with -p', async () => {
		const load = startLoad(3, 0);
		const sleeper = (await import('node:child_process')).spawn('sh', ['-c', 'while :; do sleep 0.005; done'], {stdio: 'ignore'});
		try {
			const all = startLiveSession({panes: [runqPane], filters: {intervalSec: 1, pids: []}});
			const one = startLiveSession({panes: [runqPane], filters: {intervalSec: 1, pids: [sleeper.pid!]}});
			const [allSamplesSeen, oneSamplesSeen] = await Promise.all([waitForSamples(all, 3), waitForSamples(one, 3)]);
			await Promise.all([all.stop(), one.stop()]);
			const allCount = mergeRunq(allSamplesSeen.slice(0, 3)).all.count;
			const oneCount = mergeRunq(oneSamplesSeen.slice(0, 3)).all.count;
			// The sleeper's shell wakes ~100 times a second; the whole machine far more often.
			expect(oneCount).toBeGreaterThan(0);
			expect(oneCount).toBeLessThan(allCount / 2);
		} finally {
			sleeper.kill('SIGKILL');
			load.stop();
		}
	}, 40_000);

	it('keeps only the given command name with -c', async () => {
		// The sleepers' `sleep` children wake from nanosleep: waits under the comm "sleep".
		const load = startLoad(2, 2);
		try {
			const all = startLiveSession({panes: [runqPane], filters: {intervalSec: 1, pids: []}});
			const sleeps = startLiveSession({panes: [runqPane], filters: {intervalSec: 1, pids: [], comm: 'sleep'}});
			const nothing = startLiveSession({panes: [runqPane], filters: {intervalSec: 1, pids: [], comm: 'no-such-comm'}});
			const [allSeen, sleepSeen, nothingSeen] = await Promise.all([all, sleeps, nothing].map(s => waitForSamples(s, 3)));
			await Promise.all([all.stop(), sleeps.stop(), nothing.stop()]);
			const allCount = mergeRunq(allSeen!.slice(0, 3)).all.count;
			const sleepCount = mergeRunq(sleepSeen!.slice(0, 3)).all.count;
			expect(sleepCount).toBeGreaterThan(0);
			expect(sleepCount).toBeLessThan(allCount);
			expect(mergeRunq(nothingSeen!).all.count).toBe(0);
		} finally {
			load.stop();
		}
	}, 40_000);
});
