/**
 * The syscall collector run for real: a program making a known mix of calls
 * (test/fixtures/programs/syscall-mix.c) traced by its pid; a program making a known
 * number of calls over several intervals (syscall-pace.c) counted system-wide on a busy
 * machine; and system-wide counts against /usr/sbin/syscount.bt run over the same calls.
 */
import {execFileSync, spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {expect, it} from 'vitest';
import {parseBpftraceLine} from '../../collectors/bpftrace-json.js';
import {syscallsPane} from '../../source/panes/syscalls.js';
import {mergeSyscalls, type SyscallsSample} from '../../source/models/syscalls.js';
import {slowRows} from '../../source/models/syscall-rows.js';
import {startLiveSession, type Session} from '../../source/session.js';
import {allSamples} from '../../source/store/store.js';
import {waitFor} from '../support/processes.js';
import {startLoad} from '../support/load.js';
import {bpfMissing, describeWhen, repoRoot} from '../support/requirements.js';

const PEER = '/usr/sbin/syscount.bt';
// x86_64 numbers; the test checks the names through the host-facts architecture too.
const NR = {umask: 95, fchdir: 81, nanosleep: 35};

function build(program: 'syscall-mix' | 'syscall-pace'): string {
	const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-mix-')), program);
	execFileSync('gcc', ['-O1', '-o', out, path.join(repoRoot, `test/fixtures/programs/${program}.c`)]);
	return out;
}
const buildMix = () => build('syscall-mix');

/** Started and waiting on stdin for "go", so its pid is known before it makes its calls. */
function startMix(binary: string, args: number[]): ChildProcessWithoutNullStreams {
	return spawn(binary, args.map(String));
}

/** Lets it go; resolves with what it printed once it printed "done". */
async function runMix(mix: ChildProcessWithoutNullStreams): Promise<string> {
	let out = '';
	const done = new Promise<string>((resolve, reject) => {
		mix.stdout.on('data', d => {
			out += d;
			if (out.includes('done')) resolve(out);
		});
		mix.once('exit', code => (code === 0 ? resolve(out) : reject(new Error(`${mix.spawnfile} exited with ${code}`))));
	});
	mix.stdin.write('go\n');
	return done;
}

/**
 * x86_64 leaves 335-423 unallocated (they return ENOSYS): a number no other process on
 * the machine calls, drawn per run so that two runs of these tests at once do not share it.
 */
const unusedSyscalls = (n: number): number[] => {
	const first = 335 + Math.floor(Math.random() * (89 - n + 1));
	return Array.from({length: n}, (_, i) => first + i);
};

const samplesOf = (session: Session): SyscallsSample[] => allSamples<SyscallsSample>(session.store.getState(), 'syscalls');

/** bpftrace takes from half a second to several under load to start: wait for samples, not time. */
async function waitForSamples(session: Session, n: number): Promise<SyscallsSample[]> {
	const samples = await waitFor(() => {
		const got = samplesOf(session);
		return got.length >= n && got;
	}, 30_000);
	if (!samples) throw new Error(`fewer than ${n} syscall samples after 30 s`);
	return samples;
}

/**
 * Every sample until the calls of `nrs` are over: some arrived, then two intervals with
 * none. Under load bpftrace prints intervals late, so the count of samples is no clock.
 */
async function samplesAfter(session: Session, ...nrs: number[]): Promise<SyscallsSample[]> {
	const made = (s: SyscallsSample) => s.calls.some(c => nrs.includes(c.nr) && c.histogram.count > 0);
	const samples = await waitFor(() => {
		const got = samplesOf(session);
		const first = got.findIndex(made);
		return first >= 0 && got.length >= first + 3 && !made(got.at(-1)!) && !made(got.at(-2)!) && got;
	}, 40_000);
	if (!samples) throw new Error(`calls of syscall ${nrs.join(', ')} did not end within 40 s`);
	return samples;
}

const x86 = os.machine() === 'x86_64';

describeWhen(bpfMissing() ?? (x86 ? undefined : 'syscall numbers in this test are x86_64'), 'syscall collector, live', () => {
	it('counts a traced pid exactly: calls, failures with errno, sleep latency bucket, slow calls', async () => {
		// 17 ms sleeps: above the 10 ms threshold, in the 2^24 ns bucket with 16 ms to spare for oversleeping.
		const mix = startMix(buildMix(), [5000, 7, 3, 17]);
		const session = startLiveSession({panes: [syscallsPane], filters: {intervalSec: 1, pids: [mix.pid!]}, paneOptions: {syscalls: {slowMs: 10}}});
		try {
			const before = (await waitForSamples(session, 1)).length;
			await runMix(mix);
			const samples = (await samplesAfter(session, NR.nanosleep)).slice(before - 1);
			const merged = mergeSyscalls(samples);
			const call = (nr: number) => merged.calls.find(c => c.nr === nr);
			expect(merged.arch).toBe('x86_64');
			expect(call(NR.umask)?.histogram.count).toBe(5000);
			expect(merged.processes.map(p => p.pid)).toEqual([mix.pid]);
			expect(merged.processes[0]!.bySyscall.find(s => s.nr === NR.umask)?.count).toBe(5000);
			expect(call(NR.fchdir)).toMatchObject({errors: 7, errnos: [[9, 7]]});
						// None shorter than asked; oversleeping under heavy load can reach the next buckets.
			const sleeps = call(NR.nanosleep)!.histogram;
			expect(sleeps.count).toBe(3);
			expect(sleeps.buckets.find(b => b.count > 0)).toEqual({min: 2 ** 24, max: 2 ** 25 - 1, count: expect.any(Number)});
			const slow = slowRows(merged).filter(r => r.name === 'nanosleep');
			expect(slow).toHaveLength(3);
			for (const r of slow) {
				expect(r).toMatchObject({pid: mix.pid, tid: mix.pid, comm: 'syscall-mix', result: '0'});
				expect(r.durationNs).toBeGreaterThanOrEqual(17_000_000);
				expect(r.durationNs).toBeLessThan(2 ** 27);
			}
			expect(merged.slowThresholdNs).toBe(10_000_000);
		} finally {
			mix.kill('SIGKILL');
			await session.stop();
		}
	}, 60_000);

	it('counts every call a program makes over several intervals, exactly, on a busy machine (2 spinners, 2 fork loops)', async () => {
		// The fork loops start ~1000 processes a second: @proc holds ~20,000 keys an interval,
		// and bpftrace takes most of an interval to print them (what lost calls before the halves).
		const [nr] = unusedSyscalls(1) as [number];
		const binary = build('syscall-pace');
		const load = startLoad(2, 0, 2);
		const session = startLiveSession({panes: [syscallsPane], filters: {intervalSec: 1, pids: []}});
		try {
			await waitForSamples(session, 1);
			const pace = startMix(binary, [nr, 4, 20]);
			const made = Number.parseInt(await runMix(pace), 10);
			expect(made, 'calls syscall-pace made').toBeGreaterThan(10_000);
			// Every sample: the number is made by nobody else, so no window to choose.
			const counted = mergeSyscalls(await samplesAfter(session, nr)).calls.find(c => c.nr === nr)?.histogram.count;
			expect(counted, `tracetop's count of syscall ${nr}`).toBe(made);
		} finally {
			load.stop();
			await session.stop();
		}
	}, 120_000);

	it('agrees exactly with /usr/sbin/syscount.bt on system-wide counts of calls nothing else makes', async () => {
		expect(fs.existsSync(PEER), `${PEER} (from the bpftrace package)`).toBe(true);
		const binary = build('syscall-pace');
		const session = startLiveSession({panes: [syscallsPane], filters: {intervalSec: 1, pids: []}});
		const peer = spawn('bpftrace', ['-f', 'json', PEER], {stdio: ['ignore', 'pipe', 'ignore']});
		let peerOut = '';
		peer.stdout.on('data', d => (peerOut += d));
		try {
			// syscount.bt says so in BEGIN, which bpftrace runs once every probe is attached.
			const peerReady = await waitFor(() => peerOut.includes('Counting syscalls'), 30_000);
			expect(peerReady, 'syscount.bt attached').toBe(true);
			await waitForSamples(session, 1);
			// Unallocated numbers (umask and fchdir are made by other programs too, and by other
			// runs of this test), 200 calls a millisecond for a second each: syscount.bt prints
			// only its top 10.
			const numbers = unusedSyscalls(2);
			const made = (await Promise.all(numbers.map(nr => runMix(startMix(binary, [nr, 1, 200]))))).map(out => Number.parseInt(out, 10));
			const ours = mergeSyscalls(await samplesAfter(session, ...numbers));
			const exited = new Promise(resolve => peer.once('exit', resolve));
			peer.kill('SIGINT');
			// syscount.bt prints its counts at exit: under load that can take many seconds.
			await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 40_000))]);
			let counts: Record<string, number> = {};
			for (const line of peerOut.split('\n')) {
				const parsed = parseBpftraceLine(line);
				if (!parsed.ok) continue;
				for (const r of parsed.records) if (r.type === 'map' && r.map === '@syscall') counts = Object.fromEntries(r.entries.map(e => [e.key, Number(e.value)]));
			}
			numbers.forEach((nr, i) => {
				const theirs = counts[String(nr)];
				const mine = ours.calls.find(c => c.nr === nr)?.histogram.count;
				expect(theirs, `syscount.bt count of ${nr} (in its top 10?)`).toBe(made[i]);
				expect(mine, `tracetop count of ${nr}`).toBe(theirs);
			});
		} finally {
			peer.kill('SIGKILL');
			await session.stop();
		}
	}, 120_000);
});
