import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parseBpftraceLine, type BpfRecord} from '../../collectors/bpftrace-json.js';
import {formatHistogram} from '../../source/models/histogram-text.js';
import {emptyHistogram, histogramFromBuckets, mergeHistograms} from '../../source/models/log2-histogram.js';
import {
	accumulateRunq,
	beginRunq,
	finishRunq,
	mergeRunq,
	runqSummary,
	runqToJson,
	runqToText,
	weighRunq,
	type RunqSample,
} from '../../source/models/runq.js';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'bpftrace-0.17', 'runqlat-json.ndjson');
const rawLines = fs.readFileSync(fixture, 'utf8').split('\n').filter(l => l.trim() !== '');

interface RawBucket {
	min?: number;
	max?: number;
	count: number;
}

/** The fixture's intervals read straight from the JSON, independently of the parser. */
interface RawInterval {
	usecs: RawBucket[];
	usecsCpu: Record<string, RawBucket[]>;
	max: number;
}

function rawIntervals(): RawInterval[] {
	const out: RawInterval[] = [];
	let cur: Partial<RawInterval> = {};
	for (const line of rawLines) {
		const {type, data} = JSON.parse(line) as {type: string; data: any};
		if (type === 'hist' && '@usecs' in data) cur.usecs = data['@usecs'];
		if (type === 'hist' && '@usecs_cpu' in data) cur.usecsCpu = data['@usecs_cpu'];
		if (type === 'map' && '@max_usecs' in data) cur.max = data['@max_usecs'];
		if (type === 'time') {
			out.push(cur as RawInterval);
			cur = {};
		}
	}
	return out;
}

const sum = (buckets: readonly {count: number}[]): number => buckets.reduce((n, b) => n + b.count, 0);

/** Runs the fixture through parser and reducer, one sample per `time` record, t = 1000 ms per interval. */
function samplesFromFixture(): RunqSample[] {
	const samples: RunqSample[] = [];
	let acc = beginRunq();
	for (const line of rawLines) {
		const parsed = parseBpftraceLine(line);
		if (!parsed.ok) throw new Error(parsed.error);
		for (const record of parsed.records) {
			acc = accumulateRunq(acc, record);
			if (record.type === 'time') {
				samples.push(finishRunq(acc, (samples.length + 1) * 1000, {intervalSec: 1}));
				acc = beginRunq();
			}
		}
	}
	return samples;
}

const raw = rawIntervals();
const samples = samplesFromFixture();

describe('accumulateRunq and finishRunq on real bpftrace 0.17 runqlat output', () => {
	it('makes one sample per interval of the recording', () => {
		expect(raw.length).toBeGreaterThanOrEqual(3);
		expect(samples).toHaveLength(raw.length);
	});

	it('takes the overall histogram from @usecs with every event counted', () => {
		samples.forEach((s, i) => {
			expect(s.all.count).toBe(sum(raw[i]!.usecs));
			expect(s.all.count).toBeGreaterThan(0);
			expect(s.all.buckets[0]!.min).toBe(raw[i]!.usecs[0]!.min);
			expect(s.all.buckets.at(-1)!.max).toBe(raw[i]!.usecs.at(-1)!.max);
		});
	});

	it('takes one histogram per CPU from @usecs_cpu, keyed by CPU number', () => {
		samples.forEach((s, i) => {
			const cpus = Object.keys(raw[i]!.usecsCpu).map(Number).sort((a, b) => a - b);
			expect([...s.perCpu.keys()].sort((a, b) => a - b)).toEqual(cpus);
			for (const cpu of cpus) expect(s.perCpu.get(cpu)!.count).toBe(sum(raw[i]!.usecsCpu[String(cpu)]!));
			// Both maps count the same events (printing them is not atomic, so allow a few).
			const perCpuTotal = [...s.perCpu.values()].reduce((n, h) => n + h.count, 0);
			expect(Math.abs(perCpuTotal - s.all.count)).toBeLessThanOrEqual(Math.ceil(s.all.count * 0.01));
		});
	});

	it('takes the exact maximum from @max_usecs', () => {
		samples.forEach((s, i) => expect(s.max).toBe(raw[i]!.max));
	});

	it('stamps the sample with its time and duration', () => {
		expect(samples.map(s => s.t)).toEqual(samples.map((_, i) => (i + 1) * 1000));
		for (const s of samples) expect(s.durationSec).toBe(1);
	});

	it('ignores records of other maps and types, returning the accumulator unchanged', () => {
		const acc = beginRunq();
		const others: BpfRecord[] = [
			{type: 'attached', probes: 7},
			{type: 'time', text: '12:00:00\n'},
			{type: 'hist', map: '@other', entries: [{key: '', value: [{min: 1, max: 1, count: 1}]}]},
			{type: 'map', map: '@usecs', entries: [{key: '', value: 3}]},
			{type: 'unknown', kind: 'x'},
		];
		for (const r of others) expect(accumulateRunq(acc, r)).toBe(acc);
	});

	it('does not modify the accumulator it is given', () => {
		const acc = beginRunq();
		const next = accumulateRunq(acc, {type: 'hist', map: '@usecs', entries: [{key: '', value: [{min: 2, max: 3, count: 5}]}]});
		expect(next.all.count).toBe(5);
		expect(acc.all).toEqual(emptyHistogram);
		expect(acc.perCpu.size).toBe(0);
		expect(acc.max).toBeNull();
	});

	it('skips @usecs_cpu keys that are not CPU numbers', () => {
		const acc = accumulateRunq(beginRunq(), {
			type: 'hist',
			map: '@usecs_cpu',
			entries: [
				{key: '3', value: [{min: 2, max: 3, count: 1}]},
				{key: 'cpu?', value: [{min: 2, max: 3, count: 1}]},
			],
		});
		expect([...acc.perCpu.keys()]).toEqual([3]);
	});

	it('keeps the previous max when @max_usecs is not a number', () => {
		let acc = accumulateRunq(beginRunq(), {type: 'map', map: '@max_usecs', entries: [{key: '', value: 12}]});
		acc = accumulateRunq(acc, {type: 'map', map: '@max_usecs', entries: [{key: '', value: 'n/a'}]});
		expect(acc.max).toBe(12);
	});

	it('gives an empty sample for an interval with nothing in it', () => {
		const s = finishRunq(beginRunq(), 5000, {intervalSec: 1});
		expect(s).toEqual({all: emptyHistogram, perCpu: new Map(), max: null, t: 5000, durationSec: 1});
	});
});

describe('mergeRunq', () => {
	const merged = mergeRunq(samples);

	it('adds durations and keeps the time of the last sample', () => {
		expect(merged.durationSec).toBe(samples.length);
		expect(merged.t).toBe(samples.at(-1)!.t);
	});

	it('adds the histograms of all samples', () => {
		expect(merged.all.count).toBe(samples.reduce((n, s) => n + s.all.count, 0));
		expect(merged.all).toEqual(mergeHistograms(samples.map(s => s.all)));
	});

	it('adds the histograms of each CPU, CPUs in ascending order', () => {
		const cpus = [...new Set(samples.flatMap(s => [...s.perCpu.keys()]))].sort((a, b) => a - b);
		expect([...merged.perCpu.keys()]).toEqual(cpus);
		for (const cpu of cpus) {
			expect(merged.perCpu.get(cpu)!.count).toBe(samples.reduce((n, s) => n + (s.perCpu.get(cpu)?.count ?? 0), 0));
		}
	});

	it('keeps the largest exact max', () => {
		expect(merged.max).toBe(Math.max(...raw.map(r => r.max)));
	});

	it('ignores samples without a max and gives null when none has one', () => {
		const a = finishRunq(beginRunq(), 1000, {intervalSec: 1});
		const withMax = finishRunq({...beginRunq(), max: 40}, 2000, {intervalSec: 1});
		expect(mergeRunq([a, withMax]).max).toBe(40);
		expect(mergeRunq([a, a]).max).toBeNull();
	});

	it('merges no samples into an empty one', () => {
		const none = mergeRunq([]);
		expect(none).toEqual({t: 0, durationSec: 0, all: emptyHistogram, perCpu: new Map(), max: null});
	});

	it('merging one sample gives that sample back', () => {
		expect(mergeRunq([samples[0]!])).toEqual(samples[0]);
	});
});

describe('runqToJson', () => {
	it('reports µs percentiles rounded to 0.1, the exact max and the buckets', () => {
		const s = samples[0]!;
		const json = runqToJson(s);
		const summary = runqSummary(s);
		expect(json.unit).toBe('us');
		expect(json.count).toBe(s.all.count);
		expect(json.max).toBe(raw[0]!.max);
		expect(json.p50).toBe(Math.round(summary.p50! * 10) / 10);
		expect(json.p90).toBe(Math.round(summary.p90! * 10) / 10);
		expect(json.p99).toBe(Math.round(summary.p99! * 10) / 10);
		expect(json.buckets).toEqual(s.all.buckets);
		expect(json.p50!).toBeLessThanOrEqual(json.p90!);
		expect(json.p90!).toBeLessThanOrEqual(json.p99!);
		expect(json.p99!).toBeLessThanOrEqual(json.max!);
	});

	it('reports a summary per CPU', () => {
		const s = samples[0]!;
		const json = runqToJson(s);
		expect(json.perCpu.map(c => c.cpu)).toEqual([...s.perCpu.keys()]);
		for (const c of json.perCpu) expect(c.count).toBe(s.perCpu.get(c.cpu)!.count);
	});

	it('survives a JSON round trip unchanged (no Maps or undefined in it)', () => {
		const json = runqToJson(mergeRunq(samples));
		expect(JSON.parse(JSON.stringify(json))).toEqual(json);
	});

	it('gives null percentiles for an empty sample', () => {
		const json = runqToJson(finishRunq(beginRunq(), 0, {intervalSec: 1}));
		expect(json).toEqual({unit: 'us', count: 0, p50: null, p90: null, p99: null, max: null, buckets: [], perCpu: []});
	});

	it('gives known answers for a hand-made sample', () => {
		const all = histogramFromBuckets([
			{min: 0, max: 0, count: 1},
			{min: 1, max: 1, count: 1},
			{min: 2, max: 3, count: 2},
			{min: 4, max: 7, count: 4},
		]);
		const json = runqToJson({t: 1000, durationSec: 1, all, perCpu: new Map([[0, all]]), max: 6});
		expect(json).toMatchObject({count: 8, p50: 3, p90: 6, p99: 6, max: 6});
		// Per CPU there is no exact max: the top bucket's upper edge bounds it.
		expect(json.perCpu).toEqual([{cpu: 0, count: 8, p50: 3, p90: 6.4, p99: 6.9, max: 7}]);
	});
});

describe('runqToText', () => {
	it('writes a header, the percentiles and the histogram as bpftrace draws it', () => {
		const s = samples[0]!;
		const summary = runqSummary(s);
		const lines = runqToText(s).split('\n');
		expect(lines[0]).toBe(`Run-queue latency (runqlat), 1s, ${s.all.count} events`);
		expect(lines[1]).toBe(
			`p50 ${Math.round(summary.p50!)} us   p90 ${Math.round(summary.p90!)} us   p99 ${Math.round(summary.p99!)} us   max ${raw[0]!.max} us`,
		);
		expect(lines[2]).toBe('');
		expect(lines[3]).toBe('@usecs:');
		expect(lines.slice(4).join('\n')).toBe(formatHistogram(s.all));
		expect(lines.length).toBe(4 + s.all.buckets.length);
	});

	it('writes dashes for an empty sample', () => {
		const text = runqToText(finishRunq(beginRunq(), 0, {intervalSec: 2}));
		expect(text.split('\n').slice(0, 2)).toEqual([
			'Run-queue latency (runqlat), 2s, 0 events',
			'p50 - us   p90 - us   p99 - us   max - us',
		]);
	});
});

describe('weighRunq', () => {
	it('grows with the number of buckets held', () => {
		const s = samples[0]!;
		const buckets = s.all.buckets.length + [...s.perCpu.values()].reduce((n, h) => n + h.buckets.length, 0);
		expect(weighRunq(s)).toBe(64 * buckets + 256);
		expect(weighRunq(finishRunq(beginRunq(), 0, {intervalSec: 1}))).toBe(256);
	});
});
