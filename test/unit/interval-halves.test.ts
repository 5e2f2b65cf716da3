import {describe, expect, it} from 'vitest';
import {parseBpftraceLine} from '../../collectors/bpftrace-json.js';
import {fromHalves, parseSpanLine, wholeMapName} from '../../collectors/interval-halves.js';
import {parseBpftraceCollectorLine, parseCollectorLine} from '../../collectors/parse-line.js';
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
