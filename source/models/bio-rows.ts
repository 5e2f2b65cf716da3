/**
 * What the block I/O pane, the snapshot and the text output show, built from a sample:
 * one row per device (partitions rolled up into their disk, or apart), sorted and
 * filtered here so views only draw, and the processes issuing I/O with an "others" row.
 */
import type {BioProcess, BioSample, BioSeries} from './bio.js';
import type {SlowIo} from './bio-slow.js';
import {mergeProcesses, mergeSeries} from './bio.js';
import {parseDeviceKey} from './block-device.js';
import {emptyHistogram, mergeHistograms, summarize, type Histogram} from './log2-histogram.js';
import type {Direction} from './rwbs.js';

export interface BioDeviceRow {
	/** "major:minor" of the row's device. */
	key: string;
	name: string;
	major: number;
	minor: number;
	/** I/Os issued, by direction. */
	counts: Readonly<Record<Direction, number>>;
	readBytes: number;
	writeBytes: number;
	readsPerSec: number;
	writesPerSec: number;
	readBytesPerSec: number;
	writeBytesPerSec: number;
	/** All directions together. */
	latency: Histogram;
	device: Histogram;
	queue: Histogram;
	size: Histogram;
	/** Per direction, for the selected device's detail. */
	byDirection: ReadonlyArray<{direction: Direction; latency: Histogram; count: number}>;
	avgUs: number | null;
	p50Us: number | null;
	p99Us: number | null;
	maxUs: number | null;
	avgBytes: number | null;
	/** At the end of the sample; null for a partition (the kernel counts per disk). */
	inflight: number | null;
	errors: number;
}

/** Orders of the device table, cycled by `s`. */
export const BIO_SORTS = ['io', 'p99', 'throughput', 'name'] as const;

export interface BioRowOptions {
	/** Show partitions apart instead of rolled up into their disk. */
	partitions: boolean;
	/** Text filter ('' for none): a substring of the device's name. */
	filter: string;
	/** Index into BIO_SORTS. */
	sort: number;
}

const zeroCounts = (): Record<Direction, number> => ({read: 0, write: 0, flush: 0, discard: 0, other: 0});

/** The device a series is shown under: the disk, or with partitions apart the device it was submitted to. */
const rowKeyOf = (s: BioSeries, partitions: boolean): string => (partitions && s.part ? s.part : s.dev);

export function deviceRow(sample: BioSample, key: string, series: readonly BioSeries[], isDisk: boolean): BioDeviceRow {
	const counts = zeroCounts();
	let readBytes = 0;
	let writeBytes = 0;
	let totalUs = 0;
	let bytes = 0;
	let errors = 0;
	let max: number | null = null;
	let ios = 0;
	for (const s of series) {
		counts[s.direction] += s.ios;
		ios += s.ios;
		if (s.direction === 'read') readBytes += s.bytes;
		if (s.direction === 'write') writeBytes += s.bytes;
		bytes += s.bytes;
		totalUs += s.totalUs;
		errors += s.errors;
		if (s.max !== null) max = max === null ? s.max : Math.max(max, s.max);
	}
	const latency = mergeHistograms(series.map(s => s.latency));
	const perDirection = mergeSeries([series], s => s.direction);
	const summary = summarize(latency, max);
	const sec = sample.durationSec > 0 ? sample.durationSec : 1;
	const number = parseDeviceKey(key) ?? {major: 0, minor: 0};
	const n = latency.count;
	return {
		key,
		name: sample.names[key]?.name ?? key,
		...number,
		counts,
		readBytes,
		writeBytes,
		readsPerSec: counts.read / sec,
		writesPerSec: counts.write / sec,
		readBytesPerSec: readBytes / sec,
		writeBytesPerSec: writeBytes / sec,
		latency,
		device: mergeHistograms(series.map(s => s.device)),
		queue: mergeHistograms(series.map(s => s.queue)),
		size: mergeHistograms(series.map(s => s.size)),
		byDirection: perDirection.map(s => ({direction: s.direction, latency: s.latency, count: s.latency.count})),
		avgUs: n > 0 ? totalUs / n : null,
		p50Us: summary.p50,
		p99Us: summary.p99,
		maxUs: summary.max,
		avgBytes: ios > 0 ? bytes / ios : null,
		inflight: isDisk ? (sample.inflight[key] ?? 0) : null,
		errors,
	};
}

/** Every device of the sample (unsorted, unfiltered), including disks with only I/Os in flight. */
export function allDeviceRows(sample: BioSample, partitions: boolean): BioDeviceRow[] {
	const groups = new Map<string, {series: BioSeries[]; isDisk: boolean}>();
	for (const s of sample.series) {
		const key = rowKeyOf(s, partitions);
		const g = groups.get(key) ?? {series: [], isDisk: key === s.dev};
		g.series.push(s);
		groups.set(key, g);
	}
	for (const [dev, n] of Object.entries(sample.inflight)) {
		if (n > 0 && !groups.has(dev)) groups.set(dev, {series: [], isDisk: true});
	}
	return [...groups].map(([key, g]) => deviceRow(sample, key, g.series, g.isDisk));
}

const total = (r: BioDeviceRow): number => Object.values(r.counts).reduce((a, b) => a + b, 0);

export function sortDeviceRows(rows: readonly BioDeviceRow[], sort: number): BioDeviceRow[] {
	const by = BIO_SORTS[((sort % BIO_SORTS.length) + BIO_SORTS.length) % BIO_SORTS.length];
	const byName = (a: BioDeviceRow, b: BioDeviceRow): number => a.name.localeCompare(b.name);
	const cmp: Record<(typeof BIO_SORTS)[number], (a: BioDeviceRow, b: BioDeviceRow) => number> = {
		io: (a, b) => total(b) - total(a) || byName(a, b),
		p99: (a, b) => (b.p99Us ?? -1) - (a.p99Us ?? -1) || byName(a, b),
		throughput: (a, b) => b.readBytes + b.writeBytes - (a.readBytes + a.writeBytes) || byName(a, b),
		name: byName,
	};
	return [...rows].sort(cmp[by!]);
}

export const sortKeyOf = (sort: number): string => BIO_SORTS[((sort % BIO_SORTS.length) + BIO_SORTS.length) % BIO_SORTS.length]!;

/** The device table: rolled up or apart, filtered by name, sorted. */
export function bioDeviceRows(sample: BioSample, options: BioRowOptions): BioDeviceRow[] {
	const needle = options.filter.trim().toLowerCase();
	const rows = allDeviceRows(sample, options.partitions).filter(r => needle === '' || r.name.toLowerCase().includes(needle));
	return sortDeviceRows(rows, options.sort);
}

export interface BioProcessRow {
	/** null for the "others" row. */
	pid: number | null;
	/** Unsanitised comm; "others" row: the number of processes folded into it, as text. */
	comm: string;
	/** Disk names this process did I/O to, in the row's data. */
	disks: string[];
	reads: number;
	writes: number;
	/** All directions. */
	count: number;
	/** Completions seen, behind avgUs. */
	timed: number;
	readBytes: number;
	writeBytes: number;
	avgUs: number | null;
}

/** Processes shown before the rest are folded into "others". */
export const MAX_PROCESS_ROWS = 20;

/**
 * Processes by bytes then I/Os, those past `cap` summed into one "others" row. `filter`
 * keeps processes whose comm, pid or disk contains it.
 */
export function bioProcessRows(sample: BioSample, filter = '', cap = MAX_PROCESS_ROWS): BioProcessRow[] {
	const perProcess = new Map<string, BioProcess[]>();
	for (const p of mergeProcesses([sample.processes])) {
		const id = `${p.pid}|${p.comm}`;
		perProcess.set(id, [...(perProcess.get(id) ?? []), p]);
	}
	const needle = filter.trim().toLowerCase();
	const rows = [...perProcess.values()]
		.map(list => processRow(sample, list))
		.filter(r => needle === '' || `${r.pid} ${r.comm} ${r.disks.join(' ')}`.toLowerCase().includes(needle));
	rows.sort((a, b) => b.readBytes + b.writeBytes - (a.readBytes + a.writeBytes) || b.count - a.count || (a.pid ?? 0) - (b.pid ?? 0));
	if (rows.length <= cap) return rows;
	const rest = rows.slice(cap);
	const sum = (f: (r: BioProcessRow) => number): number => rest.reduce((n, r) => n + f(r), 0);
	const count = sum(r => r.count);
	const timed = sum(r => r.timed);
	const totalUs = sum(r => (r.avgUs ?? 0) * r.timed);
	const others: BioProcessRow = {
		pid: null,
		comm: `${rest.length} others`,
		disks: [...new Set(rest.flatMap(r => r.disks))].sort(),
		reads: sum(r => r.reads),
		writes: sum(r => r.writes),
		count,
		readBytes: sum(r => r.readBytes),
		writeBytes: sum(r => r.writeBytes),
		timed,
		avgUs: timed > 0 ? totalUs / timed : null,
	};
	return [...rows.slice(0, cap), others];
}

function processRow(sample: BioSample, list: readonly BioProcess[]): BioProcessRow {
	const of = (d: Direction, f: (p: BioProcess) => number): number => list.filter(p => p.direction === d).reduce((n, p) => n + f(p), 0);
	const count = list.reduce((n, p) => n + p.count, 0);
	const timed = list.reduce((n, p) => n + p.timed, 0);
	const totalUs = list.reduce((n, p) => n + p.totalUs, 0);
	return {
		pid: list[0]!.pid,
		comm: list[0]!.comm,
		disks: [...new Set(list.map(p => sample.names[p.dev]?.name ?? p.dev))].sort(),
		reads: of('read', p => p.count),
		writes: of('write', p => p.count),
		count,
		timed,
		readBytes: of('read', p => p.bytes),
		writeBytes: of('write', p => p.bytes),
		avgUs: timed > 0 ? totalUs / timed : null,
	};
}

/** The latency histogram of every device together (the pane's headline). */
export const allLatency = (sample: BioSample): Histogram =>
	sample.series.length === 0 ? emptyHistogram : mergeHistograms(sample.series.map(s => s.latency));

/** The p99 of one device in each sample (null where it did no I/O), for the sparkline. */
export function deviceP99History(history: readonly BioSample[], key: string, partitions: boolean): Array<number | null> {
	return history.map(s => {
		const series = s.series.filter(x => rowKeyOf(x, partitions) === key);
		return series.length === 0 ? null : deviceRow(s, key, series, false).p99Us;
	});
}

/** Slow I/Os at least `minUs` slow whose device, comm or pid contains `filter`, newest first. */
export function bioSlowRows(sample: BioSample, minUs: number, filter = ''): SlowIo[] {
	const needle = filter.trim().toLowerCase();
	const name = (key: string | null): string => (key === null ? '' : (sample.names[key]?.name ?? key));
	return sample.slow
		.filter(x => x.us >= minUs)
		.filter(x => needle === '' || `${name(x.dev)} ${name(x.part)} ${x.comm} ${x.pid}`.toLowerCase().includes(needle))
		.reverse();
}
