/**
 * The figures each USE cell is derived from, computed from one sample's counts: shares of
 * time (0..1) and per-second rates. The matrix, the snapshot JSON and the text share them.
 */
import type {CpuTicks, DiskDelta, MemoryReading, NetDelta, PsiDelta, TcpDelta} from '../../collectors/samplers/use-readings.js';
import type {UseSample} from './use-sample.js';

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
const share = (part: number | null, whole: number): number | null => (part === null || !(whole > 0) ? null : clamp01(part / whole));
const rate = (n: number | null, sec: number): number | null => (n === null || !(sec > 0) ? null : n / sec);

export interface PsiFigures {
	some: number | null;
	full: number | null;
}

/** Stall µs over the interval's µs; the kernel's stall clock can run a little ahead, so clamped to 1. */
const psiFigures = (p: PsiDelta | null, sec: number): PsiFigures | null =>
	p === null ? null : {some: share(p.someUs, sec * 1e6), full: share(p.fullUs, sec * 1e6)};

export interface CpuFigures {
	/** Busy share: all but idle and iowait, as mpstat's 100 - %idle - %iowait. */
	utilization: number | null;
	user: number | null;
	system: number | null;
	iowait: number | null;
	steal: number | null;
	ticks: CpuTicks;
}

export function cpuFigures(ticks: CpuTicks): CpuFigures {
	const total = ticks.user + ticks.nice + ticks.system + ticks.idle + ticks.iowait + ticks.irq + ticks.softirq + ticks.steal;
	return {
		utilization: share(total - ticks.idle - ticks.iowait, total),
		user: share(ticks.user + ticks.nice, total),
		system: share(ticks.system + ticks.irq + ticks.softirq, total),
		iowait: share(ticks.iowait, total),
		steal: share(ticks.steal, total),
		ticks,
	};
}

export interface CpuSaturationFigures {
	psi: PsiFigures | null;
	/** Runnable tasks at the end of the interval (the sampler not counted). */
	runnable: number | null;
	cpus: number;
	/** Runnable tasks beyond the CPU count. */
	beyondCpus: number | null;
	runqP99Us: number | null;
}

export function cpuSaturation(s: UseSample): CpuSaturationFigures | null {
	if (!s.cpu) return null;
	const cpus = Object.keys(s.cpu.cpus).filter(k => k !== 'all').length;
	const runnable = s.cpu.runnable;
	return {
		psi: psiFigures(s.cpu.psi, s.cpu.elapsedSec),
		runnable,
		cpus,
		beyondCpus: runnable === null || cpus === 0 ? null : Math.max(0, runnable - cpus),
		runqP99Us: s.runqP99Us,
	};
}

export interface MemoryFigures {
	utilization: number | null;
	totalBytes: number | null;
	availableBytes: number | null;
	swapUsedBytes: number | null;
	psi: PsiFigures | null;
	swapInPagesPerSec: number | null;
	swapOutPagesPerSec: number | null;
	majorFaultsPerSec: number | null;
	directScanPagesPerSec: number | null;
	oomKills: number | null;
	oomKillsSinceBoot: number | null;
	lastOom: string | null;
	kernelLogReadable: boolean;
}

export function memoryFigures(m: MemoryReading): MemoryFigures {
	const sec = m.elapsedSec;
	const used = m.totalBytes !== null && m.availableBytes !== null ? Math.max(0, m.totalBytes - m.availableBytes) : null;
	return {
		utilization: m.totalBytes === null ? null : share(used, m.totalBytes),
		totalBytes: m.totalBytes,
		availableBytes: m.availableBytes,
		swapUsedBytes: m.swapTotalBytes !== null && m.swapFreeBytes !== null ? Math.max(0, m.swapTotalBytes - m.swapFreeBytes) : null,
		psi: psiFigures(m.psi, sec),
		swapInPagesPerSec: rate(m.swapInPages, sec),
		swapOutPagesPerSec: rate(m.swapOutPages, sec),
		majorFaultsPerSec: rate(m.majorFaults, sec),
		directScanPagesPerSec: rate(m.directScanPages, sec),
		oomKills: m.oomKills,
		oomKillsSinceBoot: m.oomKillsSinceBoot,
		lastOom: m.lastOom,
		kernelLogReadable: m.kernelLogReadable,
	};
}

export interface DiskFigures {
	/** Share of the interval with at least one request in flight (iostat %util). */
	utilization: number;
	/** Average requests in queue or service (iostat aqu-sz). */
	avgQueueSize: number;
	/** Host-wide PSI io, null where the kernel has none. */
	psi: PsiFigures | null;
	readsPerSec: number;
	writesPerSec: number;
	readBytesPerSec: number;
	writeBytesPerSec: number;
	/** Average time per request, queue and service (iostat r_await/w_await together). */
	awaitMs: number | null;
	inFlight: number;
	/** I/O errors in the interval; null where nothing counts them. */
	errors: number | null;
	/** What counted them. */
	errorSource: 'tracepoint' | 'ioerr_cnt' | null;
	virtual: boolean;
}

/** `blockErrors`: the blkerr collector's counts by device number, when it ran (it covers every driver). */
export function diskFigures(d: DiskDelta, sec: number, psi: PsiDelta | null, blockErrors: Readonly<Record<string, number>> | null = null): DiskFigures {
	const ms = sec * 1000;
	const requests = d.reads + d.writes;
	return {
		utilization: clamp01(d.ioTicksMs / ms),
		avgQueueSize: d.weightedMs / ms,
		psi: psiFigures(psi, sec),
		readsPerSec: d.reads / sec,
		writesPerSec: d.writes / sec,
		readBytesPerSec: (d.sectorsRead * 512) / sec,
		writeBytesPerSec: (d.sectorsWritten * 512) / sec,
		awaitMs: requests > 0 ? (d.readMs + d.writeMs) / requests : null,
		inFlight: d.inFlight,
		errors: blockErrors ? (blockErrors[`${d.major}:${d.minor}`] ?? 0) : d.errors,
		errorSource: blockErrors ? 'tracepoint' : d.errors === null ? null : 'ioerr_cnt',
		virtual: d.virtual,
	};
}

export interface NetFigures {
	/** The busier direction's share of the link speed; null where the speed is unknown. */
	utilization: number | null;
	rxBytesPerSec: number;
	txBytesPerSec: number;
	speedMbps: number | null;
	dropsPerSec: number;
	fifoPerSec: number;
	errorsPerSec: number;
	virtual: boolean;
}

export function netFigures(n: NetDelta, sec: number): NetFigures {
	const rx = n.rxBytes / sec;
	const tx = n.txBytes / sec;
	return {
		utilization: n.speedMbps === null ? null : clamp01((Math.max(rx, tx) * 8) / (n.speedMbps * 1e6)),
		rxBytesPerSec: rx,
		txBytesPerSec: tx,
		speedMbps: n.speedMbps,
		dropsPerSec: (n.rxDrops + n.txDrops) / sec,
		fifoPerSec: (n.rxFifo + n.txFifo) / sec,
		errorsPerSec: (n.rxErrors + n.txErrors + n.rxFrame + n.txCarrier + n.txCollisions) / sec,
		virtual: n.virtual,
	};
}

export interface TcpFigures {
	segmentsPerSec: number | null;
	retransPerSec: number | null;
	/** Retransmitted segments of those sent. */
	retransShare: number | null;
	listenDropsPerSec: number | null;
	errorsPerSec: number | null;
}

const plus = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a + b);

export function tcpFigures(t: TcpDelta, sec: number): TcpFigures {
	return {
		segmentsPerSec: rate(plus(t.InSegs, t.OutSegs), sec),
		retransPerSec: rate(t.RetransSegs, sec),
		retransShare: t.OutSegs === null || t.OutSegs === 0 ? (t.RetransSegs === null ? null : 0) : share(t.RetransSegs, t.OutSegs),
		// ListenDrops already counts overflows on current kernels; older ones count them apart, so the larger one.
		listenDropsPerSec: rate(t.ListenDrops === null || t.ListenOverflows === null ? null : Math.max(t.ListenDrops, t.ListenOverflows), sec),
		// InErrs includes the bad-checksum segments (InCsumErrors) already.
		errorsPerSec: rate(t.InErrs, sec),
	};
}
