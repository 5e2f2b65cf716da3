import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openRecorder} from '../../source/recording/recorder.js';
import {RECORDING_FORMAT, RECORDING_VERSION, RecordingError, type RecordedLine, type RecordingHeader} from '../../source/recording/recording-format.js';
import {readRecordingHeader, replayLines} from '../../source/recording/replay-source.js';

let dir: string;
let counter = 0;

beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-replay-test-'));
});

afterAll(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

const header: RecordingHeader = {
	format: RECORDING_FORMAT,
	version: RECORDING_VERSION,
	host: 'db-7',
	kernel: '6.1.0',
	arch: 'x86_64',
	bpftraceVersion: 'v0.17.0',
	startTime: '2026-11-26T14:20:00.000Z',
	options: {intervalSec: 1, pids: [], hz: 99, panes: {}},
	collectors: [{id: 'runqlat', kind: 'bpftrace', script: 'runqlat.bt', args: ['1', '']}],
};

const entry = (t: number, line = `{"type": "time", "data": "${t}\\n"}`, c = 'runqlat'): RecordedLine => ({t, c, line});

/** Writes a recording file from raw text lines; returns its path. */
function writeRaw(text: string): string {
	const file = path.join(dir, `rec-${++counter}.jsonl`);
	fs.writeFileSync(file, text);
	return file;
}

const writeRecording = (entries: readonly RecordedLine[], extra = ''): string =>
	writeRaw([JSON.stringify(header), ...entries.map(e => JSON.stringify(e))].join('\n') + '\n' + extra);

async function collect(file: string, options: Parameters<typeof replayLines>[1], limit = Infinity): Promise<RecordedLine[]> {
	const out: RecordedLine[] = [];
	for await (const e of replayLines(file, options)) {
		out.push(e);
		if (out.length >= limit) break;
	}
	return out;
}

async function rejection(promise: Promise<unknown>): Promise<RecordingError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(RecordingError);
		return error as RecordingError;
	}
	throw new Error('expected a RecordingError');
}

describe('readRecordingHeader', () => {
	it('reads the header of a recording', async () => {
		const file = writeRecording([entry(0)]);
		const h = await readRecordingHeader(file);
		expect(h.host).toBe('db-7');
		expect(h.collectors.map(c => c.id)).toEqual(['runqlat']);
		expect(h.options.intervalSec).toBe(1);
	});

	it('names file:1 when the first line is not a header', async () => {
		const file = writeRaw('{"t":0,"c":"runqlat","line":""}\n');
		const e = await rejection(readRecordingHeader(file));
		expect(e.message).toContain(`${file}:1: not a tracetop recording`);
	});

	it('names file:1 for a newer format version', async () => {
		const file = writeRaw(JSON.stringify({...header, version: RECORDING_VERSION + 1}) + '\n');
		const e = await rejection(readRecordingHeader(file));
		expect(e.message).toContain(`${file}:1: recording format version ${RECORDING_VERSION + 1} is newer`);
	});

	it('says an empty file is not a recording', async () => {
		const file = writeRaw('');
		const e = await rejection(readRecordingHeader(file));
		expect(e.message).toBe(`${file}: empty file, not a tracetop recording`);
	});

	it('says a missing file cannot be read', async () => {
		const file = path.join(dir, 'does-not-exist.jsonl');
		const e = await rejection(readRecordingHeader(file));
		expect(e.message).toBe(`${file}: cannot read (ENOENT)`);
	});
});

describe('replayLines', () => {
	it('yields every recorded line in order with its time and collector', async () => {
		const entries = [entry(0, 'a'), entry(10, 'b', 'biolatency'), entry(1000, 'c'), entry(1010, '', 'biolatency')];
		expect(await collect(writeRecording(entries), {speed: Infinity})).toEqual(entries);
	});

	it('replays a long recording at once with speed Infinity', async () => {
		// 2000 lines over ~33 minutes of recorded time.
		const entries = Array.from({length: 2000}, (_, i) => entry(i * 1000));
		const started = performance.now();
		const got = await collect(writeRecording(entries), {speed: Infinity});
		expect(performance.now() - started).toBeLessThan(2000);
		expect(got).toHaveLength(2000);
		expect(got.at(-1)!.t).toBe(1_999_000);
	});

	it('paces lines by their recorded offsets divided by speed', async () => {
		const file = writeRecording([entry(0), entry(400)]);
		const started = performance.now();
		const times: number[] = [];
		for await (const _ of replayLines(file, {speed: 2})) times.push(performance.now() - started);
		// 400 ms recorded at double speed: about 200 ms after the first line.
		expect(times[1]!).toBeGreaterThanOrEqual(180);
		expect(times[1]!).toBeLessThan(1500);
	});

	it('skips blank lines', async () => {
		const file = writeRaw([JSON.stringify(header), '', JSON.stringify(entry(0)), '   ', JSON.stringify(entry(5))].join('\n') + '\n');
		expect((await collect(file, {speed: Infinity})).map(e => e.t)).toEqual([0, 5]);
	});

	it('drops a cut-off last line (a killed recorder)', async () => {
		const full = JSON.stringify(entry(2000));
		const file = writeRecording([entry(0), entry(1000)], full.slice(0, full.length - 9));
		expect((await collect(file, {speed: Infinity})).map(e => e.t)).toEqual([0, 1000]);
	});

	it('drops a last line that is JSON of the wrong shape', async () => {
		const file = writeRecording([entry(0)], '{"t":1000}');
		expect((await collect(file, {speed: Infinity})).map(e => e.t)).toEqual([0]);
	});

	it('throws for a malformed line in the middle, naming file:LINE', async () => {
		const lines = [JSON.stringify(header), JSON.stringify(entry(0)), '{"t": 1000, "c": "runq', JSON.stringify(entry(2000))];
		const file = writeRaw(lines.join('\n') + '\n');
		const got: number[] = [];
		const e = await rejection(
			(async () => {
				for await (const x of replayLines(file, {speed: Infinity})) got.push(x.t);
			})(),
		);
		expect(e.message).toContain(`${file}:3`);
		expect(e.message).toContain('malformed line');
		// Lines before the bad one were delivered.
		expect(got).toEqual([0]);
	});

	it('counts blank lines when naming the malformed line', async () => {
		const lines = [JSON.stringify(header), '', JSON.stringify(entry(0)), '', '{"t":"soon"}', JSON.stringify(entry(1))];
		const e = await rejection(collect(writeRaw(lines.join('\n') + '\n'), {speed: Infinity}));
		expect(e.message).toMatch(new RegExp(`:5: malformed line`));
	});

	it('throws a header error naming file:1 before yielding anything', async () => {
		const file = writeRaw([JSON.stringify({...header, version: 99}), JSON.stringify(entry(0))].join('\n') + '\n');
		const e = await rejection(collect(file, {speed: Infinity}));
		expect(e.message).toContain(`${file}:1: recording format version 99 is newer`);
	});

	it('throws for a file it cannot read', async () => {
		const e = await rejection(collect(path.join(dir, 'missing.jsonl'), {speed: Infinity}));
		expect(e.message).toMatch(/cannot read \(ENOENT\)/);
	});

	it('ends after one pass without loop', async () => {
		const got = await collect(writeRecording([entry(0), entry(500)]), {speed: Infinity}, 10);
		expect(got).toHaveLength(2);
	});

	it('starts over when looping, with times continuing a second after the last line', async () => {
		const file = writeRecording([entry(0, 'a'), entry(500, 'b'), entry(1000, 'c')]);
		const got = await collect(file, {speed: Infinity, loop: true}, 8);
		expect(got.map(e => e.t)).toEqual([0, 500, 1000, 2000, 2500, 3000, 4000, 4500]);
		expect(got.map(e => e.line)).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b']);
	});

	it('ends a loop over a recording with no lines instead of spinning', async () => {
		const file = writeRaw(JSON.stringify(header) + '\n');
		expect(await collect(file, {speed: Infinity, loop: true}, 5)).toEqual([]);
	});

	it('stops when the signal is aborted', async () => {
		const abort = new AbortController();
		const file = writeRecording(Array.from({length: 10}, (_, i) => entry(i)));
		const got: RecordedLine[] = [];
		for await (const e of replayLines(file, {speed: Infinity, signal: abort.signal})) {
			got.push(e);
			if (got.length === 3) abort.abort();
		}
		expect(got.map(e => e.t)).toEqual([0, 1, 2]);
	});

	it('stops waiting for the next line when aborted', async () => {
		const abort = new AbortController();
		const file = writeRecording([entry(0), entry(60_000)]);
		const started = performance.now();
		setTimeout(() => abort.abort(), 50);
		const got: RecordedLine[] = [];
		for await (const e of replayLines(file, {speed: 1, signal: abort.signal})) got.push(e);
		expect(performance.now() - started).toBeLessThan(5000);
		expect(got[0]!.t).toBe(0);
	});
});

describe('recorder and replay together', () => {
	it('replays exactly what the recorder wrote', async () => {
		const file = path.join(dir, `recorded-${++counter}.jsonl`);
		const rec = openRecorder(file, header);
		const entries = [entry(0, '{"type": "attached_probes", "data": {"probes": 7}}'), entry(1003), entry(1004, 'with "quotes" and \\ and\ttab')];
		for (const e of entries) rec.write(e);
		rec.close();
		rec.write(entry(9999)); // after close: ignored
		rec.close(); // twice: harmless
		expect(rec.path).toBe(file);
		expect(await readRecordingHeader(file)).toEqual(header);
		expect(await collect(file, {speed: Infinity})).toEqual(entries);
	});
});

describe('gzip recordings', () => {
	const entries = [entry(0), entry(1000), entry(2000)];
	const gzipOf = (file: string): string => {
		const out = `${file}.gz`;
		fs.writeFileSync(out, gzipSync(fs.readFileSync(file)));
		return out;
	};

	it('replays a gzip recording like the plain one', async () => {
		const plain = writeRecording(entries);
		expect(await collect(gzipOf(plain), {speed: Number.POSITIVE_INFINITY})).toEqual(await collect(plain, {speed: Number.POSITIVE_INFINITY}));
		expect((await readRecordingHeader(gzipOf(plain))).host).toBe(header.host);
	});

	it('replays a cut-off gzip recording up to where it was cut', async () => {
		const many = writeRecording(Array.from({length: 2000}, (_, i) => entry(i * 1000)));
		const gz = gzipOf(many);
		const bytes = fs.readFileSync(gz);
		fs.writeFileSync(gz, bytes.subarray(0, Math.floor(bytes.length / 2)));
		const got = await collect(gz, {speed: Number.POSITIVE_INFINITY});
		expect(got.length).toBeGreaterThan(10);
		expect(got.length).toBeLessThan(2000);
		expect(got.map(e => e.t)).toEqual(got.map((_, i) => i * 1000));
	});
});

describe('a replay faster than it can be processed', () => {
	it('gives the event loop a turn at least every few tens of milliseconds', async () => {
		const lines = [JSON.stringify(header), ...Array.from({length: 100}, (_, i) => JSON.stringify(entry(i)))];
		const file = writeRaw(lines.join('\n') + '\n');
		let turns = 0;
		const ticker = setInterval(() => turns++, 1);
		const start = performance.now();
		for await (const _line of replayLines(file, {speed: Infinity})) {
			// Each line costs the consumer 2 ms of synchronous work: 200 ms in all.
			const until = performance.now() + 2;
			while (performance.now() < until);
		}
		clearInterval(ticker);
		const elapsed = performance.now() - start;
		// At most ~25 ms between turns: well over elapsed / 50 turns.
		expect(turns).toBeGreaterThanOrEqual(Math.floor(elapsed / 50));
	});
});
