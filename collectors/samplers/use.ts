/**
 * use: the USE pane's sampler. Each interval it reads /proc/stat, /proc/pressure/*,
 * /proc/meminfo, /proc/vmstat, /proc/diskstats, /proc/net/{dev,snmp,netstat} and a few
 * /sys attributes (link speed, SCSI error counters), and emits what changed since the
 * previous reading; no privilege needed (the OOM message from /dev/kmsg needs root where
 * kernel.dmesg_restrict=1, and is simply absent otherwise).
 *
 *   {"type":"use-cpu","data":{"elapsedSec":1.001,"cpus":{"all":{"user":98,…},"0":{…}},"runnable":1,"blocked":0,"psi":{"someUs":12000,"fullUs":0}}}
 *   {"type":"use-memory","data":{"elapsedSec":1.001,"totalBytes":…,"availableBytes":…,"majorFaults":0,"oomKills":0,…}}
 *   {"type":"use-disk","data":{"elapsedSec":1.001,"psi":{…},"disks":{"vda":{"ioTicksMs":12,"weightedMs":30,…}},"omitted":0}}
 *   {"type":"use-net","data":{"elapsedSec":1.001,"interfaces":{"eth0":{"rxBytes":1500,…}},"tcp":{"RetransSegs":0,…},"omitted":0}}
 *
 * The first call only primes the counters (returns nothing): rates need two readings.
 */
import fs from 'node:fs';
import {kmsgOomWatcher, noKernelLog, type OomWatcher} from './kmsg-oom.js';
import {readBoundedOrUndefined} from '../../source/safety/bounded-read.js';
import {readingLine, type SamplerFactory} from './sampler.js';
import {useReadings, type UseSnapshot} from './use-readings.js';
import {emptySnapshotCache, readUseSnapshot, type SnapshotIo} from './use-snapshot.js';

/** /proc and /sys files are small: 1 MiB holds /proc/stat of thousands of CPUs. */
const MAX_FILE_BYTES = 1024 * 1024;

const systemIo: SnapshotIo = {
	read: file => readBoundedOrUndefined(file, MAX_FILE_BYTES),
	exists: file => fs.existsSync(file),
	nowMs: () => performance.now(),
};

/** The sampler with its side effects passed in, for tests (fixture trees, a fake clock, no kmsg). */
export function createUseSampler(options: {procRoot: string; sysRoot: string; io: SnapshotIo; oom: OomWatcher}) {
	const roots = {proc: options.procRoot, sys: options.sysRoot};
	const cache = emptySnapshotCache();
	let previous: UseSnapshot | undefined;
	return {
		read(): string[] {
			const reading = readUseSnapshot(options.io, roots, cache);
			const kills = reading.vmstat.get('oom_kill') ?? 0;
			// Look in the kernel log only when the OOM killer has run (since boot, then since the last reading).
			const wanted = previous === undefined ? kills > 0 : kills > (previous.vmstat.get('oom_kill') ?? 0);
			const current: UseSnapshot = {...reading, oom: {last: options.oom.poll(wanted), readable: options.oom.readable}};
			const readings = previous ? useReadings(previous, current) : undefined;
			previous = current;
			if (!readings) return [];
			return [
				readingLine('use-cpu', readings.cpu),
				readingLine('use-memory', readings.memory),
				readingLine('use-disk', readings.disk),
				readingLine('use-net', readings.net),
			];
		},
	};
}

export const useSampler: SamplerFactory = ctx =>
	createUseSampler({
		procRoot: ctx.procRoot ?? '/proc',
		sysRoot: ctx.sysRoot ?? '/sys',
		io: systemIo,
		// A fixture tree has no kernel log of its own.
		oom: ctx.procRoot === undefined ? kmsgOomWatcher() : noKernelLog,
	});
