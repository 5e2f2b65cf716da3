import {describe, expect, it} from 'vitest';
import {
	emptyHistogram,
	foldLowBuckets,
	histogramFromBuckets,
	mergeHistograms,
	modalBucket,
	quantile,
	summarize,
	type Bucket,
} from '../../source/models/log2-histogram.js';

const b = (min: number | null, max: number | null, count: number): Bucket => ({min, max, count});

/** 8 values: 0, 1, 2..3 twice, 4..7 four times. */
const small = histogramFromBuckets([b(0, 0, 1), b(1, 1, 1), b(2, 3, 2), b(4, 7, 4)]);

describe('histogramFromBuckets', () => {
	it('counts the values of all buckets', () => {
		expect(small.count).toBe(8);
		expect(small.buckets).toEqual([b(0, 0, 1), b(1, 1, 1), b(2, 3, 2), b(4, 7, 4)]);
	});

	it('trims zero-count buckets at both ends but keeps those between non-zero ones', () => {
		const h = histogramFromBuckets([b(0, 0, 0), b(1, 1, 0), b(2, 3, 5), b(4, 7, 0), b(8, 15, 1), b(16, 31, 0)]);
		expect(h.buckets).toEqual([b(2, 3, 5), b(4, 7, 0), b(8, 15, 1)]);
		expect(h.count).toBe(6);
	});

	it('sorts buckets by their lower edge', () => {
		const h = histogramFromBuckets([b(8, 15, 1), b(2, 3, 2), b(4, 7, 3)]);
		expect(h.buckets.map(x => x.min)).toEqual([2, 4, 8]);
	});

	it('puts an open lower bucket first and an open upper bucket last', () => {
		const h = histogramFromBuckets([b(100, null, 1), b(0, 9, 2), b(null, -1, 3)]);
		expect(h.buckets).toEqual([b(null, -1, 3), b(0, 9, 2), b(100, null, 1)]);
		expect(h.count).toBe(6);
	});

	it('gives the empty histogram for no buckets or only zero counts', () => {
		expect(histogramFromBuckets([])).toEqual(emptyHistogram);
		expect(histogramFromBuckets([b(0, 0, 0), b(1, 1, 0)])).toEqual({buckets: [], count: 0});
	});

	it('does not keep a reference to the caller\'s bucket objects', () => {
		const input = [b(2, 3, 1)];
		const h = histogramFromBuckets(input);
		input[0]!.count = 99;
		expect(h.buckets[0]!.count).toBe(1);
	});
});

describe('mergeHistograms', () => {
	it('places disjoint histograms side by side with the empty log2 buckets between, as bpftrace prints them', () => {
		const a = histogramFromBuckets([b(2, 3, 1)]);
		const c = histogramFromBuckets([b(64, 127, 2)]);
		const m = mergeHistograms([a, c]);
		expect(m.buckets).toEqual([b(2, 3, 1), b(4, 7, 0), b(8, 15, 0), b(16, 31, 0), b(32, 63, 0), b(64, 127, 2)]);
		expect(m.count).toBe(3);
	});

	it('adds the counts of buckets with the same bounds', () => {
		const a = histogramFromBuckets([b(2, 3, 1), b(4, 7, 2)]);
		const c = histogramFromBuckets([b(4, 7, 3), b(8, 15, 1)]);
		const m = mergeHistograms([a, c]);
		expect(m.buckets).toEqual([b(2, 3, 1), b(4, 7, 5), b(8, 15, 1)]);
		expect(m.count).toBe(7);
	});

	it('gives the same result whatever the order of its inputs', () => {
		const a = histogramFromBuckets([b(2, 3, 1), b(4, 7, 2)]);
		const c = histogramFromBuckets([b(1, 1, 4), b(4, 7, 3)]);
		expect(mergeHistograms([a, c])).toEqual(mergeHistograms([c, a]));
	});

	it('leaves its inputs unchanged', () => {
		const a = histogramFromBuckets([b(4, 7, 2)]);
		const c = histogramFromBuckets([b(4, 7, 3)]);
		mergeHistograms([a, c]);
		expect(a.buckets).toEqual([b(4, 7, 2)]);
		expect(c.buckets).toEqual([b(4, 7, 3)]);
		expect(a.count).toBe(2);
	});

	it('merges open-ended buckets with each other', () => {
		const a = histogramFromBuckets([b(null, -1, 1), b(100, null, 1)]);
		const c = histogramFromBuckets([b(null, -1, 2), b(100, null, 4)]);
		expect(mergeHistograms([a, c])).toEqual({buckets: [b(null, -1, 3), b(100, null, 5)], count: 8});
	});

	it('treats empty histograms as neutral', () => {
		expect(mergeHistograms([])).toEqual(emptyHistogram);
		expect(mergeHistograms([emptyHistogram, emptyHistogram])).toEqual(emptyHistogram);
		expect(mergeHistograms([emptyHistogram, small, emptyHistogram])).toEqual(small);
	});

	it('is what merging one interval with itself doubles', () => {
		const doubled = mergeHistograms([small, small]);
		expect(doubled.count).toBe(16);
		expect(doubled.buckets.map(x => x.count)).toEqual(small.buckets.map(x => x.count * 2));
	});
});

describe('quantile', () => {
	it('is null for an empty histogram', () => {
		expect(quantile(emptyHistogram, 0.5)).toBeNull();
	});

	it('answers known quantiles of a small histogram', () => {
		expect(quantile(small, 0)).toBe(0);
		expect(quantile(small, 0.25)).toBe(1);
		// rank 4 is the last value of [2, 4): its upper edge.
		expect(quantile(small, 0.5)).toBe(3);
		// rank 6 is half way through [4, 8) (4 values, 2 already seen).
		expect(quantile(small, 0.75)).toBe(5.5);
		expect(quantile(small, 1)).toBe(7);
	});

	it('interpolates linearly inside a bucket', () => {
		const h = histogramFromBuckets([b(1024, 2047, 4)]);
		expect(quantile(h, 0.25)).toBeCloseTo(1024 + 1023 * 0.25, 9);
		expect(quantile(h, 0.5)).toBeCloseTo(1535.5, 9);
		expect(quantile(h, 0.9)).toBeCloseTo(1024 + 1023 * 0.9, 9);
	});

	it('skips zero-count buckets between non-zero ones', () => {
		const h = histogramFromBuckets([b(2, 3, 1), b(4, 7, 0), b(8, 15, 0), b(16, 31, 1)]);
		// rank 1.5: half way into the second value, which lies in [16, 32).
		expect(quantile(h, 0.75)).toBeCloseTo(16 + 15 * 0.5, 9);
	});

	it('clamps q to 0..1', () => {
		expect(quantile(small, -3)).toBe(quantile(small, 0));
		expect(quantile(small, 7)).toBe(quantile(small, 1));
	});

	it('answers with the closed edge of an open-ended bucket', () => {
		const h = histogramFromBuckets([b(null, -1, 2), b(0, 9, 2), b(100, null, 4)]);
		expect(quantile(h, 0.1)).toBe(-1);
		expect(quantile(h, 0.9)).toBe(100);
		expect(quantile(h, 1)).toBe(100);
	});

	it('is monotonic in q', () => {
		let previous = Number.NEGATIVE_INFINITY;
		for (let q = 0; q <= 1; q += 0.01) {
			const v = quantile(small, q)!;
			expect(v).toBeGreaterThanOrEqual(previous);
			previous = v;
		}
	});
});

describe('modalBucket', () => {
	it('is the bucket with the most counts', () => {
		expect(modalBucket(small)).toEqual(b(4, 7, 4));
	});

	it('is the first of equally large buckets', () => {
		expect(modalBucket(histogramFromBuckets([b(1, 1, 3), b(2, 3, 3)]))).toEqual(b(1, 1, 3));
	});

	it('is null when empty', () => {
		expect(modalBucket(emptyHistogram)).toBeNull();
	});
});

describe('summarize', () => {
	it('gives count, percentiles and the top bucket edge as max without an exact max', () => {
		const s = summarize(small);
		expect(s.count).toBe(8);
		expect(s.p50).toBe(3);
		expect(s.p90).toBeCloseTo(6.4, 9);
		expect(s.p99).toBeCloseTo(6.94, 9);
		expect(s.max).toBe(7);
	});

	it('uses the exact max and clamps percentiles to it', () => {
		const s = summarize(small, 5);
		expect(s.max).toBe(5);
		expect(s.p50).toBe(3);
		expect(s.p90).toBe(5);
		expect(s.p99).toBe(5);
	});

	it('keeps percentiles below an exact max unchanged', () => {
		const s = summarize(small, 7);
		expect(s.p90).toBeCloseTo(6.4, 9);
		expect(s.p99).toBeCloseTo(6.94, 9);
	});

	it('falls back to the top bucket when the exact max is null', () => {
		expect(summarize(small, null).max).toBe(7);
	});

	it('uses the closed edge of an open upper bucket as max', () => {
		expect(summarize(histogramFromBuckets([b(0, 9, 1), b(100, null, 1)])).max).toBe(100);
	});

	it('is all null with zero count for an empty histogram', () => {
		expect(summarize(emptyHistogram)).toEqual({count: 0, p50: null, p90: null, p99: null, max: null});
	});
});

describe('foldLowBuckets', () => {
	const log2 = [b(0, 0, 1), b(1, 1, 2), b(2, 3, 3), b(4, 7, 4), b(8, 15, 5), b(16, 31, 6)];

	it('returns the buckets unchanged when they fit', () => {
		expect(foldLowBuckets(log2, 6)).toEqual(log2);
		expect(foldLowBuckets(log2, 20)).toEqual(log2);
	});

	it('folds the lowest buckets into one so the result has exactly `rows` buckets', () => {
		expect(foldLowBuckets(log2, 4)).toEqual([b(0, 3, 6), b(4, 7, 4), b(8, 15, 5), b(16, 31, 6)]);
		expect(foldLowBuckets(log2, 2)).toEqual([b(0, 15, 15), b(16, 31, 6)]);
	});

	it('keeps the total count when folding', () => {
		for (let rows = 2; rows <= 6; rows++) {
			const folded = foldLowBuckets(log2, rows);
			expect(folded).toHaveLength(rows);
			expect(folded.reduce((n, x) => n + x.count, 0)).toBe(21);
		}
	});

	it('keeps an open lower edge on the folded bucket', () => {
		expect(foldLowBuckets([b(null, -1, 1), b(0, 0, 1), b(1, 1, 1), b(2, 3, 1)], 2)).toEqual([b(null, 1, 3), b(2, 3, 1)]);
	});

	it('does not change its input', () => {
		const input = log2.map(x => ({...x}));
		foldLowBuckets(input, 3);
		expect(input).toEqual(log2);
	});
});
