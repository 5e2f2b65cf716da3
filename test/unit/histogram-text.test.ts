import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parseBpftraceLine, type Bucket} from '../../collectors/bpftrace-json.js';
import {bucketLabel, formatHistogram, histogramBar, humanCount} from '../../source/models/histogram-text.js';
import {histogramFromBuckets, type Histogram} from '../../source/models/log2-histogram.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'bpftrace-0.17');
const b = (min: number | null, max: number | null, count: number): Bucket => ({min, max, count});

/** Splits one histogram line into label, count and bar (the text between the pipes). */
function splitLine(line: string): {label: string; count: number; bar: string} {
	const m = /^(.*?)\s+(\d+) \|(.*)\|$/.exec(line);
	if (!m) throw new Error(`not a histogram line: ${JSON.stringify(line)}`);
	return {label: m[1]!, count: Number(m[2]), bar: m[3]!};
}

describe('humanCount', () => {
	it.each([
		[0, '0'],
		[1, '1'],
		[512, '512'],
		[1000, '1000'],
		[1023, '1023'],
		[1024, '1K'],
		[1536, '1536'],
		[2048, '2K'],
		[512 * 1024, '512K'],
		[1024 ** 2, '1M'],
		[3 * 1024 ** 3, '3G'],
		[1024 ** 4, '1T'],
		[1024 ** 5, '1P'],
		[1024 ** 6, '1024P'],
	])('writes %d as %s', (n, text) => {
		expect(humanCount(n)).toBe(text);
	});
});

describe('bucketLabel', () => {
	it.each([
		[b(0, 0, 1), '[0]'],
		[b(1, 1, 1), '[1]'],
		[b(2, 3, 1), '[2, 4)'],
		[b(4, 7, 1), '[4, 8)'],
		[b(512, 1023, 1), '[512, 1K)'],
		[b(1024, 2047, 1), '[1K, 2K)'],
		[b(128 * 1024, 256 * 1024 - 1, 1), '[128K, 256K)'],
		[b(1024 ** 2, 2 * 1024 ** 2 - 1, 1), '[1M, 2M)'],
		[b(8589934592, 17179869183, 1), '[8G, 16G)'],
		[b(0, 9, 1), '[0, 10)'],
		[b(90, 99, 1), '[90, 100)'],
		[b(100, null, 1), '[100, ...)'],
		[b(null, -1, 1), '(..., 0)'],
	])('labels %j as %s', (bucket, label) => {
		expect(bucketLabel(bucket)).toBe(label);
	});
});

describe('histogramBar', () => {
	it.each([
		[1, 3, 52, 17],
		[2, 3, 52, 34],
		[3, 7, 52, 22],
		[2, 4, 52, 26],
		[1, 1000, 52, 0],
		[999, 1000, 52, 51],
		[5, 5, 52, 52],
		[0, 5, 52, 0],
		[3, 4, 10, 7],
	])('draws count %d of peak %d in width %d as %d @ (rounded down)', (count, peak, width, at) => {
		const bar = histogramBar(count, peak, width);
		expect(bar).toBe('@'.repeat(at) + ' '.repeat(width - at));
	});

	it('draws nothing, padded to the width, when the peak is zero', () => {
		expect(histogramBar(0, 0, 8)).toBe(' '.repeat(8));
	});
});

describe('formatHistogram', () => {
	const h: Histogram = histogramFromBuckets([b(0, 0, 1), b(1, 1, 1), b(2, 3, 2), b(4, 7, 1), b(8, 15, 0), b(1024, 2047, 3)]);

	it('writes one line per bucket with label, count and a bar between pipes', () => {
		const lines = formatHistogram(h).split('\n');
		expect(lines.map(splitLine)).toEqual([
			{label: '[0]', count: 1, bar: '@'.repeat(17).padEnd(52)},
			{label: '[1]', count: 1, bar: '@'.repeat(17).padEnd(52)},
			{label: '[2, 4)', count: 2, bar: '@'.repeat(34).padEnd(52)},
			{label: '[4, 8)', count: 1, bar: '@'.repeat(17).padEnd(52)},
			{label: '[8, 16)', count: 0, bar: ' '.repeat(52)},
			...['[16, 32)', '[32, 64)', '[64, 128)', '[128, 256)', '[256, 512)', '[512, 1K)'].map(label => ({label, count: 0, bar: ' '.repeat(52)})),
			{label: '[1K, 2K)', count: 3, bar: '@'.repeat(52)},
		]);
	});

	it('aligns the bars of every line in one column', () => {
		const lines = formatHistogram(h).split('\n');
		const pipes = new Set(lines.map(l => l.indexOf('|')));
		const ends = new Set(lines.map(l => l.length));
		expect(pipes.size).toBe(1);
		expect(ends.size).toBe(1);
	});

	it('uses the bar width it is given', () => {
		const lines = formatHistogram(h, 10).split('\n');
		expect(splitLine(lines.at(-1)!).bar).toBe('@'.repeat(10));
		expect(splitLine(lines[2]!).bar).toBe('@@@@@@    ');
	});

	it('gives an empty string for an empty histogram', () => {
		expect(formatHistogram(histogramFromBuckets([]))).toBe('');
	});

	it('prints exactly the lines bpftrace 0.17 prints for the same data', () => {
		// hist-json.ndjson and hist-text.txt are the same bpftrace program run with and
		// without -f json: @h is a hist(), @l an lhist() with both open-ended buckets.
		const records = fs
			.readFileSync(path.join(fixtures, 'hist-json.ndjson'), 'utf8')
			.split('\n')
			.flatMap(line => {
				const r = parseBpftraceLine(line);
				return r.ok ? r.records : [];
			});
		const text = fs.readFileSync(path.join(fixtures, 'hist-text.txt'), 'utf8');
		const bpftraceBlocks = new Map<string, string[]>();
		let current: string[] | undefined;
		for (const line of text.split('\n')) {
			const name = /^(@\w*):\s*$/.exec(line);
			if (name) bpftraceBlocks.set(name[1]!, (current = []));
			else if (line.includes('|') && current) current.push(line);
		}
		expect([...bpftraceBlocks.keys()]).toEqual(['@h', '@l']);
		for (const record of records) {
			if (record.type !== 'hist') continue;
			const ours = formatHistogram(histogramFromBuckets(record.entries[0]!.value)).split('\n');
			const theirs = bpftraceBlocks.get(record.map)!;
			expect(ours).toEqual(theirs);
		}
	});
});
