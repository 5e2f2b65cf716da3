/**
 * USE samples: the use sampler's readings (and the run-queue p99 when the runqlat
 * collector feeds the pane too) → one interval's sample, and a time range → one merged
 * sample. Readings come from recordings as well as from the live sampler, so every field
 * is validated here: what is not a finite non-negative number becomes null, unknown
 * fields are dropped and device maps are bounded.
 */
import type {CollectorRecord} from '../../collectors/collector-record.js';
import {CPU_STATES} from '../../collectors/procfs/proc-stat.js';
import {
	MAX_DEVICES,
	TCP_COUNTERS,
	type CpuReading,
	type CpuTicks,
	type DiskDelta,
	type DiskReading,
	type MemoryReading,
	type NetDelta,
	type NetReading,
	type PsiDelta,
	type TcpDelta,
} from '../../collectors/samplers/use-readings.js';
import type {Bucket} from '../../collectors/bpftrace-json.js';
import {emptyHistogram, histogramFromBuckets, summarize} from './log2-histogram.js';

export interface UseSample {
	/** End of the interval, ms since the session started. */
	t: number;
	/** Seconds the readings cover (the sampler's measured elapsed time). */
	durationSec: number;
	cpu: CpuReading | null;
	memory: MemoryReading | null;
	disk: DiskReading | null;
	net: NetReading | null;
	/** Run-queue latency p99 in µs (runqlat), when that collector runs; the worst interval's in a merge. */
	runqP99Us: number | null;
	/** The same per CPU number. */
	runqP99UsPerCpu: Readonly<Record<string, number | null>>;
	/**
	 * Failed block requests per disk device number ("8:0") from the block_rq_error
	 * tracepoint (blkerr collector); null when that collector did not report this interval.
	 */
	blockErrors: Readonly<Record<string, number>> | null;
}

export type UseAccumulator = Omit<UseSample, 't' | 'durationSec'>;

export const beginUse = (): UseAccumulator => ({cpu: null, memory: null, disk: null, net: null, runqP99Us: null, runqP99UsPerCpu: {}, blockErrors: null});

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
const counts = <K extends string>(o: Json, keys: readonly K[]): Record<K, number> | null => {
	const values = keys.map(k => count(o[k]));
	return values.every(v => v !== null) ? (Object.fromEntries(keys.map((k, i) => [k, values[i]!])) as Record<K, number>) : null;
};
/** Untrusted device maps: at most MAX_DEVICES entries, names as short strings. */
const entries = (v: unknown): Array<[string, unknown]> =>
	isObject(v) ? Object.entries(v).filter(([name]) => name.length > 0 && name.length <= 64).slice(0, MAX_DEVICES) : [];
const elapsed = (o: Json): number | null => {
	const e = count(o.elapsedSec);
	return e !== null && e > 0 ? e : null;
};

function psi(v: unknown): PsiDelta | null {
	if (!isObject(v)) return null;
	return {someUs: count(v.someUs), fullUs: count(v.fullUs)};
}

export function validCpu(data: unknown): CpuReading | null {
	if (!isObject(data) || elapsed(data) === null) return null;
	const cpus: Record<string, CpuTicks | null> = {};
	for (const [name, ticks] of entries(data.cpus)) {
		if (name === 'all' || /^\d{1,5}$/.test(name)) cpus[name] = isObject(ticks) ? counts(ticks, CPU_STATES) : null;
	}
	return {elapsedSec: elapsed(data)!, cpus, runnable: count(data.runnable), blocked: count(data.blocked), psi: psi(data.psi)};
}

export function validMemory(data: unknown): MemoryReading | null {
	if (!isObject(data) || elapsed(data) === null) return null;
	return {
		elapsedSec: elapsed(data)!,
		totalBytes: count(data.totalBytes),
		availableBytes: count(data.availableBytes),
		swapTotalBytes: count(data.swapTotalBytes),
		swapFreeBytes: count(data.swapFreeBytes),
		psi: psi(data.psi),
		swapInPages: count(data.swapInPages),
		swapOutPages: count(data.swapOutPages),
		majorFaults: count(data.majorFaults),
		directScanPages: count(data.directScanPages),
		oomKills: count(data.oomKills),
		oomKillsSinceBoot: count(data.oomKillsSinceBoot),
		lastOom: typeof data.lastOom === 'string' ? data.lastOom.slice(0, 200) : null,
		kernelLogReadable: data.kernelLogReadable === true,
	};
}

const DISK_FIELDS = ['major', 'minor', 'reads', 'writes', 'sectorsRead', 'sectorsWritten', 'readMs', 'writeMs', 'ioTicksMs', 'weightedMs', 'inFlight'] as const;

export function validDisk(data: unknown): DiskReading | null {
	if (!isObject(data) || elapsed(data) === null) return null;
	const disks: Record<string, DiskDelta | null> = {};
	for (const [name, d] of entries(data.disks)) {
		const fields = isObject(d) ? counts(d, DISK_FIELDS) : null;
		disks[name] = fields && isObject(d) ? {...fields, virtual: d.virtual === true, errors: count(d.errors)} : null;
	}
	return {elapsedSec: elapsed(data)!, psi: psi(data.psi), disks, omitted: count(data.omitted) ?? 0};
}

const NET_FIELDS = ['rxBytes', 'txBytes', 'rxPackets', 'txPackets', 'rxErrors', 'txErrors', 'rxDrops', 'txDrops', 'rxFifo', 'txFifo', 'rxFrame', 'txCollisions', 'txCarrier'] as const;

export function validNet(data: unknown): NetReading | null {
	if (!isObject(data) || elapsed(data) === null) return null;
	const interfaces: Record<string, NetDelta | null> = {};
	for (const [name, n] of entries(data.interfaces)) {
		const fields = isObject(n) ? counts(n, NET_FIELDS) : null;
		const speed = isObject(n) ? count(n.speedMbps) : null;
		interfaces[name] = fields && isObject(n) ? {...fields, virtual: n.virtual === true, speedMbps: speed !== null && speed > 0 ? speed : null} : null;
	}
	const tcp = isObject(data.tcp) ? (Object.fromEntries(TCP_COUNTERS.map(k => [k, count((data.tcp as Json)[k])])) as TcpDelta) : null;
	return {elapsedSec: elapsed(data)!, interfaces, tcp, omitted: count(data.omitted) ?? 0};
}

const p99 = (buckets: readonly Bucket[]): number | null => summarize(buckets.length > 0 ? histogramFromBuckets(buckets) : emptyHistogram).p99;

/** The collector id of collectors/blkerr.bt. */
export const BLKERR_COLLECTOR = 'blkerr';

export function accumulateUse(acc: UseAccumulator, record: CollectorRecord, collectorId = ''): UseAccumulator {
	if (record.type === 'reading') {
		switch (record.kind) {
			case 'use-cpu':
				return {...acc, cpu: validCpu(record.data)};
			case 'use-memory':
				return {...acc, memory: validMemory(record.data)};
			case 'use-disk':
				return {...acc, disk: validDisk(record.data)};
			case 'use-net':
				return {...acc, net: validNet(record.data)};
			default:
				return acc;
		}
	}
	// The run-queue collector's histograms, when it feeds this pane as well.
	if (record.type === 'hist' && record.map === '@usecs') {
		return {...acc, runqP99Us: p99(record.entries.find(e => e.key === '')?.value ?? [])};
	}
	if (record.type === 'map' && record.map === '@errors') {
		const errors: Record<string, number> = {...acc.blockErrors};
		for (const {key, value} of record.entries.slice(0, MAX_DEVICES)) {
			const dev = /^(\d{1,4}),(\d{1,7})$/.exec(key);
			const n = count(value);
			if (dev && n !== null) errors[`${dev[1]}:${dev[2]}`] = n;
		}
		return {...acc, blockErrors: errors};
	}
	// blkerr's interval ended: no @errors line before it means no errors, not no collector.
	if (record.type === 'time' && collectorId === BLKERR_COLLECTOR) return {...acc, blockErrors: acc.blockErrors ?? {}};
	if (record.type === 'hist' && record.map === '@usecs_cpu') {
		const perCpu = record.entries.filter(e => /^\d{1,5}$/.test(e.key)).slice(0, MAX_DEVICES);
		return {...acc, runqP99UsPerCpu: Object.fromEntries(perCpu.map(e => [e.key, p99(e.value)]))};
	}
	return acc;
}

export function finishUse(acc: UseAccumulator, t: number): UseSample {
	const durationSec = acc.cpu?.elapsedSec ?? acc.memory?.elapsedSec ?? acc.disk?.elapsedSec ?? acc.net?.elapsedSec ?? 0;
	return {...acc, t, durationSec};
}

// Merging: counts add up, gauges (memory in use, runnable tasks, requests in flight, link
// speed) are the newest interval's, and a value unknown in any interval is unknown overall.

const sum = (values: ReadonlyArray<number | null>): number | null =>
	values.some(v => v === null) ? null : values.reduce<number>((a, v) => a + v!, 0);

function mergeRecords<T extends object>(records: ReadonlyArray<Record<string, T | null>>, mergeOne: (items: T[]) => T): Record<string, T | null> {
	const names = new Set(records.flatMap(r => Object.keys(r)));
	const merged: Record<string, T | null> = {};
	for (const name of names) {
		const items = records.map(r => r[name]);
		// A device present in only part of the range, or reset in it, has no total for the range.
		merged[name] = items.every(i => i !== null && i !== undefined) ? mergeOne(items as T[]) : null;
	}
	return merged;
}

function addFields<T extends object>(items: readonly T[], keys: ReadonlyArray<keyof T>): Partial<T> {
	return Object.fromEntries(keys.map(k => [k, items.reduce((a, i) => a + (i[k] as number), 0)])) as Partial<T>;
}

const mergePsi = (items: ReadonlyArray<PsiDelta | null>): PsiDelta | null =>
	items.some(i => i === null) ? null : {someUs: sum(items.map(i => i!.someUs)), fullUs: sum(items.map(i => i!.fullUs))};

function mergeCpu(items: CpuReading[]): CpuReading {
	const last = items.at(-1)!;
	return {
		...last,
		elapsedSec: items.reduce((a, i) => a + i.elapsedSec, 0),
		cpus: mergeRecords(items.map(i => i.cpus), ticks => addFields(ticks, CPU_STATES) as CpuTicks),
		psi: mergePsi(items.map(i => i.psi)),
	};
}

const MEMORY_COUNTS = ['swapInPages', 'swapOutPages', 'majorFaults', 'directScanPages', 'oomKills'] as const;

function mergeMemory(items: MemoryReading[]): MemoryReading {
	const last = items.at(-1)!;
	const merged: MemoryReading = {...last, elapsedSec: items.reduce((a, i) => a + i.elapsedSec, 0), psi: mergePsi(items.map(i => i.psi))};
	for (const k of MEMORY_COUNTS) merged[k] = sum(items.map(i => i[k]));
	merged.lastOom = items.map(i => i.lastOom).filter(m => m !== null).at(-1) ?? null;
	return merged;
}

const DISK_COUNTS = ['reads', 'writes', 'sectorsRead', 'sectorsWritten', 'readMs', 'writeMs', 'ioTicksMs', 'weightedMs'] as const;

function mergeDisk(items: DiskReading[]): DiskReading {
	return {
		elapsedSec: items.reduce((a, i) => a + i.elapsedSec, 0),
		psi: mergePsi(items.map(i => i.psi)),
		disks: mergeRecords(items.map(i => i.disks), ds => ({...ds.at(-1)!, ...addFields(ds, DISK_COUNTS), errors: sum(ds.map(d => d.errors))})),
		omitted: Math.max(...items.map(i => i.omitted)),
	};
}

function mergeNet(items: NetReading[]): NetReading {
	const tcps = items.map(i => i.tcp);
	return {
		elapsedSec: items.reduce((a, i) => a + i.elapsedSec, 0),
		interfaces: mergeRecords(items.map(i => i.interfaces), ns => ({...ns.at(-1)!, ...addFields(ns, NET_FIELDS)})),
		tcp: tcps.some(t => t === null) ? null : (Object.fromEntries(TCP_COUNTERS.map(k => [k, sum(tcps.map(t => t![k]))])) as TcpDelta),
		omitted: Math.max(...items.map(i => i.omitted)),
	};
}

/** Merge one kind over the samples that have it (an interval without it is a gap, not a zero). */
function mergeKind<T>(values: ReadonlyArray<T | null>, merge: (items: T[]) => T): T | null {
	const present = values.filter((v): v is T => v !== null);
	return present.length === 0 ? null : merge(present);
}

/** Known only when every interval of the range had the collector's report. */
function sumErrors(maps: ReadonlyArray<Readonly<Record<string, number>> | null>): Record<string, number> | null {
	if (maps.length === 0 || maps.some(m => m === null)) return null;
	const total: Record<string, number> = {};
	for (const map of maps) for (const [dev, n] of Object.entries(map!)) total[dev] = (total[dev] ?? 0) + n;
	return total;
}

function worstPerCpu(maps: ReadonlyArray<Readonly<Record<string, number | null>>>): Record<string, number | null> {
	const worst: Record<string, number | null> = {};
	for (const map of maps) {
		for (const [cpu, v] of Object.entries(map)) worst[cpu] = v === null ? (worst[cpu] ?? null) : Math.max(v, worst[cpu] ?? 0);
	}
	return worst;
}

export function mergeUse(samples: readonly UseSample[]): UseSample {
	const p99s = samples.map(s => s.runqP99Us).filter((v): v is number => v !== null);
	return {
		t: samples.at(-1)?.t ?? 0,
		durationSec: samples.reduce((a, s) => a + s.durationSec, 0),
		cpu: mergeKind(samples.map(s => s.cpu), mergeCpu),
		memory: mergeKind(samples.map(s => s.memory), mergeMemory),
		disk: mergeKind(samples.map(s => s.disk), mergeDisk),
		net: mergeKind(samples.map(s => s.net), mergeNet),
		runqP99Us: p99s.length > 0 ? Math.max(...p99s) : null,
		runqP99UsPerCpu: worstPerCpu(samples.map(s => s.runqP99UsPerCpu)),
		blockErrors: sumErrors(samples.map(s => s.blockErrors)),
	};
}

/** Bytes a sample holds, roughly: per CPU, disk and interface. */
export const weighUse = (s: UseSample): number =>
	512 +
	100 * Object.keys(s.cpu?.cpus ?? {}).length +
	150 * Object.keys(s.disk?.disks ?? {}).length +
	150 * Object.keys(s.net?.interfaces ?? {}).length +
	(s.memory?.lastOom?.length ?? 0) * 2;
