import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parseBpftraceLine, type BpfRecord} from '../../collectors/bpftrace-json.js';
import {accumulateBio, beginBio, finishBio, mergeBio, MAX_SLOW, weighBio, type BioSample} from '../../source/models/bio.js';
import {allDeviceRows, bioDeviceRows, bioProcessRows} from '../../source/models/bio-rows.js';
import {bioToJson, bioToText} from '../../source/models/bio-output.js';
import {formatHistogram} from '../../source/models/histogram-text.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'bpftrace-0.17');
const read = (name: string): string[] => fs.readFileSync(path.join(fixtures, name), 'utf8').split('\n').filter(l => l.trim() !== '');
const host = JSON.parse(read('biolatency-hostfacts.json')[0]!).data as {blockDevices: Record<string, {name: string; disk: string}>};
const noHost = {blockDevices: {}};

/** The fixture through parser and reducer, one sample per `time` record. */
function samplesOf(name: string, h = host): BioSample[] {
	const samples: BioSample[] = [];
	let acc = beginBio();
	for (const line of read(name)) {
		const parsed = parseBpftraceLine(line);
		if (!parsed.ok) throw new Error(parsed.error);
		for (const record of parsed.records) {
			acc = accumulateBio(acc, record);
			if (record.type === 'time') {
				samples.push(finishBio(acc, (samples.length + 1) * 1000, {intervalSec: 1, host: h}));
				acc = beginBio();
			}
		}
	}
	return samples;
}

/** Sums of a map's values by key suffix, straight from the JSON (independent of the model). */
function rawSum(name: string, map: string, keyTest: (k: string) => boolean): number {
	let sum = 0;
	for (const line of read(name)) {
		const {type, data} = JSON.parse(line) as {type: string; data: Record<string, unknown>};
		if (type !== 'map' || !(map in data)) continue;
		const values = data[map] as number | Record<string, number>;
		if (typeof values === 'number') sum += values;
		else for (const [k, v] of Object.entries(values)) if (keyTest(k)) sum += v;
	}
	return sum;
}

const dd = samplesOf('biolatency-json.ndjson');
const parts = samplesOf('biolatency-partitions-json.ndjson');
const ddMerged = mergeBio(dd);

describe('biolatency on real bpftrace 0.17 output (dd direct I/O on vda)', () => {
	it('makes one sample per interval and drops what follows the last one (printed at exit)', () => {
		expect(dd).toHaveLength(read('biolatency-json.ndjson').filter(l => l.includes('"time"')).length);
		expect(dd.length).toBeGreaterThanOrEqual(3);
	});

	it('names vda from the host facts and counts the 4.9 MB of 16 KiB writes and 1.6 MB of 4 KiB reads dd did', () => {
		const [vda] = allDeviceRows(ddMerged, false).filter(r => r.name === 'vda');
		expect(vda).toMatchObject({key: '254:0', major: 254, minor: 0});
		expect(vda!.writeBytes).toBe(rawSum('biolatency-json.ndjson', '@bytes', k => k === '266338304,0,write'));
		expect(vda!.readBytes).toBe(rawSum('biolatency-json.ndjson', '@bytes', k => k === '266338304,0,read'));
		// dd wrote 300 x 16 KiB and read 400 x 4 KiB with O_DIRECT (a completion can be missed, see README).
		const ddRows = bioProcessRows(ddMerged).filter(r => r.comm === 'dd');
		const ddWrites = ddRows.reduce((n, r) => n + r.writeBytes, 0);
		expect(ddWrites).toBeGreaterThan(0.95 * 300 * 16384);
		expect(ddWrites).toBeLessThanOrEqual(300 * 16384);
		expect(ddRows.reduce((n, r) => n + r.readBytes, 0)).toBeGreaterThanOrEqual(0.95 * 400 * 4096);
		expect(vda!.counts.write).toBeGreaterThan(0.95 * 300);
	});

	it('keeps the queue and device split, and the size histogram', () => {
		const [vda] = allDeviceRows(ddMerged, false);
		expect(vda!.queue.count).toBeGreaterThan(0);
		expect(vda!.device.count).toBe(vda!.latency.count);
		// Sizes and counts are taken at issue, latencies at completion (which can miss a few).
		expect(vda!.size.count).toBe(Object.values(vda!.counts).reduce((a, b) => a + b, 0));
		expect(vda!.latency.count).toBeLessThanOrEqual(vda!.size.count);
		expect(vda!.size.buckets.some(b => b.min === 16384 && b.count >= 280)).toBe(true);
		expect(vda!.avgUs).toBeGreaterThan(0);
		expect(vda!.p50Us!).toBeLessThanOrEqual(vda!.p99Us!);
		expect(vda!.p99Us!).toBeLessThanOrEqual(vda!.maxUs!);
	});

	it('reads the slow I/Os and the count the kernel dropped past its cap of 5', () => {
		const printed = read('biolatency-json.ndjson').filter(l => l.includes('"printf"')).length;
		expect(ddMerged.slow).toHaveLength(printed);
		for (const s of dd) expect(s.slow.length).toBeLessThanOrEqual(5);
		expect(ddMerged.slowDropped).toBe(rawSum('biolatency-json.ndjson', '@slow_dropped', () => true));
		expect(ddMerged.slowDropped).toBeGreaterThan(0);
		for (const s of ddMerged.slow) expect(s.us).toBeGreaterThanOrEqual(500);
		expect(ddMerged.slowUs).toBe(500);
		expect(finishBio(beginBio(), 0, {intervalSec: 1, host}).slowUs).toBeNull();
	});

	it('attributes I/O to processes by pid and comm, dd among them', () => {
		const rows = bioProcessRows(ddMerged);
		const ddRows = rows.filter(r => r.comm === 'dd');
		expect(ddRows.reduce((n, r) => n + r.writeBytes, 0)).toBe(rawSum('biolatency-json.ndjson', '@proc_bytes', k => /,write,dd$/.test(k)));
		expect(ddRows[0]!.disks).toEqual(['vda']);
	});

	it('reads the in-flight gauges of both generations as one number per disk', () => {
		// The last interval's @inflight0/@inflight1 lines; dd had finished, so what is left are
		// I/Os whose completion the kernel did not let the collector see (counted as evicted later).
		const lines = read('biolatency-json.ndjson');
		const times = lines.map((l, i) => (l.includes('"time"') ? i : -1)).filter(i => i >= 0);
		const gauges = lines.slice(times.at(-2)! + 1, times.at(-1)).filter(l => /@inflight[01]/.test(l));
		const raw = gauges.map(l => (JSON.parse(l) as {data: Record<string, Record<string, number>>}).data).reduce((n, d) => n + (Object.values(d)[0]!['266338304'] ?? 0), 0);
		expect(dd.at(-1)!.inflight['254:0']).toBe(raw);
	});
});

describe('partitions (loop0 with two partitions, dd to each and to the whole disk)', () => {
	const merged = mergeBio(parts);

	it('rolls partitions up into their disk by default', () => {
		const loop = allDeviceRows(merged, false).find(r => r.name === 'loop0')!;
		expect(loop.writeBytes).toBe(409600 + 40960);
		expect(loop.readBytes).toBe(409600);
		expect(allDeviceRows(merged, false).map(r => r.name)).not.toContain('loop0p1');
	});

	it('shows them apart with `partitions`, the disk keeping what was written to it directly', () => {
		const rows = allDeviceRows(merged, true);
		const by = (name: string) => rows.find(r => r.name === name)!;
		expect(by('loop0p1')).toMatchObject({major: 259, minor: 0, writeBytes: 409600, readBytes: 0, inflight: null});
		expect(by('loop0p2')).toMatchObject({major: 259, minor: 1, readBytes: 409600, writeBytes: 0});
		expect(by('loop0')).toMatchObject({writeBytes: 40960, inflight: 0});
		expect(by('loop0p1').counts.write).toBe(100);
		expect(by('loop0p2').counts.read).toBe(50);
	});

	it('names devices by number where the host facts do not know them (a replay without host facts)', () => {
		const rows = allDeviceRows(mergeBio(samplesOf('biolatency-partitions-json.ndjson', noHost)), true);
		expect(rows.map(r => r.name)).toEqual(expect.arrayContaining(['7:0', '259:0', '259:1', '254:0']));
	});
});

describe('accumulateBio on hostile or odd records', () => {
	const rec = (r: BpfRecord): BioSample => finishBio(accumulateBio(beginBio(), r), 1000, {intervalSec: 1, host: noHost});

	it('ignores other maps, malformed keys and negative values', () => {
		const acc = beginBio();
		for (const r of [
			{type: 'hist', map: '@other', entries: [{key: '1,0,read', value: [{min: 1, max: 1, count: 1}]}]},
			{type: 'attached', probes: 3},
			{type: 'printf', text: 'not slow'},
		] as BpfRecord[]) expect(accumulateBio(acc, r)).toBe(acc);
		const s = rec({
			type: 'map',
			map: '@bytes',
			entries: [{key: 'x,0,read', value: 5}, {key: '1,0,read,S', value: 5}, {key: '1,0,RS', value: 5}, {key: '266338304,0,read', value: -4}],
		});
		expect(s.series).toHaveLength(1);
		expect(s.series[0]!.bytes).toBe(0);
	});

	it('clamps an in-flight gauge that a lost kernel update left below zero', () => {
		let acc = accumulateBio(beginBio(), {type: 'map', map: '@inflight0', entries: [{key: '266338304', value: -1}]});
		acc = accumulateBio(acc, {type: 'map', map: '@inflight1', entries: [{key: '266338304', value: 3}, {key: 'bad', value: 1}]});
		expect(finishBio(acc, 0, {intervalSec: 1, host: noHost}).inflight).toEqual({'254:0': 2});
		expect(rec({type: 'map', map: '@inflight0', entries: [{key: '266338304', value: -2}]}).inflight).toEqual({'254:0': 0});
	});

	it('keeps at most MAX_SLOW slow I/Os a sample, counting the rest as dropped', () => {
		let acc = beginBio();
		const text = 'slow\t01:02:03.000004\t266338304\t0\t8\t512\t70000\t-1\tW\t1\tx\n';
		for (let i = 0; i < MAX_SLOW + 3; i++) acc = accumulateBio(acc, {type: 'printf', text});
		const s = finishBio(acc, 0, {intervalSec: 1, host: noHost});
		expect(s.slow).toHaveLength(MAX_SLOW);
		expect(s.slowDropped).toBe(3);
		const m = mergeBio([s, s]);
		expect(m.slow).toHaveLength(MAX_SLOW);
		expect(m.slowDropped).toBe(6 + MAX_SLOW);
	});

	it('adds evicted and untracked counts', () => {
		let acc = accumulateBio(beginBio(), {type: 'map', map: '@evicted', entries: [{key: '', value: 4}]});
		acc = accumulateBio(acc, {type: 'map', map: '@untracked', entries: [{key: '', value: 2}]});
		const s = finishBio(acc, 0, {intervalSec: 1, host: noHost});
		expect([s.evicted, s.untracked]).toEqual([4, 2]);
		expect(mergeBio([s, s]).evicted).toBe(8);
	});

	it('counts I/Os and bytes from issue and latencies from completion, per direction', () => {
		let acc = beginBio();
		acc = accumulateBio(acc, {type: 'map', map: '@ios', entries: [{key: '266338304,0,read', value: 6}]});
		acc = accumulateBio(acc, {type: 'map', map: '@bytes', entries: [{key: '266338304,0,read', value: 6 * 4096}]});
		acc = accumulateBio(acc, {type: 'hist', map: '@usecs', entries: [{key: '266338304,0,read', value: [{min: 64, max: 127, count: 5}]}]});
		acc = accumulateBio(acc, {type: 'map', map: '@total_usecs', entries: [{key: '266338304,0,read', value: 500}]});
		const s = finishBio(acc, 0, {intervalSec: 2, host});
		expect(s.series).toHaveLength(1);
		const [row] = allDeviceRows(s, false);
		// One completion unseen: 6 issued, 5 timed.
		expect(row).toMatchObject({name: 'vda', readsPerSec: 3, readBytesPerSec: 12288, avgUs: 100, avgBytes: 4096});
		expect(row!.counts.read).toBe(6);
		expect(row!.latency.count).toBe(5);
	});
});

describe('mergeBio', () => {
	it('adds counts and bytes, keeps the last in-flight gauge and the duration', () => {
		const rows = allDeviceRows(ddMerged, false);
		const sum = dd.map(s => allDeviceRows(s, false).reduce((n, r) => n + r.writeBytes, 0)).reduce((a, b) => a + b, 0);
		expect(rows.reduce((n, r) => n + r.writeBytes, 0)).toBe(sum);
		expect(ddMerged.durationSec).toBe(dd.length);
		expect(ddMerged.inflight).toEqual(dd.at(-1)!.inflight);
		expect(mergeBio([dd[1]!])).toEqual(dd[1]);
	});

	it('merges nothing into an empty sample', () => {
		const none = mergeBio([]);
		expect(none).toMatchObject({t: 0, durationSec: 0, series: [], processes: [], slow: [], evicted: 0});
	});
});

describe('rows: filter, sort, process cap', () => {
	it('filters by device name and sorts by I/O count, p99, throughput or name', () => {
		const s = mergeBio(parts);
		expect(bioDeviceRows(s, {partitions: true, filter: 'P1', sort: 0}).map(r => r.name)).toEqual(['loop0p1']);
		const byName = bioDeviceRows(s, {partitions: true, filter: '', sort: 3}).map(r => r.name);
		expect(byName).toEqual([...byName].sort());
		const byIo = bioDeviceRows(s, {partitions: false, filter: '', sort: 0});
		const total = (r: (typeof byIo)[number]) => Object.values(r.counts).reduce((a, b) => a + b, 0);
		expect(byIo.map(total)).toEqual(byIo.map(total).sort((a, b) => b - a));
		const byP99 = bioDeviceRows(s, {partitions: false, filter: '', sort: 1});
		expect(byP99.map(r => r.p99Us ?? -1)).toEqual(byP99.map(r => r.p99Us ?? -1).sort((a, b) => b - a));
	});

	it('folds processes past the cap into one "others" row with their sums', () => {
		const processes = Array.from({length: 5}, (_, i) => ({pid: 100 + i, comm: `p${i}`, dev: '254:0', direction: 'write' as const, count: 1, timed: 1, totalUs: 10 * (i + 1), bytes: 4096 * (i + 1)}));
		const s: BioSample = {...finishBio(beginBio(), 0, {intervalSec: 1, host}), processes, names: {'254:0': {name: 'vda', disk: 'vda'}}};
		const rows = bioProcessRows(s, '', 2);
		expect(rows.map(r => r.comm)).toEqual(['p4', 'p3', '3 others']);
		expect(rows[2]).toMatchObject({pid: null, writes: 3, writeBytes: 4096 * 6, avgUs: 20, disks: ['vda']});
		expect(bioProcessRows(s, 'p1', 2).map(r => r.pid)).toEqual([101]);
	});
});

describe('bioToJson', () => {
	const json = bioToJson(ddMerged);

	it('has the documented shape per device', () => {
		const vda = json.devices.find(d => d.name === 'vda')!;
		const row = allDeviceRows(ddMerged, false).find(r => r.name === 'vda')!;
		expect(vda).toMatchObject({major: 254, minor: 0, reads: row.counts.read, writes: row.counts.write, readBytes: row.readBytes, writeBytes: row.writeBytes});
		expect(vda.buckets).toEqual(row.latency.buckets);
		expect(vda.queueBuckets).toEqual(row.queue.buckets);
		expect(vda.sizeBuckets).toEqual(row.size.buckets);
		expect(vda.p50Us).toBe(Math.round(row.p50Us! * 10) / 10);
		expect(json.slow[0]).toMatchObject({device: 'vda', major: 254, minor: 0, partition: null});
		expect(json.evicted).toBe(0);
		expect(json.partitions).toEqual([]);
	});

	it('lists partitions apart when the data has them, and survives a JSON round trip', () => {
		const p = bioToJson(mergeBio(parts));
		expect(p.partitions.map(d => d.name)).toEqual(['loop0p1', 'loop0p2']);
		expect(JSON.parse(JSON.stringify(p))).toEqual(p);
	});
});

describe('bioToText', () => {
	it('writes one block per disk like biolatency -D, with bpftrace histograms', () => {
		const text = bioToText(ddMerged);
		const row = allDeviceRows(ddMerged, false).find(r => r.name === 'vda')!;
		expect(text.split('\n')[0]).toMatch(/^Block I\/O latency \(biolatency -D\), \d+s, \d+ I\/Os, 0 evicted, \d+ slow$/);
		expect(text).toContain(`disk = vda  reads ${row.counts.read} `);
		expect(text).toContain(`@usecs[vda]:\n${formatHistogram(row.latency)}`);
		expect(text).toContain(`@queue_usecs[vda]:\n${formatHistogram(row.queue)}`);
		expect(text).toMatch(/^TIME +DISK +T +SECTOR/m);
	});

	it('shows control bytes in names visibly', () => {
		const s: BioSample = {...ddMerged, names: {...ddMerged.names, '254:0': {name: 'vd\u001b[2Ja', disk: 'vda'}}};
		const text = bioToText(s);
		expect(text).not.toContain('\u001b');
		expect(text).toContain('disk = vd^[[2Ja');
	});
});

describe('weighBio', () => {
	it('grows with what the sample holds', () => {
		expect(weighBio(ddMerged)).toBeGreaterThan(weighBio(dd[0]!));
		expect(weighBio(finishBio(beginBio(), 0, {intervalSec: 1, host}))).toBe(256);
	});
});
