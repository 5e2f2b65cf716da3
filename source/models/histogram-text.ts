/**
 * bpftrace's text rendering of a histogram: `[lo, hi)  count |@@@@   |`. Shared by the
 * `snapshot` text output and the terminal histogram widget so both read the same.
 */
import type {Bucket, Histogram} from './log2-histogram.js';

/**
 * Bucket label as bpftrace prints it: [0], [1], [2, 4), [1K, 2K), [100, ...). Only
 * hist()'s first two buckets are one value wide; a one-wide bucket above 1 is an
 * lhist() step of 1, which bpftrace labels [2, 3).
 */
export function bucketLabel(b: Bucket): string {
	if (b.min === null) return `(..., ${humanCount((b.max ?? 0) + 1)})`;
	if (b.max === null) return `[${humanCount(b.min)}, ...)`;
	if (b.min === b.max && b.min <= 1) return `[${humanCount(b.min)}]`;
	return `[${humanCount(b.min)}, ${humanCount(b.max + 1)})`;
}

/** 1024 → 1K, 1048576 → 1M, as bpftrace labels buckets; other numbers unchanged. */
export function humanCount(n: number): string {
	const units = ['', 'K', 'M', 'G', 'T', 'P'];
	let i = 0;
	let v = n;
	while (v !== 0 && v % 1024 === 0 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	return `${v}${units[i]}`;
}

export function histogramBar(count: number, peak: number, width: number): string {
	const n = peak === 0 ? 0 : Math.floor((count / peak) * width);
	return '@'.repeat(n).padEnd(width);
}

/** bpftrace's layout: the label in 16 columns, the count right-aligned in 8, a 52-wide bar. */
export function formatHistogram(h: Histogram, barWidth = 52): string {
	const peak = Math.max(0, ...h.buckets.map(b => b.count));
	return h.buckets
		.map(b => `${bucketLabel(b).padEnd(16)}${String(b.count).padStart(8)} |${histogramBar(b.count, peak, barWidth)}|`)
		.join('\n');
}
