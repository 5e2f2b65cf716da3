import {afterEach, describe, expect, it} from 'vitest';
import {emptyHistogram, histogramFromBuckets, type Histogram} from '../../source/models/log2-histogram.js';
import {HistogramBars} from '../../tui/widgets/HistogramBars.js';
import {mono} from '../../themes/theme.js';
import {cleanupApps, hist, renderTree} from './harness.js';

afterEach(cleanupApps);

async function draw(histogram: Histogram, height: number, width = 80) {
	const r = await renderTree(<HistogramBars histogram={histogram} unit="usecs" width={width} height={height} theme={mono} />);
	const lines = r.frame().split('\n');
	return {header: lines[0]!, rows: lines.slice(1)};
}

/** Label, count and bar length of one row. */
const parse = (row: string) => {
	const m = /^(\S.*?\)|\[\d+\w?\]) +(\d+) +\|(@*) *\|$/.exec(row);
	if (!m) throw new Error(`not a histogram row: ${JSON.stringify(row)}`);
	return {label: m[1]!, count: Number(m[2]), bar: m[3]!.length};
};

describe('HistogramBars', () => {
	it('draws a header and one row per bucket, lowest first, when they fit', async () => {
		const {header, rows} = await draw(hist(16, [1, 4, 2]), 10);
		expect(header).toMatch(/^ +usecs +count +distribution$/);
		expect(rows.map(r => parse(r).label)).toEqual(['[16, 32)', '[32, 64)', '[64, 128)']);
		expect(rows.map(r => parse(r).count)).toEqual([1, 4, 2]);
	});

	it('scales the bars to the largest count and the width', async () => {
		const {rows} = await draw(hist(16, [1, 4, 2]), 10, 80);
		const bars = rows.map(r => parse(r).bar);
		const full = 80 - 20 - 10 - 3;
		expect(bars).toEqual([Math.floor(full / 4), full, Math.floor(full / 2)]);
		// (ink-testing-library's terminal is 100 columns wide.)
		const wide = await draw(hist(16, [1, 4, 2]), 10, 100);
		expect(parse(wide.rows[1]!).bar).toBe(100 - 33);
	});

	it('folds the lowest buckets into one row when there are more buckets than rows', async () => {
		// 10 buckets [16, 32) … [8K, 16K); 5 rows of height leave 4 bucket rows.
		const counts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
		const {rows} = await draw(hist(16, counts), 5);
		expect(rows).toHaveLength(4);
		const parsed = rows.map(parse);
		// [16, 32) … [1K, 2K) are one row: 1+…+7 = 28.
		expect(parsed[0]).toMatchObject({label: '[16, 2K)', count: 28});
		expect(parsed.slice(1).map(p => p.label)).toEqual(['[2K, 4K)', '[4K, 8K)', '[8K, 16K)']);
		expect(parsed.slice(1).map(p => p.count)).toEqual([8, 9, 10]);
		// Nothing is lost.
		expect(parsed.reduce((n, p) => n + p.count, 0)).toBe(55);
		expect(rows.join('\n')).not.toContain('[16, 32)');
	});

	it('keeps the highest bucket visible on its own row down to two rows', async () => {
		const counts = [50, 40, 30, 20, 10, 1];
		for (const height of [3, 4, 5, 6]) {
			const {rows} = await draw(hist(16, counts), height);
			expect(rows).toHaveLength(height - 1);
			expect(parse(rows.at(-1)!)).toMatchObject({label: '[512, 1K)', count: 1});
		}
		const {rows} = await draw(hist(16, counts), 3);
		expect(parse(rows[0]!)).toMatchObject({label: '[16, 512)', count: 150});
		// Six buckets in six rows: nothing folded.
		const all = await draw(hist(16, counts), 7);
		expect(all.rows.map(r => parse(r).label)[0]).toBe('[16, 32)');
	});

	it('scales the bars to the folded row when it is the largest', async () => {
		const {rows} = await draw(hist(16, [10, 10, 10, 10, 5, 20]), 4);
		const parsed = rows.map(parse);
		expect(parsed.map(p => p.count)).toEqual([40, 5, 20]);
		const full = 80 - 33;
		expect(parsed.map(p => p.bar)).toEqual([full, Math.floor(full / 8), Math.floor(full / 2)]);
	});

	it("folds bpftrace's single-value buckets [0] and [1] too", async () => {
		const h = histogramFromBuckets([
			{min: 0, max: 0, count: 3},
			{min: 1, max: 1, count: 4},
			{min: 2, max: 3, count: 5},
			{min: 4, max: 7, count: 6},
		]);
		const all = await draw(h, 10);
		expect(all.rows.map(r => parse(r).label)).toEqual(['[0]', '[1]', '[2, 4)', '[4, 8)']);
		const folded = await draw(h, 3);
		expect(folded.rows.map(parse)).toEqual([
			expect.objectContaining({label: '[0, 4)', count: 12}),
			expect.objectContaining({label: '[4, 8)', count: 6}),
		]);
	});

	it('draws only the header for an empty histogram', async () => {
		const {header, rows} = await draw(emptyHistogram, 10);
		expect(header).toContain('distribution');
		expect(rows.filter(r => r.trim() !== '')).toEqual([]);
	});
});
