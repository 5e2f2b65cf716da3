/**
 * Block I/O samples (biolatency): pure functions from the biolatency collector's
 * records to one interval's sample, and from samples to a merged range. Rows, JSON and
 * text are built from samples in bio-rows.ts and bio-output.ts.
 *
 * A sample keeps the kernel's grain: one series per (disk, partition, direction) and
 * one entry per (process, disk, direction), so partitions can be rolled up or shown
 * apart, and processes grouped, without going back to the collector.
 */
import type {Bucket} from '../../collectors/bpftrace-json.js';
import type {CollectorRecord} from '../../collectors/collector-record.js';
import {blockDeviceName, decodeDevT, deviceKey, type BlockDeviceNames} from './block-device.js';
import {parseSlowIo, type SlowIo} from './bio-slow.js';
import {emptyHistogram, histogramFromBuckets, mergeHistograms, type Histogram} from './log2-histogram.js';
import type {Direction} from './rwbs.js';

/** One disk, partition and direction over the sample's time. */
export interface BioSeries {
	/** The disk, "major:minor": block requests are always the whole disk's. */
	dev: string;
	/** The partition (or stacked device) the I/O was submitted to; null for the disk itself. */
	part: string | null;
	direction: Direction;
	/** I/Os issued (counted in process context, so none is lost; see biolatency.bt). */
	ios: number;
	/** Latency, µs: insert→complete when the request was inserted, else issue→complete. */
	latency: Histogram;
	/** Issue→complete, µs. */
	device: Histogram;
	/** Insert→issue, µs (requests that were inserted only). */
	queue: Histogram;
	/** Sizes of the I/Os issued, bytes. */
	size: Histogram;
	/** Bytes issued. */
	bytes: number;
	/** Sum of the latencies in `latency`, µs (for the exact average). */
	totalUs: number;
	/** Exact largest latency, µs; null when none. */
	max: number | null;
	errors: number;
}

/** I/O by one process (pid and comm at issue time) to one disk in one direction. */
export interface BioProcess {
	pid: number;
	/** Unsanitised, as the kernel reported it. */
	comm: string;
	dev: string;
	direction: Direction;
	/** I/Os issued. */
	count: number;
	/** Of those, completions seen (with their latency in totalUs). */
	timed: number;
	totalUs: number;
	bytes: number;
}

export interface BioSample {
	/** End of the interval, ms since the session started. */
	t: number;
	durationSec: number;
	series: BioSeries[];
	processes: BioProcess[];
	/** I/Os issued and not completed at the end of the sample, by disk. */
	inflight: Readonly<Record<string, number>>;
	/** Slow I/Os printed by the collector, oldest first. */
	slow: SlowIo[];
	/** Slow I/Os not printed: past the collector's per-interval cap, or past what a sample keeps. */
	slowDropped: number;
	/** Issued I/Os whose completion was never seen (their start entries were dropped). */
	evicted: number;
	/** I/Os not followed because the collector's start maps were full. */
	untracked: number;
	/** The collector's slow-I/O threshold, µs (what `slow` holds); null when it did not say. */
	slowUs: number | null;
	/** Names of the devices in this sample, by "major:minor", from the host facts. */
	names: Readonly<Record<string, {name: string; disk: string}>>;
}

interface RawSeries {
	ios: number;
	latency: Histogram;
	device: Histogram;
	queue: Histogram;
	size: Histogram;
	bytes: number;
	totalUs: number;
	max: number | null;
	errors: number;
}

interface RawProcess {
	count: number;
	timed: number;
	totalUs: number;
	bytes: number;
}

/** The records of one interval, by the collector's own keys. */
export interface BioAccumulator {
	series: ReadonlyMap<string, RawSeries>;
	processes: ReadonlyMap<string, RawProcess>;
	inflight: ReadonlyMap<string, number>;
	slow: readonly SlowIo[];
	slowDropped: number;
	evicted: number;
	untracked: number;
	slowUs: number | null;
}

/** Bounds on what one interval can make us hold, whatever a recording says. */
export const MAX_SERIES = 4096;
export const MAX_PROCESSES = 8192;
/** Slow I/Os kept per sample (also for merged ranges); the rest are counted as dropped. */
export const MAX_SLOW = 1000;

export const beginBio = (): BioAccumulator => ({
	series: new Map(),
	processes: new Map(),
	inflight: new Map(),
	slow: [],
	slowDropped: 0,
	evicted: 0,
	untracked: 0,
	slowUs: null,
});

const emptyRaw = (): RawSeries => ({
	ios: 0,
	latency: emptyHistogram,
	device: emptyHistogram,
	queue: emptyHistogram,
	size: emptyHistogram,
	bytes: 0,
	totalUs: 0,
	max: null,
	errors: 0,
});

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

const HIST_FIELDS: Readonly<Record<string, 'latency' | 'device' | 'queue' | 'size'>> = {
	'@usecs': 'latency',
	'@device_usecs': 'device',
	'@queue_usecs': 'queue',
	'@size_bytes': 'size',
};

const SCALAR_FIELDS: Readonly<Record<string, 'ios' | 'bytes' | 'totalUs' | 'max' | 'errors'>> = {
	'@ios': 'ios',
	'@bytes': 'bytes',
	'@total_usecs': 'totalUs',
	'@max_usecs': 'max',
	'@errors': 'errors',
};

/** "dev,part,dir": numbers, then a direction the collector classified (read, write …). */
const SERIES_KEY = /^\d{1,10},\d{1,10},(read|write|flush|discard|other)$/;
/** "pid,dev,dir,comm": the comm may hold commas, so it is what remains. */
const PROCESS_KEY = /^(\d{1,10}),(\d{1,10}),(read|write|flush|discard|other),([\s\S]*)$/;

function updateSeries(acc: BioAccumulator, entries: ReadonlyArray<{key: string; value: unknown}>, set: (s: RawSeries, v: unknown) => RawSeries): BioAccumulator {
	const series = new Map(acc.series);
	for (const {key, value} of entries) {
		if (!SERIES_KEY.test(key)) continue;
		const prev = series.get(key);
		if (!prev && series.size >= MAX_SERIES) continue;
		series.set(key, set(prev ?? emptyRaw(), value));
	}
	return {...acc, series};
}

function updateProcesses(acc: BioAccumulator, entries: ReadonlyArray<{key: string; value: unknown}>, set: (p: RawProcess, v: unknown) => RawProcess): BioAccumulator {
	const processes = new Map(acc.processes);
	for (const {key, value} of entries) {
		if (!PROCESS_KEY.test(key)) continue;
		const prev = processes.get(key);
		if (!prev && processes.size >= MAX_PROCESSES) continue;
		processes.set(key, set(prev ?? {count: 0, timed: 0, totalUs: 0, bytes: 0}, value));
	}
	return {...acc, processes};
}

const scalar = (record: CollectorRecord): number => (record.type === 'map' ? count(record.entries[0]?.value) : 0);

export function accumulateBio(acc: BioAccumulator, record: CollectorRecord): BioAccumulator {
	switch (record.type) {
		case 'hist': {
			const field = HIST_FIELDS[record.map];
			if (!field) return acc;
			return updateSeries(acc, record.entries, (s, v) => ({...s, [field]: histogramFromBuckets(v as Bucket[])}));
		}
		case 'map': {
			const field = SCALAR_FIELDS[record.map];
			if (field) return updateSeries(acc, record.entries, (s, v) => ({...s, [field]: count(v)}));
			if (record.map === '@proc_bytes') return updateProcesses(acc, record.entries, (p, v) => ({...p, bytes: count(v)}));
			if (record.map === '@proc_ios') return updateProcesses(acc, record.entries, (p, v) => ({...p, count: count(v)}));
			if (record.map === '@inflight0' || record.map === '@inflight1') {
				const inflight = new Map(acc.inflight);
				for (const {key, value} of record.entries) {
					const dev = decodeDevT(Number(key));
					if (!/^\d{1,10}$/.test(key) || !dev) continue;
					// The kernel's counters are not atomic: a lost update can leave one at -1.
					const n = typeof value === 'number' && Number.isFinite(value) ? value : 0;
					inflight.set(deviceKey(dev), (inflight.get(deviceKey(dev)) ?? 0) + n);
				}
				return {...acc, inflight};
			}
			if (record.map === '@slow_dropped') return {...acc, slowDropped: acc.slowDropped + scalar(record)};
			if (record.map === '@evicted') return {...acc, evicted: acc.evicted + scalar(record)};
			if (record.map === '@untracked') return {...acc, untracked: acc.untracked + scalar(record)};
			if (record.map === '@slow_us') return {...acc, slowUs: scalar(record)};
			return acc;
		}
		case 'stats':
			if (record.map !== '@proc_usecs') return acc;
			return updateProcesses(acc, record.entries, (p, v) => {
				const stats = v as {count: number; total: number};
				return {...p, timed: count(stats.count), totalUs: count(stats.total)};
			});
		case 'printf': {
			const slow = parseSlowIo(record.text);
			if (!slow) return acc;
			if (acc.slow.length >= MAX_SLOW) return {...acc, slowDropped: acc.slowDropped + 1};
			return {...acc, slow: [...acc.slow, slow]};
		}
		default:
			return acc;
	}
}

export interface BioFinishContext {
	intervalSec: number;
	host: BlockDeviceNames;
}

const devOf = (raw: string): string | null => {
	const d = decodeDevT(Number(raw));
	return d ? deviceKey(d) : null;
};

export function finishBio(acc: BioAccumulator, t: number, ctx: BioFinishContext): BioSample {
	const byKey = new Map<string, BioSeries>();
	for (const [key, raw] of acc.series) {
		const [devRaw, partRaw, dir] = key.split(',') as [string, string, Direction];
		const dev = devOf(devRaw);
		if (!dev) continue;
		const part = partRaw === '0' ? null : devOf(partRaw);
		const direction = dir;
		const id = `${dev}|${part ?? ''}|${direction}`;
		const prev = byKey.get(id);
		byKey.set(id, prev ? addSeries(prev, {dev, part, direction, ...raw}) : {dev, part, direction, ...raw});
	}
	const procs = new Map<string, BioProcess>();
	for (const [key, raw] of acc.processes) {
		const [, pid, devRaw, direction, comm] = PROCESS_KEY.exec(key) as unknown as [string, string, string, Direction, string];
		const dev = devOf(devRaw);
		if (!dev || raw.count + raw.timed === 0) continue;
		const id = `${pid}|${dev}|${direction}|${comm}`;
		const p: BioProcess = {pid: Number(pid), comm, dev, direction, ...raw};
		const prev = procs.get(id);
		procs.set(id, prev ? addProcess(prev, p) : p);
	}
	const inflight: Record<string, number> = {};
	for (const [dev, n] of acc.inflight) inflight[dev] = Math.max(0, n);
	const series = [...byKey.values()];
	const sample: Omit<BioSample, 'names'> = {
		t,
		durationSec: ctx.intervalSec,
		series,
		processes: [...procs.values()],
		inflight,
		slow: [...acc.slow],
		slowDropped: acc.slowDropped,
		evicted: acc.evicted,
		untracked: acc.untracked,
		slowUs: acc.slowUs,
	};
	return {...sample, names: namesFor(sample, ctx.host)};
}

/** Names of every device a sample mentions, so the sample stands alone in history and replay. */
function namesFor(s: Omit<BioSample, 'names'>, host: BlockDeviceNames): Record<string, {name: string; disk: string}> {
	const keys = new Set<string>();
	for (const x of s.series) {
		keys.add(x.dev);
		if (x.part) keys.add(x.part);
	}
	for (const p of s.processes) keys.add(p.dev);
	for (const dev of Object.keys(s.inflight)) keys.add(dev);
	for (const x of s.slow) {
		keys.add(x.dev);
		if (x.part) keys.add(x.part);
	}
	const names: Record<string, {name: string; disk: string}> = {};
	for (const key of keys) {
		const name = blockDeviceName(host, key);
		names[key] = {name, disk: host.blockDevices[key]?.disk ?? name};
	}
	return names;
}

function addSeries(a: BioSeries, b: BioSeries): BioSeries {
	return {
		...a,
		ios: a.ios + b.ios,
		latency: mergeHistograms([a.latency, b.latency]),
		device: mergeHistograms([a.device, b.device]),
		queue: mergeHistograms([a.queue, b.queue]),
		size: mergeHistograms([a.size, b.size]),
		bytes: a.bytes + b.bytes,
		totalUs: a.totalUs + b.totalUs,
		max: a.max === null ? b.max : b.max === null ? a.max : Math.max(a.max, b.max),
		errors: a.errors + b.errors,
	};
}

const addProcess = (a: BioProcess, b: BioProcess): BioProcess => ({
	...a,
	count: a.count + b.count,
	timed: a.timed + b.timed,
	totalUs: a.totalUs + b.totalUs,
	bytes: a.bytes + b.bytes,
});

/** Series of several samples combined by (disk, partition, direction). */
export function mergeSeries(lists: ReadonlyArray<readonly BioSeries[]>, keyOf = (s: BioSeries) => `${s.dev}|${s.part ?? ''}|${s.direction}`): BioSeries[] {
	const byKey = new Map<string, BioSeries>();
	for (const list of lists) {
		for (const s of list) {
			const id = keyOf(s);
			const prev = byKey.get(id);
			byKey.set(id, prev ? addSeries(prev, s) : s);
		}
	}
	return [...byKey.values()];
}

export function mergeProcesses(lists: ReadonlyArray<readonly BioProcess[]>, keyOf = (p: BioProcess) => `${p.pid}|${p.dev}|${p.direction}|${p.comm}`): BioProcess[] {
	const byKey = new Map<string, BioProcess>();
	for (const list of lists) {
		for (const p of list) {
			const id = keyOf(p);
			const prev = byKey.get(id);
			byKey.set(id, prev ? addProcess(prev, p) : p);
		}
	}
	return [...byKey.values()];
}

export function mergeBio(samples: readonly BioSample[]): BioSample {
	const slowAll = samples.flatMap(s => s.slow);
	const kept = slowAll.slice(-MAX_SLOW);
	return {
		t: samples.at(-1)?.t ?? 0,
		durationSec: samples.reduce((n, s) => n + s.durationSec, 0),
		series: mergeSeries(samples.map(s => s.series)),
		processes: mergeProcesses(samples.map(s => s.processes)),
		// A gauge, not a count: what was in flight at the end of the range.
		inflight: samples.at(-1)?.inflight ?? {},
		slow: kept,
		slowDropped: samples.reduce((n, s) => n + s.slowDropped, 0) + (slowAll.length - kept.length),
		evicted: samples.reduce((n, s) => n + s.evicted, 0),
		untracked: samples.reduce((n, s) => n + s.untracked, 0),
		slowUs: samples.at(-1)?.slowUs ?? null,
		names: Object.assign({}, ...samples.map(s => s.names)) as Record<string, {name: string; disk: string}>,
	};
}

/** Bytes a sample holds, roughly: histogram buckets, process entries and slow records. */
export const weighBio = (s: BioSample): number =>
	256 +
	s.series.reduce((n, x) => n + 200 + 64 * (x.latency.buckets.length + x.device.buckets.length + x.queue.buckets.length + x.size.buckets.length), 0) +
	s.processes.length * 120 +
	s.slow.length * 200 +
	Object.keys(s.names).length * 80;
