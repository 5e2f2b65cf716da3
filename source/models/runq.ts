/**
 * Run-queue latency samples (runqlat): pure functions from the runqlat collector's
 * records to one interval's sample, and from samples to a merged range, JSON and text.
 */
import type {CollectorRecord} from '../../collectors/collector-record.js';
import type {FinishContext} from '../panes/pane.js';
import {
	emptyHistogram,
	histogramFromBuckets,
	mergeHistograms,
	summarize,
	type Bucket,
	type Histogram,
	type LatencySummary,
} from './log2-histogram.js';
import {formatHistogram} from './histogram-text.js';

export interface RunqSample {
	/** End of the interval, ms since the session started. */
	t: number;
	durationSec: number;
	all: Histogram;
	/** Histogram per CPU number. */
	perCpu: ReadonlyMap<number, Histogram>;
	/** Exact largest latency, µs, or null when nothing ran. */
	max: number | null;
}

export type RunqAccumulator = Omit<RunqSample, 't' | 'durationSec'>;

/** Orders of the per-CPU table, cycled by `s`. */
export const RUNQ_SORTS = ['cpu', 'p99', 'count'];

export const beginRunq = (): RunqAccumulator => ({all: emptyHistogram, perCpu: new Map(), max: null});

export function accumulateRunq(acc: RunqAccumulator, record: CollectorRecord): RunqAccumulator {
	if (record.type === 'hist' && record.map === '@usecs') {
		const buckets = record.entries.find(e => e.key === '')?.value ?? [];
		return {...acc, all: histogramFromBuckets(buckets)};
	}
	if (record.type === 'hist' && record.map === '@usecs_cpu') {
		const perCpu = new Map<number, Histogram>();
		for (const {key, value} of record.entries) {
			const cpu = Number(key);
			if (Number.isInteger(cpu)) perCpu.set(cpu, histogramFromBuckets(value));
		}
		return {...acc, perCpu};
	}
	if (record.type === 'map' && record.map === '@max_usecs') {
		const value = record.entries[0]?.value;
		return {...acc, max: typeof value === 'number' ? value : acc.max};
	}
	return acc;
}

export const finishRunq = (acc: RunqAccumulator, t: number, ctx: Pick<FinishContext, 'intervalSec'>): RunqSample => ({
	...acc,
	t,
	durationSec: ctx.intervalSec,
});

export function mergeRunq(samples: readonly RunqSample[]): RunqSample {
	const cpus = new Set(samples.flatMap(s => [...s.perCpu.keys()]));
	const perCpu = new Map<number, Histogram>();
	for (const cpu of [...cpus].sort((a, b) => a - b)) {
		perCpu.set(cpu, mergeHistograms(samples.map(s => s.perCpu.get(cpu) ?? emptyHistogram)));
	}
	const maxes = samples.map(s => s.max).filter((m): m is number => m !== null);
	return {
		t: samples.at(-1)?.t ?? 0,
		durationSec: samples.reduce((sum, s) => sum + s.durationSec, 0),
		all: mergeHistograms(samples.map(s => s.all)),
		perCpu,
		max: maxes.length > 0 ? Math.max(...maxes) : null,
	};
}

export const runqSummary = (s: RunqSample): LatencySummary => summarize(s.all, s.max);

/** One row of the per-CPU table. */
export interface CpuRow {
	cpu: number;
	histogram: Histogram;
	summary: LatencySummary;
}

/**
 * The per-CPU table's rows: `filter` keeps CPUs whose name ("cpu1") contains it
 * (spaces ignored), sorted by one of RUNQ_SORTS (p99 and count largest first).
 */
export function cpuRows(sample: RunqSample, filter: string, sort: string): CpuRow[] {
	const needle = filter.toLowerCase().replace(/\s+/g, '');
	const rows = [...sample.perCpu]
		.map(([cpu, histogram]) => ({cpu, histogram, summary: summarize(histogram)}))
		.filter(r => needle === '' || `cpu${r.cpu}`.includes(needle));
	return rows.sort((a, b) =>
		sort === 'p99' ? (b.summary.p99 ?? 0) - (a.summary.p99 ?? 0) : sort === 'count' ? b.summary.count - a.summary.count : a.cpu - b.cpu,
	);
}

export interface RunqJson extends LatencySummary {
	unit: 'us';
	buckets: Bucket[];
	perCpu: Array<{cpu: number} & LatencySummary>;
}

const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

const roundSummary = (s: LatencySummary): LatencySummary => ({
	count: s.count,
	p50: round(s.p50),
	p90: round(s.p90),
	p99: round(s.p99),
	max: s.max,
});

export function runqToJson(s: RunqSample): RunqJson {
	return {
		unit: 'us',
		...roundSummary(runqSummary(s)),
		buckets: s.all.buckets.map(b => ({min: b.min, max: b.max, count: b.count})),
		perCpu: [...s.perCpu].map(([cpu, h]) => ({cpu, ...roundSummary(summarize(h))})),
	};
}

export function runqToText(s: RunqSample): string {
	const sum = runqSummary(s);
	const fmt = (v: number | null): string => (v === null ? '-' : String(Math.round(v)));
	return [
		`Run-queue latency (runqlat), ${s.durationSec}s, ${sum.count} events`,
		`p50 ${fmt(sum.p50)} us   p90 ${fmt(sum.p90)} us   p99 ${fmt(sum.p99)} us   max ${fmt(sum.max)} us`,
		'',
		'@usecs:',
		formatHistogram(s.all),
	].join('\n');
}

/** Bytes a sample holds, roughly: buckets are the only part that grows. */
export const weighRunq = (s: RunqSample): number =>
	64 * (s.all.buckets.length + [...s.perCpu.values()].reduce((n, h) => n + h.buckets.length, 0)) + 256;
