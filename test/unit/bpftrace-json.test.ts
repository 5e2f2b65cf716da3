import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parseBpftraceLine, type BpfRecord} from '../../collectors/bpftrace-json.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Newer bpftrace versions' JSON shapes, copied from the project's shared fixtures. */
const sharedFixtures = path.join(repoRoot, 'test', 'fixtures', 'bpftrace-json');
const realFixture = path.join(repoRoot, 'test', 'fixtures', 'bpftrace-0.17', 'runqlat-json.ndjson');

/** The lines bpftrace would print for one fixture file: one compact JSON object per line. */
function fixtureLines(file: string): string[] {
	const text = fs.readFileSync(path.join(sharedFixtures, file), 'utf8');
	if (file.endsWith('.ndjson')) return text.split('\n').filter(l => l.trim() !== '');
	return [JSON.stringify(JSON.parse(text))];
}

function parseOk(line: string): BpfRecord[] {
	const result = parseBpftraceLine(line);
	if (!result.ok) throw new Error(`expected ok parse of ${line}: ${result.error}`);
	return result.records;
}

const parseFixture = (file: string): BpfRecord[] => fixtureLines(file).flatMap(parseOk);

const fixtureFiles = fs.readdirSync(sharedFixtures).filter(f => f.endsWith('.json') || f.endsWith('.ndjson'));

const series = (values: number[], startTenths: number) =>
	values.map((value, i) => ({start: `1970-01-01 00:00:00.${startTenths + i}00000000`, value}));

/** The exact records each shared fixture must parse to. */
const expected: Record<string, BpfRecord[]> = {
	'complex.json': [{type: 'map', map: '@complex', entries: [{key: 'bpftrace,2', value: 5}]}],
	'hist.json': [
		{
			type: 'hist',
			map: '@hist',
			entries: [
				{
					key: '',
					value: [
						{min: 2, max: 3, count: 1},
						{min: 4, max: 7, count: 0},
						{min: 8, max: 15, count: 0},
						{min: 16, max: 31, count: 0},
						{min: 32, max: 63, count: 0},
						{min: 64, max: 127, count: 0},
						{min: 128, max: 255, count: 0},
						{min: 256, max: 511, count: 0},
						{min: 512, max: 1023, count: 0},
						{min: 1024, max: 2047, count: 1},
					],
				},
			],
		},
	],
	'hist_10g.json': [
		{type: 'hist', map: '@', entries: [{key: '', value: [{min: 8589934592, max: 17179869183, count: 1}]}]},
	],
	'hist_zero.json': [{type: 'hist', map: '@hist', entries: [{key: '', value: []}]}],
	'lhist_zero.json': [{type: 'hist', map: '@h', entries: [{key: '', value: []}]}],
	'hist_multiple_multiple_keys.json': [
		{
			type: 'hist',
			map: '@',
			entries: [
				{key: 'bpftrace,2', value: [{min: 2, max: 3, count: 1}]},
				{
					key: 'curl,3',
					value: [
						{min: 256, max: 511, count: 1},
						{min: 512, max: 1023, count: 0},
						{min: 1024, max: 2047, count: 1},
					],
				},
			],
		},
	],
	'map.json': [
		{
			type: 'map',
			map: '@map',
			entries: [
				{key: 'key1', value: 2},
				{key: 'key2', value: 3},
			],
		},
	],
	'multiple_maps.ndjson': [
		{type: 'map', map: '@map1', entries: [{key: 'key1', value: 2}]},
		{type: 'map', map: '@map2', entries: [{key: 'key2', value: 3}]},
	],
	'scalar.json': [{type: 'map', map: '@scalar', entries: [{key: '', value: 5}]}],
	'scalar_str.json': [{type: 'map', map: '@scalar_str', entries: [{key: '', value: 'a b \n d e'}]}],
	'stats.json': [{type: 'stats', map: '@stats', entries: [{key: '', value: {count: 2, average: 6, total: 12}}]}],
	'stats_multiple.json': [
		{
			type: 'stats',
			map: '@stats',
			entries: [
				{key: 'curl', value: {count: 1, average: 2, total: 2}},
				{key: 'zsh', value: {count: 1, average: 10, total: 10}},
			],
		},
	],
	'tseries.json': [{type: 'tseries', map: '@a', entries: [{key: '', value: series([9, 9, 9, 9, 9], 5)}]}],
	'tseries_avg.json': [{type: 'tseries', map: '@a', entries: [{key: '', value: series([4, 4, 4, 4, 4], 5)}]}],
	'tseries_max.json': [{type: 'tseries', map: '@a', entries: [{key: '', value: series([9, 9, 9, 9, 9], 5)}]}],
	'tseries_min.json': [{type: 'tseries', map: '@a', entries: [{key: '', value: series([0, 0, 0, 0, 0], 5)}]}],
	'tseries_zero.json': [{type: 'tseries', map: '@a', entries: [{key: '', value: []}]}],
	'tseries_multiple.json': [
		{
			type: 'tseries',
			map: '@a',
			entries: [
				{key: 'one', value: series([0, 5, 5, 5, 5], 0)},
				{key: 'two', value: series([4, 4, 4, 4, 4], 5)},
			],
		},
	],
};

describe('parseBpftraceLine over every shared bpftrace JSON fixture', () => {
	it('finds the fixture directory with files in it', () => {
		expect(fixtureFiles.length).toBeGreaterThanOrEqual(20);
	});

	it.each(fixtureFiles)('%s parses without error into records of its own type', file => {
		const lines = fixtureLines(file);
		expect(lines.length).toBeGreaterThan(0);
		for (const line of lines) {
			const raw = JSON.parse(line) as {type: string; data: Record<string, unknown>};
			const records = parseOk(line);
			// One record per map the line holds, each named after it and of the line's type.
			expect(records.map(r => ('map' in r ? r.map : undefined))).toEqual(Object.keys(raw.data));
			for (const record of records) expect(record.type).toBe(raw.type);
		}
	});

	it.each(Object.keys(expected))('%s parses to exactly the expected records', file => {
		expect(parseFixture(file)).toEqual(expected[file]);
	});

	it('keeps every bucket of hist_2args.json in order with its bounds', () => {
		const [record] = parseFixture('hist_2args.json');
		expect(record?.type).toBe('hist');
		if (record?.type !== 'hist') return;
		const buckets = record.entries[0]!.value;
		expect(record.entries.map(e => e.key)).toEqual(['']);
		expect(buckets).toHaveLength(64);
		expect(buckets[0]).toEqual({min: 0, max: 0, count: 1});
		expect(buckets[16]).toEqual({min: 16, max: 17, count: 2});
		expect(buckets.at(-1)).toEqual({min: 960, max: 1023, count: 64});
		// One count for each value 0..1023.
		expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(1024);
	});

	it('reads an open-ended lower bucket ({"max": -1}) of a keyed hist as min null', () => {
		const [record] = parseFixture('hist_multiple.json');
		if (record?.type !== 'hist') throw new Error('expected a hist record');
		expect(record.map).toBe('@');
		expect(record.entries.map(e => e.key)).toEqual(['bpftrace', 'curl']);
		expect(record.entries[0]!.value).toEqual([{min: 2, max: 3, count: 1}]);
		const curl = record.entries[1]!.value;
		expect(curl).toHaveLength(13);
		expect(curl[0]).toEqual({min: null, max: -1, count: 1});
		expect(curl[1]).toEqual({min: 0, max: 0, count: 1});
		expect(curl.at(-1)).toEqual({min: 1024, max: 2047, count: 2});
	});

	it('reads an open-ended upper lhist bucket ({"min": 100}) as max null', () => {
		const [record] = parseFixture('lhist.json');
		if (record?.type !== 'hist') throw new Error('expected a hist record');
		const buckets = record.entries[0]!.value;
		expect(record.entries[0]!.key).toBe('');
		expect(buckets).toHaveLength(11);
		expect(buckets[0]).toEqual({min: 0, max: 9, count: 1});
		expect(buckets[5]).toEqual({min: 50, max: 59, count: 1});
		expect(buckets[10]).toEqual({min: 100, max: null, count: 1});
	});

	it('reads a keyed lhist with an open-ended bucket under one key only', () => {
		const [record] = parseFixture('lhist_multiple.json');
		if (record?.type !== 'hist') throw new Error('expected a hist record');
		expect(record.map).toBe('@stats');
		expect(record.entries.map(e => e.key)).toEqual(['curl', 'bpftrace']);
		expect(record.entries[0]!.value).toEqual([{min: 50, max: 59, count: 1}]);
		expect(record.entries[1]!.value.at(-1)).toEqual({min: 100, max: null, count: 1});
	});

	it('parses the pretty-printed form of a fixture the same as the one-line form', () => {
		const pretty = fs.readFileSync(path.join(sharedFixtures, 'hist_multiple_multiple_keys.json'), 'utf8');
		// A whole pretty-printed document is still one JSON value.
		expect(parseOk(pretty)).toEqual(parseFixture('hist_multiple_multiple_keys.json'));
	});
});

describe('parseBpftraceLine on bpftrace message types', () => {
	it('reads attached_probes from 0.17 (no count) and newer versions (extra count field)', () => {
		expect(parseOk('{"type": "attached_probes", "data": {"probes": 7}}')).toEqual([{type: 'attached', probes: 7}]);
		expect(parseOk('{"type":"attached_probes","data":{"probes":7,"count":7}}')).toEqual([{type: 'attached', probes: 7}]);
	});

	it('reads lost_events with and without the newer count field', () => {
		expect(parseOk('{"type":"lost_events","data":{"events":3,"count":3}}')).toEqual([{type: 'lost', events: 3}]);
		expect(parseOk('{"type":"lost_events","data":{"events":12}}')).toEqual([{type: 'lost', events: 12}]);
	});

	it('reads a missing or non-numeric count as zero rather than failing', () => {
		expect(parseOk('{"type":"lost_events","data":{}}')).toEqual([{type: 'lost', events: 0}]);
		expect(parseOk('{"type":"attached_probes","data":"seven"}')).toEqual([{type: 'attached', probes: 0}]);
	});

	it('reads printf and time text verbatim, newline included', () => {
		expect(parseOk('{"type": "time", "data": "14:26:50\\n"}')).toEqual([{type: 'time', text: '14:26:50\n'}]);
		expect(parseOk('{"type":"printf","data":"pid 42 ran\\n"}')).toEqual([{type: 'printf', text: 'pid 42 ran\n'}]);
	});

	it('turns an unknown type into an unknown record naming the type', () => {
		expect(parseOk('{"type":"helper_error","data":{"msg":"x"}}')).toEqual([{type: 'unknown', kind: 'helper_error'}]);
		expect(parseOk('{"type":"syscall","data":"ls"}')).toEqual([{type: 'unknown', kind: 'syscall'}]);
	});

	it('ignores unknown fields beside type and data', () => {
		expect(parseOk('{"type":"map","data":{"@x":1},"extra":true}')).toEqual([
			{type: 'map', map: '@x', entries: [{key: '', value: 1}]},
		]);
	});

	it('splits a line holding several maps into one record per map', () => {
		const records = parseOk('{"type":"map","data":{"@a":1,"@b":{"k":2}}}');
		expect(records).toEqual([
			{type: 'map', map: '@a', entries: [{key: '', value: 1}]},
			{type: 'map', map: '@b', entries: [{key: 'k', value: 2}]},
		]);
	});

	it('reports map data that is not an object as an unknown malformed-data record', () => {
		expect(parseOk('{"type":"hist","data":[1,2]}')).toEqual([{type: 'unknown', kind: 'malformed-data'}]);
		expect(parseOk('{"type":"map"}')).toEqual([{type: 'unknown', kind: 'malformed-data'}]);
	});

	it('skips keyed values of the wrong shape instead of failing the whole map', () => {
		const records = parseOk('{"type":"map","data":{"@m":{"good":1,"bad":[1],"worse":{"x":1}}}}');
		expect(records).toEqual([{type: 'map', map: '@m', entries: [{key: 'good', value: 1}]}]);
	});

	it('drops non-object buckets and reads a missing bucket count as zero', () => {
		const records = parseOk('{"type":"hist","data":{"@h":[{"min":1,"max":1},7,null,{"min":2,"max":3,"count":4}]}}');
		expect(records).toEqual([
			{
				type: 'hist',
				map: '@h',
				entries: [
					{
						key: '',
						value: [
							{min: 1, max: 1, count: 0},
							{min: 2, max: 3, count: 4},
						],
					},
				],
			},
		]);
	});
});

describe('parseBpftraceLine on lines that are not records', () => {
	it.each(['', '   ', '\t', '\r'])('gives no records and no error for a blank line %j', line => {
		expect(parseBpftraceLine(line)).toEqual({ok: true, records: []});
	});

	it.each([
		'Attaching 7 probes...',
		'{"type": "hist", "data": {"@usecs": [{"min": 1',
		'garbage}',
		'@usecs:',
	])('reports a line that is not JSON as an error: %j', line => {
		const result = parseBpftraceLine(line);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.error).toMatch(/^not JSON: /);
	});

	it.each(['42', '"text"', 'null', '[{"type":"map"}]', '{"data":{}}', '{"type":3,"data":{}}'])(
		'reports JSON without a string "type" as an error: %s',
		line => {
			const result = parseBpftraceLine(line);
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.error).toMatch(/no "type" field|not a JSON object/);
		},
	);

	it('keeps the error message short for a long garbage line', () => {
		const result = parseBpftraceLine('x'.repeat(10_000));
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.error.length).toBeLessThan(120);
	});
});

describe('parseBpftraceLine on real bpftrace 0.17 output (runqlat.bt)', () => {
	const lines = fs.readFileSync(realFixture, 'utf8').split('\n');
	const results = lines.map(line => parseBpftraceLine(line));
	const records = results.flatMap(r => (r.ok ? r.records : []));

	it('parses every line without an error and without unknown records', () => {
		expect(lines.length).toBeGreaterThan(10);
		expect(results.filter(r => !r.ok)).toEqual([]);
		expect(records.filter(r => r.type === 'unknown')).toEqual([]);
	});

	it('reads the attached probes line that 0.17 prints first', () => {
		expect(records[0]).toEqual({type: 'attached', probes: 7});
	});

	it('finds the unkeyed @usecs log2 histogram every interval', () => {
		const hists = records.filter((r): r is Extract<BpfRecord, {type: 'hist'}> => r.type === 'hist' && r.map === '@usecs');
		expect(hists.length).toBeGreaterThanOrEqual(3);
		for (const h of hists) {
			expect(h.entries).toHaveLength(1);
			expect(h.entries[0]!.key).toBe('');
			const buckets = h.entries[0]!.value;
			expect(buckets.length).toBeGreaterThan(0);
			for (const b of buckets) {
				expect(b.min).not.toBeNull();
				expect(b.max).not.toBeNull();
				expect(b.max!).toBeGreaterThanOrEqual(b.min!);
				expect(b.count).toBeGreaterThanOrEqual(0);
			}
			expect(buckets.reduce((n, b) => n + b.count, 0)).toBeGreaterThan(0);
		}
	});

	it('finds the @usecs_cpu histogram keyed by CPU number', () => {
		const hists = records.filter((r): r is Extract<BpfRecord, {type: 'hist'}> => r.type === 'hist' && r.map === '@usecs_cpu');
		expect(hists.length).toBeGreaterThanOrEqual(3);
		for (const h of hists) {
			expect(h.entries.length).toBeGreaterThan(0);
			for (const e of h.entries) {
				expect(e.key).toMatch(/^\d+$/);
				expect(e.value.length).toBeGreaterThan(0);
			}
		}
	});

	it('finds @max_usecs as an unkeyed numeric map value', () => {
		const maxes = records.filter((r): r is Extract<BpfRecord, {type: 'map'}> => r.type === 'map' && r.map === '@max_usecs');
		expect(maxes.length).toBeGreaterThanOrEqual(3);
		for (const m of maxes) {
			expect(m.entries).toHaveLength(1);
			expect(m.entries[0]!.key).toBe('');
			expect(typeof m.entries[0]!.value).toBe('number');
		}
	});

	it('finds one time record closing each interval, after that interval\'s maps', () => {
		const times = records.filter(r => r.type === 'time');
		const usecs = records.filter(r => r.type === 'hist' && r.map === '@usecs');
		expect(times.length).toBe(usecs.length);
		for (const t of times) expect(t.type === 'time' && t.text).toMatch(/^\d\d:\d\d:\d\d\n$/);
		expect(records.at(-1)?.type).toBe('time');
	});

	it('gives no records for the blank lines 0.17 prints for cleared maps at exit', () => {
		const blank = lines.map((l, i) => [l, results[i]] as const).filter(([l]) => l.trim() === '');
		expect(blank.length).toBeGreaterThan(0);
		for (const [, r] of blank) expect(r).toEqual({ok: true, records: []});
	});
});
