import {describe, expect, it} from 'vitest';
import {
	parseHeader,
	parseRecordedLine,
	RECORDING_FORMAT,
	RECORDING_VERSION,
	RecordingError,
	type RecordingHeader,
} from '../../source/recording/recording-format.js';

const fullHeader: RecordingHeader = {
	format: RECORDING_FORMAT,
	version: RECORDING_VERSION,
	host: 'db-7',
	kernel: '6.1.0-18-amd64',
	arch: 'aarch64',
	bpftraceVersion: 'v0.17.0',
	startTime: '2026-11-26T14:20:00.000Z',
	options: {intervalSec: 2, pids: [42, 43], comm: 'postgres', hz: 49, panes: {syscalls: {slowMs: 25}}},
	collectors: [
		{id: 'runqlat', kind: 'bpftrace', script: 'runqlat.bt', args: ['2', 'postgres', '42', '43']},
		{id: 'host', kind: 'sampler', sampler: 'host-facts'},
	],
};

/** Calls fn and returns the RecordingError it throws. */
function recordingError(fn: () => unknown): RecordingError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(RecordingError);
		return error as RecordingError;
	}
	throw new Error('expected a RecordingError, nothing was thrown');
}

describe('parseHeader', () => {
	it('reads back a complete header unchanged', () => {
		expect(parseHeader(JSON.stringify(fullHeader), 'r.jsonl:1')).toEqual(fullHeader);
	});

	it('fills defaults for missing fields of a minimal header', () => {
		const h = parseHeader(JSON.stringify({format: RECORDING_FORMAT, version: 1}), 'r.jsonl:1');
		expect(h).toEqual({
			format: RECORDING_FORMAT,
			version: 1,
			host: 'unknown',
			kernel: 'unknown',
			arch: 'unknown',
			bpftraceVersion: 'unknown',
			startTime: new Date(0).toISOString(),
			options: {intervalSec: 1, pids: [], comm: undefined, hz: undefined, panes: {}},
			collectors: [],
		});
	});

	it.each([
		[{options: {intervalSec: '5'}}, /field "options\.intervalSec" is "5": expected a number/],
		[{options: {intervalSec: 1e9}}, /field "options\.intervalSec" is 1000000000: expected a whole number from 1 to 3600/],
		[{options: {pids: [1, '2', null, 3]}}, /field "options\.pids" is not a list of at most 8 process ids/],
		[{options: {comm: 7}}, /field "options\.comm" is not a command name/],
		[{options: {hz: 1e6}}, /field "options\.hz" is 1000000: expected a whole number from 1 to 10000/],
		[{options: {panes: {syscalls: {slowMs: 'x'}}}}, /field "options\.panes\.syscalls" is not an object of numbers/],
		[{collectors: [null]}, /field "collectors\[0\]" is null: expected \{"id"/],
		[{collectors: [{id: ''}]}, /field "collectors\[0\]\.id" is not a collector id/],
		[{collectors: [{id: 'x', kind: 'perl'}]}, /field "collectors\[0\]\.kind" is neither/],
		[{collectors: [{id: 'x', args: [1]}]}, /field "collectors\[0\]\.args" is not a list of strings/],
		[{collectors: {}}, /field "collectors" is not a list/],
		[{host: 42}, /field "host" is not a string/],
		[{startTime: 'yesterday'}, /field "startTime" is not a date/],
	])('refuses a header field of the wrong type or range with one line naming it: %j', (fields, message) => {
		const e = recordingError(() => parseHeader(JSON.stringify({format: RECORDING_FORMAT, version: 1, ...fields}), 'r.jsonl:1'));
		expect(e.message).toMatch(/^r\.jsonl:1: recording header field /);
		expect(e.message).toMatch(message);
	});

	it('takes defaults for fields older recordings lack', () => {
		const h = parseHeader(JSON.stringify({format: RECORDING_FORMAT, version: 1}), 'r.jsonl:1');
		expect(h.options).toEqual({intervalSec: 1, pids: [], panes: {}});
		expect(h.collectors).toEqual([]);
	});

	it('refuses a recorded line whose offset is not a plausible time', () => {
		for (const t of [-1, 1e300]) expect(() => parseRecordedLine(JSON.stringify({t, c: 'x', line: ''}), 'r:2')).toThrow(RecordingError);
	});

	it('names the file and line when the first line is not JSON', () => {
		const e = recordingError(() => parseHeader('hello', '/tmp/x.jsonl:1'));
		expect(e.message).toMatch(/^\/tmp\/x\.jsonl:1: not a tracetop recording/);
		expect(e.message).toMatch(/not JSON/);
	});

	it.each([
		['another format', JSON.stringify({format: 'perf-data', version: 1})],
		['no format', JSON.stringify({version: 1})],
		['an array', '[1,2]'],
		['a string', '"tracetop-recording"'],
	])('rejects a header with %s, naming file and line', (_what, text) => {
		const e = recordingError(() => parseHeader(text, 'demo.jsonl:1'));
		expect(e.message).toMatch(/^demo\.jsonl:1: not a tracetop recording/);
		expect(e.message).toContain(`"format": "${RECORDING_FORMAT}"`);
	});

	it('refuses a newer format version and says to upgrade', () => {
		const e = recordingError(() =>
			parseHeader(JSON.stringify({format: RECORDING_FORMAT, version: RECORDING_VERSION + 1}), 'new.jsonl:1'),
		);
		expect(e.message).toMatch(/^new\.jsonl:1: /);
		expect(e.message).toContain(`version ${RECORDING_VERSION + 1} is newer`);
		expect(e.message).toContain('upgrade tracetop');
	});

	it('refuses a header without a numeric version', () => {
		const e = recordingError(() => parseHeader(JSON.stringify({format: RECORDING_FORMAT}), 'v.jsonl:1'));
		expect(e.message).toMatch(/^v\.jsonl:1: /);
	});
});

describe('parseRecordedLine', () => {
	it('reads time offset, collector and raw line', () => {
		const line = {t: 1012, c: 'runqlat', line: '{"type": "time", "data": "14:20:01\\n"}'};
		expect(parseRecordedLine(JSON.stringify(line), 'r.jsonl:2')).toEqual(line);
	});

	it('drops fields it does not know', () => {
		expect(parseRecordedLine('{"t":1,"c":"a","line":"","extra":1}', 'r.jsonl:2')).toEqual({t: 1, c: 'a', line: ''});
	});

	it('names file and line for a line that is not JSON', () => {
		const e = recordingError(() => parseRecordedLine('{"t":1,"c":"a","li', 'r.jsonl:17'));
		expect(e.message).toBe('r.jsonl:17: malformed line (not JSON)');
	});

	it.each([
		['t is a string', '{"t":"1","c":"a","line":"x"}'],
		['no collector', '{"t":1,"line":"x"}'],
		['line is an object', '{"t":1,"c":"a","line":{"type":"map"}}'],
		['an array', '[1,"a","x"]'],
		['null', 'null'],
	])('names file and line when %s', (_what, text) => {
		const e = recordingError(() => parseRecordedLine(text, 'r.jsonl:9'));
		expect(e.message).toMatch(/^r\.jsonl:9: malformed line \(expected/);
	});
});
