/**
 * The block I/O pane with real bpftrace on this machine's disks: dd direct I/O of a known
 * size against /proc/diskstats, and a slow (throttled) device against the slow-I/O log.
 * One live session serves both tests (bpftrace takes seconds to start under load).
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {mergeBio, type BioSample} from '../../source/models/bio.js';
import {allDeviceRows, bioProcessRows, bioSlowRows} from '../../source/models/bio-rows.js';
import {bioPane} from '../../source/panes/bio.js';
import {startLiveSession, type Session} from '../../source/session.js';
import {allSamples} from '../../source/store/store.js';
import {diskCounts, diskOf, makeSlowDevice, slowDeviceMissing, type SlowDevice} from '../support/block-devices.js';
import {waitFor} from '../support/processes.js';
import {bpfMissing, describeWhen} from '../support/requirements.js';

const BLOCKS = 2000;
const BS = 4096;

let dir: string;
let session: Session;
let slow: SlowDevice | undefined;
const slowMissing = bpfMissing() ?? slowDeviceMissing();

const samples = (): BioSample[] => allSamples<BioSample>(session.store.getState(), 'bio');

/** Waits until `n` more samples than now have arrived; returns the new ones. */
async function nextSamples(n: number): Promise<BioSample[]> {
	const before = samples().length;
	const got = await waitFor(() => samples().length >= before + n && samples().slice(before), 30_000);
	if (!got) throw new Error(`fewer than ${n} block I/O samples in 30 s`);
	return got;
}

const dd = (args: string): void => void execFileSync('sh', ['-c', `dd ${args} status=none`]);

describeWhen(bpfMissing(), 'block I/O pane on the real disk', () => {
	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-bio-'));
		if (!slowMissing) slow = makeSlowDevice(dir, 5);
		session = startLiveSession({panes: [bioPane], filters: {intervalSec: 1, pids: []}});
		// The collector is attached once it has printed an interval.
		await nextSamples(1);
	}, 60_000);

	afterAll(async () => {
		await session?.stop();
		slow?.remove();
		fs.rmSync(dir, {recursive: true, force: true});
	});

	it('counts the reads and writes /proc/diskstats counts over the same intervals, and the bytes dd moved', async () => {
		const file = path.join(dir, 'data');
		const disk = diskOf(dir);
		// Right after an interval ends, so the window starts at an interval boundary.
		await nextSamples(1);
		const before = diskCounts(disk.name);
		const from = samples().length;
		dd(`if=/dev/zero of=${file} bs=${BS} count=${BLOCKS} oflag=direct`);
		dd(`if=${file} of=/dev/null bs=${BS} count=${BLOCKS} iflag=direct`);
		// The interval in which dd finished, and one more: every completion is in.
		await nextSamples(2);
		const after = diskCounts(disk.name);
		const window = mergeBio(samples().slice(from));
		const row = allDeviceRows(window, false).find(r => r.key === disk.key);
		expect(row, `a row for ${disk.name} (${disk.key})`).toBeDefined();
		const expected = {reads: after.reads - before.reads, writes: after.writes - before.writes};
		const got = {reads: row!.counts.read, writes: row!.counts.write};
		expect(expected.writes).toBeGreaterThanOrEqual(BLOCKS);
		expect(expected.reads).toBeGreaterThanOrEqual(BLOCKS);
		expect(Math.abs(got.writes - expected.writes), `writes ${JSON.stringify({got, expected})}`).toBeLessThanOrEqual(0.05 * expected.writes);
		expect(Math.abs(got.reads - expected.reads), `reads ${JSON.stringify({got, expected})}`).toBeLessThanOrEqual(0.05 * expected.reads);
		// dd's own I/O, by pid and comm at issue (counted at issue, so none is missed). The
		// filesystem can add a metadata block or two in dd's context (allocating the file).
		const ddRows = bioProcessRows(window, '', 1000).filter(r => r.comm === 'dd');
		const written = ddRows.reduce((n, r) => n + r.writeBytes, 0);
		const read = ddRows.reduce((n, r) => n + r.readBytes, 0);
		expect(written).toBeGreaterThanOrEqual(BLOCKS * BS);
		expect(written).toBeLessThanOrEqual(BLOCKS * BS + 65536);
		expect(read).toBeGreaterThanOrEqual(BLOCKS * BS);
		expect(read).toBeLessThanOrEqual(BLOCKS * BS + 65536);
	});

	it.skipIf(slowMissing !== undefined)(
		`puts I/O to a slow device in its latency bucket and in the slow-I/O log${slowMissing ? ` (skipped: ${slowMissing})` : ''}`,
		async () => {
			const from = samples().length;
			// 5 writes/s allowed on the backing disk: a 4 KiB write waits up to ~200 ms in the
			// loop device (blk-throttle lets a write through at the start of each slice).
			slow!.run(`dd if=/dev/zero of=${slow!.device} bs=4096 count=6 oflag=direct status=none`);
			await nextSamples(2);
			const window = mergeBio(samples().slice(from));
			const row = allDeviceRows(window, false).find(r => r.key === slow!.key);
			expect(row, `a row for ${slow!.device} (${slow!.key})`).toBeDefined();
			expect(row!.counts.write).toBe(6);
			const hist = JSON.stringify(row!.latency.buckets);
			// Most writes waited: in the buckets from [64K, 128K) µs up.
			const waited = row!.latency.buckets.filter(b => (b.min ?? 0) >= 65536).reduce((n, b) => n + b.count, 0);
			expect(waited, hist).toBeGreaterThanOrEqual(4);
			expect(row!.maxUs!).toBeGreaterThan(100_000);
			// Each of them is in the slow-I/O log (≥ 10 ms), in the bucket its latency belongs to.
			const logged = bioSlowRows(window, 10_000).filter(x => x.dev === slow!.key);
			expect(logged.length, hist).toBeGreaterThanOrEqual(waited);
			for (const x of logged) {
				expect(x).toMatchObject({direction: 'write', bytes: 4096, comm: 'dd'});
				const bucket = row!.latency.buckets.find(b => (b.min ?? 0) <= x.us && x.us <= (b.max ?? Infinity));
				expect(bucket?.count, `${x.us} us in ${hist}`).toBeGreaterThan(0);
			}
		},
	);
});
