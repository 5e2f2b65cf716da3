/**
 * The USE sampler's arithmetic, pure: two snapshots of cumulative counters → what
 * happened in between, as the JSON data of its four reading lines (use-cpu, use-memory,
 * use-disk, use-net). Values are counts during the interval (deltas) plus the interval's
 * real length, so a reducer derives rates and a merge over many intervals stays exact.
 *
 * A counter that went backwards (a 32-bit counter wrapped, an interface or disk was
 * re-created under the same name, a driver reset its statistics) gives no value for that
 * interval (null), never a negative or a guessed one. A device present in only one of the
 * two snapshots (hot-plugged, removed) is left out of that interval.
 */
import {CPU_STATES, type CpuTimes, type ProcStat} from '../procfs/proc-stat.js';
import type {DiskCounters} from '../procfs/diskstats.js';
import type {NetCounters} from '../procfs/net-dev.js';
import type {Pressure} from '../procfs/pressure.js';

/** One reading of everything the sampler reads. */
export interface UseSnapshot {
	/** Monotonic ms when the reading was taken. */
	atMs: number;
	stat: ProcStat;
	psi: {cpu?: Pressure; memory?: Pressure; io?: Pressure};
	/** /proc/meminfo in bytes. */
	meminfo: ReadonlyMap<string, number>;
	vmstat: ReadonlyMap<string, number>;
	/** Whole disks only (partitions' I/O is counted in their disk). */
	disks: ReadonlyMap<string, SnapshotDisk>;
	net: ReadonlyMap<string, SnapshotInterface>;
	/** Tcp from /proc/net/snmp and TcpExt from /proc/net/netstat. */
	tcp: ReadonlyMap<string, number>;
	oom: OomLog;
}

export type SnapshotDisk = DiskCounters & {virtual: boolean; errors: number | null};
export type SnapshotInterface = NetCounters & {virtual: boolean; speedMbps: number | null};

export interface OomLog {
	/** The newest OOM-killer message seen in the kernel log. */
	last: string | null;
	/** Whether the kernel log (/dev/kmsg) could be read at all. */
	readable: boolean;
}

/** Ticks (USER_HZ) per CPU state during the interval. */
export type CpuTicks = CpuTimes;

export interface PsiDelta {
	/** µs in which some tasks were stalled. */
	someUs: number | null;
	/** µs in which all non-idle tasks were stalled; null where the kernel has no `full`. */
	fullUs: number | null;
}

export interface CpuReading {
	elapsedSec: number;
	/** 'all' and each CPU number. */
	cpus: Record<string, CpuTicks | null>;
	/** Runnable tasks at the end of the interval, not counting the sampler itself. */
	runnable: number | null;
	blocked: number | null;
	psi: PsiDelta | null;
}

export interface MemoryReading {
	elapsedSec: number;
	totalBytes: number | null;
	availableBytes: number | null;
	swapTotalBytes: number | null;
	swapFreeBytes: number | null;
	psi: PsiDelta | null;
	swapInPages: number | null;
	swapOutPages: number | null;
	majorFaults: number | null;
	directScanPages: number | null;
	oomKills: number | null;
	oomKillsSinceBoot: number | null;
	lastOom: string | null;
	kernelLogReadable: boolean;
}

export interface DiskDelta {
	major: number;
	minor: number;
	virtual: boolean;
	reads: number;
	writes: number;
	sectorsRead: number;
	sectorsWritten: number;
	readMs: number;
	writeMs: number;
	ioTicksMs: number;
	weightedMs: number;
	/** Requests in flight at the end of the interval. */
	inFlight: number;
	/** SCSI ioerr_cnt delta; null where the disk has no such counter. */
	errors: number | null;
}

export interface DiskReading {
	elapsedSec: number;
	psi: PsiDelta | null;
	/** null: the disk's counters went backwards in this interval. */
	disks: Record<string, DiskDelta | null>;
	/** Devices left out by the line's bound. */
	omitted: number;
}

export interface NetDelta {
	virtual: boolean;
	speedMbps: number | null;
	rxBytes: number;
	txBytes: number;
	rxPackets: number;
	txPackets: number;
	rxErrors: number;
	txErrors: number;
	rxDrops: number;
	txDrops: number;
	rxFifo: number;
	txFifo: number;
	rxFrame: number;
	txCollisions: number;
	txCarrier: number;
}

export const TCP_COUNTERS = ['InSegs', 'OutSegs', 'RetransSegs', 'InErrs', 'InCsumErrors', 'ListenOverflows', 'ListenDrops'] as const;
export type TcpDelta = Record<(typeof TCP_COUNTERS)[number], number | null>;

export interface NetReading {
	elapsedSec: number;
	interfaces: Record<string, NetDelta | null>;
	tcp: TcpDelta | null;
	omitted: number;
}

export interface UseReadings {
	cpu: CpuReading;
	memory: MemoryReading;
	disk: DiskReading;
	net: NetReading;
}

/**
 * At most this many disks and interfaces per line: a container host can have thousands
 * of veth interfaces. Physical devices go first, then the busiest virtual ones.
 */
export const MAX_DEVICES = 256;

/** cur − prev, or null when either is unknown or the counter went backwards. */
export function counterDelta(prev: number | null | undefined, cur: number | null | undefined): number | null {
	if (prev === null || prev === undefined || cur === null || cur === undefined) return null;
	return cur >= prev ? cur - prev : null;
}

/**
 * CPU ticks per state. Unlike other counters a single state may step back a little
 * (iowait and idle on NO_HZ kernels are estimates the kernel revises): that state counts
 * as 0 for the interval, as sysstat does, rather than discarding the CPU.
 */
export function cpuTicks(prev: CpuTimes | undefined, cur: CpuTimes | undefined): CpuTicks | null {
	if (!prev || !cur) return null;
	return Object.fromEntries(CPU_STATES.map(s => [s, Math.max(0, cur[s] - prev[s])])) as unknown as CpuTicks;
}

function psiDelta(prev: Pressure | undefined, cur: Pressure | undefined): PsiDelta | null {
	if (!prev || !cur) return null;
	return {someUs: counterDelta(prev.some.totalUs, cur.some.totalUs), fullUs: counterDelta(prev.full?.totalUs, cur.full?.totalUs)};
}

function cpuReading(prev: UseSnapshot, cur: UseSnapshot, elapsedSec: number): CpuReading {
	const cpus: Record<string, CpuTicks | null> = {all: cpuTicks(prev.stat.total, cur.stat.total)};
	for (const [cpu, times] of cur.stat.perCpu) cpus[String(cpu)] = cpuTicks(prev.stat.perCpu.get(cpu), times);
	const running = cur.stat.procsRunning;
	return {
		elapsedSec,
		cpus,
		// nr_running counts the sampler's own thread, which is on a CPU while it reads.
		runnable: running === null ? null : Math.max(0, running - 1),
		blocked: cur.stat.procsBlocked,
		psi: psiDelta(prev.psi.cpu, cur.psi.cpu),
	};
}

function memoryReading(prev: UseSnapshot, cur: UseSnapshot, elapsedSec: number): MemoryReading {
	const vm = (key: string): number | null => counterDelta(prev.vmstat.get(key), cur.vmstat.get(key));
	// Direct reclaim: pages scanned by allocating tasks themselves (kswapd's scans are background).
	const directScanPages = cur.vmstat.has('pgscan_direct') ? vm('pgscan_direct') : null;
	return {
		elapsedSec,
		totalBytes: cur.meminfo.get('MemTotal') ?? null,
		availableBytes: cur.meminfo.get('MemAvailable') ?? null,
		swapTotalBytes: cur.meminfo.get('SwapTotal') ?? null,
		swapFreeBytes: cur.meminfo.get('SwapFree') ?? null,
		psi: psiDelta(prev.psi.memory, cur.psi.memory),
		swapInPages: vm('pswpin'),
		swapOutPages: vm('pswpout'),
		majorFaults: vm('pgmajfault'),
		directScanPages,
		oomKills: vm('oom_kill'),
		oomKillsSinceBoot: cur.vmstat.get('oom_kill') ?? null,
		lastOom: cur.oom.last,
		kernelLogReadable: cur.oom.readable,
	};
}

const DISK_COUNTERS = ['reads', 'writes', 'sectorsRead', 'sectorsWritten', 'readMs', 'writeMs', 'ioTicksMs', 'weightedMs'] as const;

function diskDelta(prev: SnapshotDisk, cur: SnapshotDisk): DiskDelta | null {
	// Another device under the same name (re-plugged): its counters started again.
	if (prev.major !== cur.major || prev.minor !== cur.minor) return null;
	const deltas = DISK_COUNTERS.map(k => counterDelta(prev[k], cur[k]));
	if (deltas.some(d => d === null)) return null;
	const [reads, writes, sectorsRead, sectorsWritten, readMs, writeMs, ioTicksMs, weightedMs] = deltas as number[];
	return {
		major: cur.major,
		minor: cur.minor,
		virtual: cur.virtual,
		reads: reads!,
		writes: writes!,
		sectorsRead: sectorsRead!,
		sectorsWritten: sectorsWritten!,
		readMs: readMs!,
		writeMs: writeMs!,
		ioTicksMs: ioTicksMs!,
		weightedMs: weightedMs!,
		inFlight: cur.inFlight,
		errors: counterDelta(prev.errors, cur.errors),
	};
}

const NET_COUNTERS = ['rxBytes', 'txBytes', 'rxPackets', 'txPackets', 'rxErrors', 'txErrors', 'rxDrops', 'txDrops', 'rxFifo', 'txFifo', 'rxFrame', 'txCollisions', 'txCarrier'] as const;

function netDelta(prev: SnapshotInterface, cur: SnapshotInterface): NetDelta | null {
	const deltas = NET_COUNTERS.map(k => counterDelta(prev[k], cur[k]));
	if (deltas.some(d => d === null)) return null;
	return {
		virtual: cur.virtual,
		speedMbps: cur.speedMbps,
		...(Object.fromEntries(NET_COUNTERS.map((k, i) => [k, deltas[i]!])) as Record<(typeof NET_COUNTERS)[number], number>),
	};
}

/** Physical devices first, then by activity; at most MAX_DEVICES, with the rest counted. */
function bounded<T>(entries: Array<[string, T]>, virtual: (v: T) => boolean, activity: (v: T) => number): {kept: Array<[string, T]>; omitted: number} {
	if (entries.length <= MAX_DEVICES) return {kept: entries, omitted: 0};
	const sorted = [...entries].sort(([, a], [, b]) => Number(virtual(a)) - Number(virtual(b)) || activity(b) - activity(a));
	return {kept: sorted.slice(0, MAX_DEVICES), omitted: entries.length - MAX_DEVICES};
}

function diskReading(prev: UseSnapshot, cur: UseSnapshot, elapsedSec: number): DiskReading {
	const entries: Array<[string, DiskDelta | null]> = [];
	for (const [name, disk] of cur.disks) {
		const before = prev.disks.get(name);
		if (before) entries.push([name, diskDelta(before, disk)]);
	}
	const {kept, omitted} = bounded(entries, d => d?.virtual ?? true, d => d?.ioTicksMs ?? 0);
	return {elapsedSec, psi: psiDelta(prev.psi.io, cur.psi.io), disks: Object.fromEntries(kept), omitted};
}

function netReading(prev: UseSnapshot, cur: UseSnapshot, elapsedSec: number): NetReading {
	const entries: Array<[string, NetDelta | null]> = [];
	for (const [name, counters] of cur.net) {
		const before = prev.net.get(name);
		if (before) entries.push([name, netDelta(before, counters)]);
	}
	const {kept, omitted} = bounded(entries, d => d?.virtual ?? true, d => (d ? d.rxBytes + d.txBytes : 0));
	const tcp =
		cur.tcp.size > 0
			? (Object.fromEntries(TCP_COUNTERS.map(k => [k, counterDelta(prev.tcp.get(k), cur.tcp.get(k))])) as TcpDelta)
			: null;
	return {elapsedSec, interfaces: Object.fromEntries(kept), tcp, omitted};
}

/** What happened between two snapshots; undefined when no time passed between them. */
export function useReadings(prev: UseSnapshot, cur: UseSnapshot): UseReadings | undefined {
	const elapsedSec = (cur.atMs - prev.atMs) / 1000;
	if (!(elapsedSec > 0)) return undefined;
	return {
		cpu: cpuReading(prev, cur, elapsedSec),
		memory: memoryReading(prev, cur, elapsedSec),
		disk: diskReading(prev, cur, elapsedSec),
		net: netReading(prev, cur, elapsedSec),
	};
}
