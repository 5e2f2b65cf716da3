import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it, vi} from 'vitest';
import type {CollectorRecord} from '../../collectors/collector-record.js';
import {bpftraceCollector, samplerCollector, type CollectorSpec} from '../../collectors/collector-spec.js';
import {unknownHost} from '../../source/models/host-facts.js';
import {accumulateRunq, beginRunq, finishRunq, mergeRunq, runqToJson, runqToText, weighRunq, type RunqAccumulator, type RunqSample} from '../../source/models/runq.js';
import type {FinishContext, Pane} from '../../source/panes/pane.js';
import {SESSION_COLLECTORS} from '../../source/session.js';
import {batchedPublisher} from '../../source/store/sample-publisher.js';
import {Pipeline} from '../../source/pipeline.js';
import type {Recorder} from '../../source/recording/recorder.js';
import type {RecordedLine} from '../../source/recording/recording-format.js';
import {allSamples, createTracetopStore, intervalsHeld, visibleSamples, type TracetopStore} from '../../source/store/store.js';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'bpftrace-0.17', 'runqlat-json.ndjson');

const filters = {intervalSec: 1, pids: []};
const spec = (id: string): CollectorSpec => bpftraceCollector(id, filters, {tracepoints: []});

interface TraceSample {
	t: number;
	intervalSec: number;
	/** "collector:recordType" for each record accumulated in the interval. */
	seen: string[];
}

/** A pane that remembers which records it was fed; `fail` makes accumulate throw. */
function tracePane(id: string, specs: CollectorSpec[], fail?: (record: CollectorRecord) => boolean): Pane<TraceSample, string[]> {
	return {
		id,
		title: id,
		description: `test pane ${id}`,
		snapshotKey: id,
		sorts: [],
		keys: [],
		collectors: () => specs,
		begin: () => [],
		accumulate(acc, record, collectorId) {
			if (fail?.(record)) throw new Error(`${id} cannot take a ${record.type} record`);
			return [...acc, `${collectorId}:${record.type}`];
		},
		finish: (acc, t, ctx) => ({t, intervalSec: ctx.intervalSec, seen: acc}),
		merge: samples => samples.at(-1)!,
		toJson: s => s,
		toText: s => s.seen.join('\n'),
		weigh: s => 100 + s.seen.length,
	};
}

function setup(panes: Array<Pane<any, any>>, recorder?: Recorder, intervalSec = 1) {
	const store: TracetopStore = createTracetopStore({host: 'h', kernel: 'k', mode: 'replay', intervalSec, startedAt: 0});
	const byPane = new Map(panes.map(p => [p.id, p.collectors(filters, {})]));
	const pipeline = new Pipeline({panes, specsByPane: byPane, intervalSec, store, recorder});
	return {store, pipeline};
}

const TIME = '{"type": "time", "data": "14:26:50\\n"}';
const HIST = '{"type": "hist", "data": {"@usecs": [{"min": 2, "max": 3, "count": 5}]}}';
const MAP = '{"type": "map", "data": {"@max_usecs": 7}}';

describe('Pipeline samples', () => {
	it('adds a sample to the store on a time record from the pane\'s first collector', () => {
		const runq = spec('runqlat');
		const {store, pipeline} = setup([tracePane('runq', [runq])]);
		pipeline.ingest(100, 'runqlat', HIST);
		pipeline.ingest(110, 'runqlat', MAP);
		expect(allSamples(store.getState(), 'runq')).toEqual([]);
		pipeline.ingest(1000, 'runqlat', TIME);
		expect(allSamples(store.getState(), 'runq')).toEqual([
			{t: 1000, intervalSec: 1, seen: ['runqlat:hist', 'runqlat:map', 'runqlat:time']},
		]);
		expect(store.getState().now).toBe(1000);
	});

	it('starts a fresh accumulator for each interval', () => {
		const {store, pipeline} = setup([tracePane('runq', [spec('runqlat')])]);
		pipeline.ingest(100, 'runqlat', HIST);
		pipeline.ingest(1000, 'runqlat', TIME);
		pipeline.ingest(1100, 'runqlat', MAP);
		pipeline.ingest(2000, 'runqlat', TIME);
		expect(allSamples<TraceSample>(store.getState(), 'runq').map(s => [s.t, s.seen])).toEqual([
			[1000, ['runqlat:hist', 'runqlat:time']],
			[2000, ['runqlat:map', 'runqlat:time']],
		]);
	});

	it('takes the interval length from the session and the weight from the pane', () => {
		const {store, pipeline} = setup([tracePane('runq', [spec('runqlat')])], undefined, 5);
		pipeline.ingest(5000, 'runqlat', TIME);
		expect(allSamples<TraceSample>(store.getState(), 'runq')[0]!.intervalSec).toBe(5);
		expect(store.getState().history.runq!.bytes).toBe(101);
	});

	it('feeds records of every collector of the pane but closes the sample only on the first one\'s time', () => {
		const {store, pipeline} = setup([tracePane('io', [spec('biolatency'), spec('biosnoop')])]);
		pipeline.ingest(100, 'biosnoop', MAP);
		pipeline.ingest(200, 'biosnoop', TIME);
		expect(allSamples(store.getState(), 'io')).toEqual([]);
		pipeline.ingest(300, 'biolatency', HIST);
		pipeline.ingest(1000, 'biolatency', TIME);
		expect(allSamples<TraceSample>(store.getState(), 'io')).toEqual([
			{t: 1000, intervalSec: 1, seen: ['biosnoop:map', 'biosnoop:time', 'biolatency:hist', 'biolatency:time']},
		]);
	});

	it('does not feed a pane records of collectors it did not ask for', () => {
		const {store, pipeline} = setup([tracePane('runq', [spec('runqlat')])]);
		pipeline.ingest(100, 'syscalls', HIST);
		pipeline.ingest(200, 'syscalls', TIME);
		pipeline.ingest(1000, 'runqlat', TIME);
		expect(allSamples<TraceSample>(store.getState(), 'runq').map(s => s.seen)).toEqual([['runqlat:time']]);
	});

	it('gives each of two panes sharing a collector its own samples', () => {
		const runq = spec('runqlat');
		const {store, pipeline} = setup([tracePane('a', [runq]), tracePane('b', [runq])]);
		pipeline.ingest(100, 'runqlat', HIST);
		pipeline.ingest(1000, 'runqlat', TIME);
		// Each pane saw each record once, in its own accumulator.
		expect(allSamples<TraceSample>(store.getState(), 'a').map(s => s.seen)).toEqual([['runqlat:hist', 'runqlat:time']]);
		expect(allSamples<TraceSample>(store.getState(), 'b').map(s => s.seen)).toEqual([['runqlat:hist', 'runqlat:time']]);
	});

	it('ignores a pane without collectors', () => {
		const {store, pipeline} = setup([tracePane('none', []), tracePane('runq', [spec('runqlat')])]);
		pipeline.ingest(1000, 'runqlat', TIME);
		expect(store.getState().history.none).toBeUndefined();
		expect(allSamples(store.getState(), 'runq')).toHaveLength(1);
	});
});

describe('Pipeline collector counters', () => {
	it('sums lost_events into the collector\'s status', () => {
		const {store, pipeline} = setup([tracePane('runq', [spec('runqlat')])]);
		pipeline.ingest(100, 'runqlat', '{"type":"lost_events","data":{"events":3,"count":3}}');
		expect(store.getState().collectors.runqlat?.lostEvents).toBe(3);
		pipeline.ingest(200, 'runqlat', '{"type": "lost_events", "data": {"events": 4}}');
		expect(store.getState().collectors.runqlat?.lostEvents).toBe(7);
	});

	it('keeps lost events of each collector apart', () => {
		const {store, pipeline} = setup([tracePane('runq', [spec('runqlat'), spec('other')])]);
		pipeline.ingest(100, 'runqlat', '{"type":"lost_events","data":{"events":3}}');
		pipeline.ingest(100, 'other', '{"type":"lost_events","data":{"events":10}}');
		expect(store.getState().collectors.runqlat?.lostEvents).toBe(3);
		expect(store.getState().collectors.other?.lostEvents).toBe(10);
	});

	it('counts malformed lines per collector and goes on', () => {
		const {store, pipeline} = setup([tracePane('runq', [spec('runqlat')])]);
		pipeline.ingest(100, 'runqlat', 'Attaching 7 probes...');
		pipeline.ingest(110, 'runqlat', '{"type": "hist", "data": {"@usecs": [{"mi');
		pipeline.ingest(120, 'runqlat', '');
		pipeline.ingest(130, 'runqlat', '{"no":"type"}');
		expect(store.getState().collectors.runqlat?.malformedLines).toBe(3);
		pipeline.ingest(1000, 'runqlat', TIME);
		expect(allSamples<TraceSample>(store.getState(), 'runq').map(s => s.seen)).toEqual([['runqlat:time']]);
		expect(store.getState().collectors.runqlat?.malformedLines).toBe(3);
	});

	it('counts lost events and malformed lines of collectors no pane reads', () => {
		const {store, pipeline} = setup([]);
		pipeline.ingest(100, 'orphan', 'garbage');
		pipeline.ingest(100, 'orphan', '{"type":"lost_events","data":{"events":2}}');
		expect(store.getState().collectors.orphan).toMatchObject({malformedLines: 1, lostEvents: 2});
	});
});

describe('Pipeline joined intervals (a collector\'s span)', () => {
	const span = (n: number, forced = 0) => `{"type": "printf", "data": "span ${n} ${forced}\\n"}`;

	it('makes the sample as long as the intervals its clock joined, then one interval again', () => {
		const {store, pipeline} = setup([tracePane('runq', [spec('runqlat')])]);
		pipeline.ingest(100, 'runqlat', span(3));
		pipeline.ingest(110, 'runqlat', HIST);
		pipeline.ingest(3000, 'runqlat', TIME);
		pipeline.ingest(3100, 'runqlat', HIST);
		pipeline.ingest(4000, 'runqlat', TIME);
		expect(allSamples<TraceSample>(store.getState(), 'runq').map(s => [s.intervalSec, s.seen])).toEqual([
			[3, ['runqlat:span', 'runqlat:hist', 'runqlat:time']],
			[1, ['runqlat:hist', 'runqlat:time']],
		]);
		// The store knows too: snapshots and headless collection count intervals, not samples.
		expect(intervalsHeld(store.getState(), 'runq')).toBe(4);
		store.getState().freeze();
		store.getState().step('runq', -1);
		expect(visibleSamples(store.getState(), 'runq')).toMatchObject({t: 3000, intervals: 3});
	});

	it('goes by the clock\'s span only: another collector\'s joined interval does not stretch the sample', () => {
		const {store, pipeline} = setup([tracePane('two', [spec('clock'), spec('other')])], undefined, 2);
		pipeline.ingest(100, 'other', span(4));
		pipeline.ingest(2000, 'clock', TIME);
		expect(allSamples<TraceSample>(store.getState(), 'two').map(s => s.intervalSec)).toEqual([2]);
	});

	it('counts the intervals a collector printed so late that it reused a half before it was cleared', () => {
		const {store, pipeline} = setup([tracePane('runq', [spec('runqlat')])]);
		pipeline.ingest(100, 'runqlat', span(1));
		expect(store.getState().collectors.runqlat?.lateIntervals ?? 0).toBe(0);
		pipeline.ingest(200, 'runqlat', span(10, 1));
		pipeline.ingest(300, 'runqlat', span(10, 1));
		expect(store.getState().collectors.runqlat?.lateIntervals).toBe(2);
	});
});

describe('Pipeline pane failures', () => {
	it('gives a pane whose accumulate throws a paneError while another pane keeps receiving samples', () => {
		const runq = spec('runqlat');
		const {store, pipeline} = setup([tracePane('bad', [runq], () => true), tracePane('good', [runq])]);
		for (let i = 1; i <= 3; i++) {
			pipeline.ingest(i * 1000 - 500, 'runqlat', HIST);
			pipeline.ingest(i * 1000, 'runqlat', TIME);
		}
		// The first failure is the cause; the rest of that interval is skipped.
		expect(store.getState().paneErrors).toEqual({bad: 'bad cannot take a hist record'});
		expect(allSamples(store.getState(), 'bad')).toEqual([]);
		expect(allSamples<TraceSample>(store.getState(), 'good').map(s => s.t)).toEqual([1000, 2000, 3000]);
		expect(visibleSamples<TraceSample>(store.getState(), 'good').sample?.seen).toEqual(['runqlat:hist', 'runqlat:time']);
	});

	it('gives a paneError when finish throws, and keeps the other pane going', () => {
		const runq = spec('runqlat');
		const broken = {...tracePane('broken', [runq]), finish: () => {
			throw new Error('finish failed');
		}};
		const {store, pipeline} = setup([broken, tracePane('good', [runq])]);
		pipeline.ingest(1000, 'runqlat', TIME);
		expect(store.getState().paneErrors).toEqual({broken: 'finish failed'});
		expect(allSamples(store.getState(), 'good')).toHaveLength(1);
	});

	it('keeps the error and stores no partial sample when a pane fails mid-interval', () => {
		const runq = spec('runqlat');
		const {store, pipeline} = setup([tracePane('flaky', [runq], r => r.type === 'hist')]);
		pipeline.ingest(500, 'runqlat', HIST);
		pipeline.ingest(1000, 'runqlat', TIME);
		expect(store.getState().paneErrors).toEqual({flaky: 'flaky cannot take a hist record'});
		expect(allSamples(store.getState(), 'flaky')).toEqual([]);
	});

	it('clears the error after the next clean interval', () => {
		const runq = spec('runqlat');
		let failing = true;
		const {store, pipeline} = setup([tracePane('flaky', [runq], r => failing && r.type === 'hist')]);
		pipeline.ingest(500, 'runqlat', HIST);
		pipeline.ingest(1000, 'runqlat', TIME);
		failing = false;
		pipeline.ingest(1500, 'runqlat', HIST);
		pipeline.ingest(2000, 'runqlat', TIME);
		expect(store.getState().paneErrors).toEqual({});
		expect(allSamples<TraceSample>(store.getState(), 'flaky').map(s => s.seen)).toEqual([['runqlat:hist', 'runqlat:time']]);
	});

	it('reports a thrown non-Error as its string', () => {
		const runq = spec('runqlat');
		const odd = {...tracePane('odd', [runq]), accumulate: () => {
			throw 'plain string';
		}};
		const {store, pipeline} = setup([odd]);
		pipeline.ingest(100, 'runqlat', HIST);
		expect(store.getState().paneErrors.odd).toBe('plain string');
	});

	it('clears a pane\'s error once it produces a sample again, starting from a fresh accumulator', () => {
		let failing = true;
		const {store, pipeline} = setup([tracePane('flaky', [spec('runqlat')], () => failing)]);
		pipeline.ingest(500, 'runqlat', HIST);
		pipeline.ingest(1000, 'runqlat', TIME);
		expect(store.getState().paneErrors.flaky).toBeDefined();
		failing = false;
		pipeline.ingest(1500, 'runqlat', MAP);
		pipeline.ingest(2000, 'runqlat', TIME);
		expect(store.getState().paneErrors).toEqual({});
		expect(allSamples<TraceSample>(store.getState(), 'flaky')).toEqual([{t: 2000, intervalSec: 1, seen: ['runqlat:map', 'runqlat:time']}]);
	});
});

describe('Pipeline recording', () => {
	it('hands every raw line, malformed ones included, to the recorder first', () => {
		const written: RecordedLine[] = [];
		const recorder: Recorder = {path: '/dev/null', write: e => written.push(e), close: () => undefined};
		const {pipeline} = setup([tracePane('runq', [spec('runqlat')])], recorder);
		pipeline.ingest(5, 'runqlat', HIST);
		pipeline.ingest(6, 'runqlat', 'garbage');
		pipeline.ingest(7, 'other', TIME);
		expect(written).toEqual([
			{t: 5, c: 'runqlat', line: HIST},
			{t: 6, c: 'runqlat', line: 'garbage'},
			{t: 7, c: 'other', line: TIME},
		]);
	});
});

describe('Pipeline with the run-queue model on real bpftrace 0.17 output', () => {
	it('turns each interval of the recording into one run-queue sample', () => {
		const runq = spec('runqlat');
		const pane: Pane<RunqSample, RunqAccumulator> = {
			id: 'runq',
			title: 'Run queue',
			description: 'run-queue latency',
			snapshotKey: 'runq',
			sorts: [],
			keys: [],
			collectors: () => [runq],
			begin: beginRunq,
			accumulate: (acc, record) => accumulateRunq(acc, record),
			finish: finishRunq,
			merge: mergeRunq,
			toJson: runqToJson,
			toText: runqToText,
			weigh: weighRunq,
			};
		const {store, pipeline} = setup([pane]);
		const lines = fs.readFileSync(fixture, 'utf8').split('\n');
		let t = 0;
		for (const line of lines) {
			if (line.includes('"type": "time"')) t += 1000;
			pipeline.ingest(t, 'runqlat', line);
		}
		const timeLines = lines.filter(l => l.includes('"type": "time"')).length;
		const samples = allSamples<RunqSample>(store.getState(), 'runq');
		expect(samples).toHaveLength(timeLines);
		expect(samples.map(s => s.t)).toEqual(samples.map((_, i) => (i + 1) * 1000));
		for (const s of samples) {
			expect(s.all.count).toBeGreaterThan(0);
			expect(s.perCpu.size).toBeGreaterThan(0);
			expect(s.max).toBeGreaterThan(0);
		}
		expect(store.getState().collectors.runqlat?.malformedLines ?? 0).toBe(0);
		expect(store.getState().paneErrors).toEqual({});
	});
});

describe('Pipeline with sampler collectors and host facts', () => {
	/** A pane that keeps what finish was told, and the readings it was fed. */
	function contextPane(id: string, specs: CollectorSpec[]): Pane<{ctx: FinishContext; readings: unknown[]}, unknown[]> {
		return {
			id,
			title: id,
			description: `test pane ${id}`,
			snapshotKey: id,
			sorts: [],
			keys: [],
			collectors: () => specs,
			begin: () => [],
			accumulate: (acc, record) => (record.type === 'reading' ? [...acc, {kind: record.kind, data: record.data}] : acc),
			finish: (acc, _t, ctx) => ({ctx, readings: acc}),
			merge: s => s.at(-1)!,
			toJson: s => s,
			toText: () => '',
			weigh: () => 1,
		};
	}
	const use = samplerCollector('use', 'use-cpu');
	const FACTS = '{"type":"hostfacts","data":{"arch":"aarch64","cpus":8,"blockDevices":{"8:0":{"name":"sda","disk":"sda"}},"netInterfaces":{}}}';

	it('parses a sampler\'s lines as readings (bpftrace\'s parser would call them unknown) and closes on its marker', () => {
		const store = createTracetopStore({host: 'h', kernel: 'k', mode: 'replay', intervalSec: 1, startedAt: 0});
		const pane = contextPane('use', [use]);
		const pipeline = new Pipeline({panes: [pane], specsByPane: new Map([['use', [use]]]), intervalSec: 1, store});
		pipeline.ingest(10, 'use', '{"type":"use-cpu","data":{"util":0.25}}');
		pipeline.ingest(1000, 'use', '{"type":"time","data":"22:00:01\\n"}');
		expect(allSamples<{readings: unknown[]}>(store.getState(), 'use')[0]!.readings).toEqual([{kind: 'use-cpu', data: {util: 0.25}}]);
	});

	it('hands the latest host facts and the pane\'s options to finish, and keeps facts and load in the store', () => {
		const store = createTracetopStore({host: 'h', kernel: 'k', mode: 'replay', intervalSec: 2, startedAt: 0});
		const pane = contextPane('use', [use]);
		const pipeline = new Pipeline({
			panes: [pane],
			specsByPane: new Map([['use', [use]]]),
			collectorKinds: SESSION_COLLECTORS,
			paneOptions: {use: {slowMs: 25}},
			intervalSec: 2,
			store,
		});
		pipeline.ingest(2000, 'use', TIME);
		expect(allSamples<{ctx: FinishContext}>(store.getState(), 'use')[0]!.ctx).toEqual({intervalSec: 2, host: unknownHost, options: {slowMs: 25}});
		pipeline.ingest(2100, 'host', FACTS);
		pipeline.ingest(2200, 'load', '{"type":"load","data":{"load":[1.5,1,0.5],"uptimeSec":3600}}');
		pipeline.ingest(4000, 'use', TIME);
		const host = allSamples<{ctx: FinishContext}>(store.getState(), 'use')[1]!.ctx.host;
		expect(host).toMatchObject({arch: 'aarch64', cpus: 8, blockDevices: {'8:0': {name: 'sda', disk: 'sda'}}});
		expect(store.getState().hostFacts).toEqual(host);
		expect(store.getState().hostLoad).toEqual({load: [1.5, 1, 0.5], uptimeSec: 3600});
	});

	it('ignores a load reading that is not one (a hostile recording), keeping the last good one', () => {
		const store = createTracetopStore({host: 'h', kernel: 'k', mode: 'replay', intervalSec: 1, startedAt: 0});
		const pipeline = new Pipeline({panes: [], specsByPane: new Map(), collectorKinds: SESSION_COLLECTORS, intervalSec: 1, store});
		pipeline.ingest(1, 'load', '{"type":"load","data":{"load":[1,2,3],"uptimeSec":5}}');
		pipeline.ingest(2, 'load', '{"type":"load","data":{"load":"high"}}');
		expect(store.getState().hostLoad).toEqual({load: [1, 2, 3], uptimeSec: 5});
	});

	it('reads lines of collectors it was not told about as bpftrace\'s (recordings made before collector kinds)', () => {
		const {store, pipeline} = setup([tracePane('runq', [spec('runqlat')])]);
		pipeline.ingest(5, 'mystery', '{"type":"hostfacts","data":{"cpus":99}}');
		expect(store.getState().hostFacts).toBeUndefined();
	});
});

describe('Pipeline publishes pane errors through the publisher', () => {
	it('a failing pane costs no store update until the batch is published, and recovery clears it', () => {
		vi.useFakeTimers();
		try {
			const store = createTracetopStore({host: 'h', kernel: 'k', mode: 'replay', intervalSec: 1, startedAt: 0});
			let failing = true;
			const pane = tracePane('flaky', [spec('runqlat')], () => failing);
			const publisher = batchedPublisher(store, 100);
			const pipeline = new Pipeline({panes: [pane], specsByPane: new Map([['flaky', pane.collectors(filters, {})]]), intervalSec: 1, store, publisher});
			let updates = 0;
			store.subscribe(() => updates++);
			for (let i = 1; i <= 50; i++) pipeline.ingest(i * 10, 'runqlat', HIST);
			expect(updates).toBe(0);
			vi.advanceTimersByTime(100);
			expect(store.getState().paneErrors).toEqual({flaky: 'flaky cannot take a hist record'});
			const afterFailure = updates;
			failing = false;
			pipeline.ingest(1000, 'runqlat', TIME);
			pipeline.ingest(2000, 'runqlat', TIME);
			expect(store.getState().paneErrors).toEqual({flaky: 'flaky cannot take a hist record'});
			vi.advanceTimersByTime(100);
			expect(store.getState().paneErrors).toEqual({});
			expect(allSamples(store.getState(), 'flaky')).toHaveLength(1);
			expect(updates - afterFailure).toBeLessThanOrEqual(2);
			publisher.close();
		} finally {
			vi.useRealTimers();
		}
	});
});
