import {describe, expect, it} from 'vitest';
import {parseBpftraceLine} from '../../collectors/bpftrace-json.js';
import {fromHalves, parseSpanLine, wholeMapName} from '../../collectors/interval-halves.js';
import {parseBpftraceCollectorLine, parseCollectorLine} from '../../collectors/parse-line.js';
import {droppedSamples, totalCount} from '../../source/models/profile.js';
import {bioPane} from '../../source/panes/bio.js';
import type {Pane} from '../../source/panes/pane.js';
import {profilePane} from '../../source/panes/profile.js';
import {runqPane} from '../../source/panes/runq.js';
import {Pipeline} from '../../source/pipeline.js';
import {allSamples, createTracetopStore} from '../../source/store/store.js';
import {fixtureLines} from '../support/syscall-samples.js';

describe('a double buffer half is its whole map', () => {
	it('drops the _0 or _1 suffix, and only that', () => {
		expect(wholeMapName('@ns_0')).toBe('@ns');
		expect(wholeMapName('@usecs_cpu_1')).toBe('@usecs_cpu');
		expect(wholeMapName('@slow_calls_0')).toBe('@slow_calls');
		// biolatency's generations of in-flight counts are separate gauges, not halves.
		expect(wholeMapName('@inflight0')).toBe('@inflight0');
		expect(wholeMapName('@ns')).toBe('@ns');
		expect(wholeMapName('@ns_2')).toBe('@ns_2');
		expect(wholeMapName('@_1')).toBe('@_1');
	});

	it('renames every kind of map record and leaves the rest alone', () => {
		const parse = (line: string) => parseBpftraceCollectorLine(line);
		expect(parse('{"type": "hist", "data": {"@usecs_1": [{"min": 2, "max": 3, "count": 5}]}}')).toEqual({
			ok: true,
			records: [{type: 'hist', map: '@usecs', entries: [{key: '', value: [{min: 2, max: 3, count: 5}]}]}],
		});
		expect(parse('{"type": "stats", "data": {"@proc_0": {"1,sh,0": {"count": 2, "average": 5, "total": 10}}}}')).toEqual({
			ok: true,
			records: [{type: 'stats', map: '@proc', entries: [{key: '1,sh,0', value: {count: 2, average: 5, total: 10}}]}],
		});
		expect(parse('{"type": "map", "data": {"@a_0": 1, "@b_1": 2}}')).toEqual({
			ok: true,
			records: [
				{type: 'map', map: '@a', entries: [{key: '', value: 1}]},
				{type: 'map', map: '@b', entries: [{key: '', value: 2}]},
			],
		});
		expect(parse('{"type": "time", "data": "05:56:23\\n"}')).toEqual({ok: true, records: [{type: 'time', text: '05:56:23\n'}]});
		expect(parse('not json').ok).toBe(false);
	});
});

describe('the span line that opens a printed interval', () => {
	it('says how many intervals it covers and whether a half was reused before it was cleared', () => {
		expect(parseSpanLine('span 1 0\n')).toEqual({intervals: 1, forced: false});
		expect(parseSpanLine('span 3 0\n')).toEqual({intervals: 3, forced: false});
		expect(parseSpanLine('span 10 1\n')).toEqual({intervals: 10, forced: true});
	});

	it('is no span when it is anything else (then it stays a printf)', () => {
		for (const text of ['span 0 0\n', 'span 1 2\n', 'span 99999 0\n', 'span 1\n', 'span -1 0\n', ' span 1 0\n', 'slow_threshold 10000000 100\n']) {
			expect(parseSpanLine(text), text).toBeNull();
			expect(fromHalves({type: 'printf', text})).toEqual({type: 'printf', text});
		}
		expect(fromHalves({type: 'printf', text: 'span 2 0\n'})).toEqual({type: 'span', intervals: 2, forced: false});
	});
});

describe('collector output from before the double buffers', () => {
	it('parses into the same records as plain bpftrace output', () => {
		for (const name of ['syscalls-mix-json.ndjson', 'runqlat-json.ndjson', 'biolatency-json.ndjson', 'profile-json.ndjson']) {
			for (const line of fixtureLines(name)) expect(parseCollectorLine('bpftrace', line)).toEqual(parseBpftraceLine(line));
		}
	});
});

describe('real double-buffered output of each collector (bpftrace 0.17) through the pipeline and its pane', () => {
	/** One pane's samples from a fixture, as a replay of its collector's lines gives them. */
	function replay<S, A>(pane: Pane<S, A>, name: string): S[] {
		const store = createTracetopStore({host: 'h', kernel: 'k', mode: 'replay', intervalSec: 1, startedAt: 0});
		const specs = pane.collectors({intervalSec: 1, pids: []}, {});
		const pipeline = new Pipeline({panes: [pane], specsByPane: new Map([[pane.id, specs]]), intervalSec: 1, store});
		fixtureLines(name).forEach((line, i) => pipeline.ingest(i, specs[0]!.id, line));
		expect(store.getState().collectors[specs[0]!.id]?.malformedLines ?? 0).toBe(0);
		return allSamples<S>(store.getState(), pane.id);
	}

	it('runqlat: both halves are histograms of the interval', () => {
		const samples = replay(runqPane, 'runqlat-halves-json.ndjson');
		expect(samples).toHaveLength(3);
		for (const s of samples) {
			expect(s.all.count).toBeGreaterThan(0);
			expect([...s.perCpu.values()].reduce((n, h) => n + h.count, 0)).toBe(s.all.count);
			expect(s.max).toBeGreaterThan(0);
		}
	});

	it('biolatency: the writes of dd oflag=direct (300 x 4 KiB) in the half that held them', () => {
		const samples = replay(bioPane, 'biolatency-halves-json.ndjson');
		expect(samples).toHaveLength(3);
		const writes = samples.flatMap(s => s.series.filter(x => x.direction === 'write' && x.part === null));
		expect(writes.reduce((n, x) => n + x.ios, 0)).toBeGreaterThanOrEqual(300);
		expect(writes.reduce((n, x) => n + x.latency.count, 0)).toBeGreaterThanOrEqual(300);
		expect(samples.every(s => s.slowUs === 10_000)).toBe(true);
	});

	it('profile: every sample taken is in a stack of its interval, none dropped', () => {
		const samples = replay(profilePane, 'profile-halves-json.ndjson');
		expect(samples).toHaveLength(3);
		for (const s of samples) {
			expect(s.sampled).toBeGreaterThan(0);
			expect(droppedSamples(s)).toBe(0);
			expect(totalCount(s.onCpu)).toBe(s.sampled);
		}
	});
});
