/**
 * A latency histogram in bpftrace's log2 buckets: the model behind run-queue, block I/O
 * and syscall latency panes. Immutable; merge adds counts bucket by bucket.
 */
import type {Bucket} from '../../collectors/bpftrace-json.js';

export type {Bucket};

export interface Histogram {
	/** Buckets in ascending order, zero-count buckets between non-zero ones kept. */
	buckets: Bucket[];
	count: number;
}

export const emptyHistogram: Histogram = {buckets: [], count: 0};

const bucketId = (b: Bucket): string => `${b.min ?? '-inf'}:${b.max ?? 'inf'}`;
const lowerEdge = (b: Bucket): number => b.min ?? Number.NEGATIVE_INFINITY;

export function histogramFromBuckets(buckets: readonly Bucket[]): Histogram {
	return mergeHistograms([{buckets: [...buckets], count: 0}]);
}

/** Sum of histograms; buckets matched by their bounds, result sorted and trimmed. */
export function mergeHistograms(histograms: readonly Histogram[]): Histogram {
	const byId = new Map<string, Bucket>();
	for (const h of histograms) {
		for (const b of h.buckets) {
			const id = bucketId(b);
			const prev = byId.get(id);
			byId.set(id, prev ? {...prev, count: prev.count + b.count} : {...b});
		}
	}
	const sorted = [...byId.values()].sort((a, b) => lowerEdge(a) - lowerEdge(b));
	const first = sorted.findIndex(b => b.count > 0);
	if (first < 0) return emptyHistogram;
	let last = sorted.length - 1;
	while (last > first && sorted[last]!.count === 0) last--;
	const buckets = fillLog2Gaps(sorted.slice(first, last + 1));
	return {buckets, count: buckets.reduce((n, b) => n + b.count, 0)};
}

/** Position of a hist() bucket: [0] → 0, [1] → 1, [2^(k-1), 2^k) → k; -1 for other shapes. */
function log2Index(b: Bucket): number {
	if (b.min === null || b.max === null) return -1;
	if (b.min <= 1) return b.min === b.max && b.min >= 0 ? b.min : -1;
	const k = Math.log2(b.min);
	return Number.isInteger(k) && b.max === 2 * b.min - 1 ? k + 1 : -1;
}

const log2Bucket = (i: number): Bucket => (i <= 1 ? {min: i, max: i, count: 0} : {min: 2 ** (i - 1), max: 2 ** i - 1, count: 0});

/**
 * bpftrace prints every bucket between the lowest and the highest, zeros included; a
 * merge of intervals with disjoint buckets would otherwise leave holes in the bars.
 */
function fillLog2Gaps(buckets: Bucket[]): Bucket[] {
	const indexes = buckets.map(log2Index);
	if (buckets.length < 2 || indexes.some(i => i < 0)) return buckets;
	const filled: Bucket[] = [];
	for (let i = indexes[0]!, j = 0; i <= indexes.at(-1)!; i++) {
		if (indexes[j] === i) filled.push(buckets[j++]!);
		else filled.push(log2Bucket(i));
	}
	return filled;
}

/**
 * The q-quantile (0..1), interpolated linearly inside its bucket: log2 buckets only say
 * a value lies in [min, max], so this is an estimate, as in BCC's tools. Open-ended
 * buckets answer with their closed edge.
 */
export function quantile(h: Histogram, q: number): number | null {
	if (h.count === 0) return null;
	const rank = Math.min(Math.max(q, 0), 1) * h.count;
	let seen = 0;
	for (const b of h.buckets) {
		if (b.count === 0) continue;
		if (seen + b.count >= rank) {
			const lo = b.min ?? b.max ?? 0;
			const hi = b.max ?? b.min ?? 0;
			const within = (rank - seen) / b.count;
			return lo + (hi - lo) * within;
		}
		seen += b.count;
	}
	const top = h.buckets[h.buckets.length - 1]!;
	return top.max ?? top.min ?? 0;
}

/** The bucket with the most counts (the mode), or null when empty. */
export function modalBucket(h: Histogram): Bucket | null {
	let best: Bucket | null = null;
	for (const b of h.buckets) if (b.count > 0 && (!best || b.count > best.count)) best = b;
	return best;
}

export interface LatencySummary {
	count: number;
	p50: number | null;
	p90: number | null;
	p99: number | null;
	max: number | null;
}

/** Percentiles plus the exact maximum where the collector measured one. */
export function summarize(h: Histogram, exactMax?: number | null): LatencySummary {
	const top = h.buckets[h.buckets.length - 1];
	const bucketMax = top ? (top.max ?? top.min) : null;
	const max = exactMax ?? bucketMax;
	const clamp = (v: number | null): number | null => (v === null || max === null ? v : Math.min(v, max));
	return {count: h.count, p50: clamp(quantile(h, 0.5)), p90: clamp(quantile(h, 0.9)), p99: clamp(quantile(h, 0.99)), max};
}

/**
 * At most `rows` buckets for a small screen: the lowest ones are folded into one, so
 * the tail, where latency problems live, stays visible bucket by bucket.
 */
export function foldLowBuckets(buckets: readonly Bucket[], rows: number): Bucket[] {
	if (rows <= 0) return [];
	if (buckets.length <= rows) return [...buckets];
	const folded = buckets.slice(0, buckets.length - rows + 1);
	const low: Bucket = {
		min: folded[0]!.min,
		max: folded.at(-1)!.max,
		count: folded.reduce((n, b) => n + b.count, 0),
	};
	return [low, ...buckets.slice(buckets.length - rows + 1)];
}
