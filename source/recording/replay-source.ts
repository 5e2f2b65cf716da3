/**
 * Reads a recording back as the same line stream live collectors produce, paced by the
 * recorded offsets (`speed` times faster; Infinity for as fast as possible).
 */
import {setTimeout as sleep} from 'node:timers/promises';
import {DEFAULT_MAX_LINE_BYTES, inputLines, InputError, LineSplitter} from '../safety/bounded-lines.js';
import {parseHeader, parseRecordedLine, RecordingError, type RecordedLine, type RecordingHeader} from './recording-format.js';

export async function readRecordingHeader(file: string): Promise<RecordingHeader> {
	for await (const line of lines(file)) return parseHeader(line.text, `${file}:1`);
	throw new RecordingError(`${file}: empty file, not a tracetop recording`);
}

interface NumberedLine {
	text: string;
	n: number;
	last: boolean;
}

/**
 * A recording line holds a collector's line JSON-escaped, a little longer than the
 * collector's own bound.
 */
export const MAX_RECORDING_LINE_BYTES = 2 * DEFAULT_MAX_LINE_BYTES;

/**
 * Lines with their numbers, knowing which is the last one (to tolerate a cut-off tail),
 * through the bounded reader: a regular file or gzip of one, lines bounded, a gzip cut
 * off mid-way (a killed recorder) ending where it was cut.
 */
async function* lines(file: string): AsyncGenerator<NumberedLine> {
	const splitter = new LineSplitter({maxLineBytes: MAX_RECORDING_LINE_BYTES});
	let pending: {text: string; n: number} | undefined;
	let n = 0;
	try {
		for await (const text of inputLines(file, {tolerateTruncatedGzip: true}, splitter)) {
			if (splitter.cutLines > 0) {
				throw new RecordingError(`${file}:${n + 1}: a line longer than ${MAX_RECORDING_LINE_BYTES >> 20} MiB; not a recording tracetop wrote`);
			}
			if (pending) yield {...pending, last: false};
			pending = {text, n: ++n};
		}
	} catch (error) {
		if (error instanceof InputError) throw new RecordingError(error.message);
		throw error;
	}
	if (splitter.cutLines > 0) {
		throw new RecordingError(`${file}:${n + 1}: a line longer than ${MAX_RECORDING_LINE_BYTES >> 20} MiB; not a recording tracetop wrote`);
	}
	if (pending) yield {...pending, last: true};
}

/** The longest a fast replay keeps the event loop to itself. */
const YIELD_EVERY_MS = 20;

export interface ReplayOptions {
	speed: number;
	/** Start over at the end, with times continuing (demo mode). */
	loop?: boolean;
	signal?: AbortSignal;
}

/**
 * Every recorded line in order, at its (scaled) time. A malformed last line is a cut-off
 * write from a killed recorder and is dropped; any other malformed line is an error
 * naming the file and line.
 */
export async function* replayLines(file: string, options: ReplayOptions): AsyncGenerator<RecordedLine> {
	const startedAt = performance.now();
	let yieldedAt = startedAt;
	let offset = 0;
	for (;;) {
		let lastT = 0;
		let count = 0;
		for await (const line of lines(file)) {
			if (options.signal?.aborted) return;
			if (line.n === 1) {
				parseHeader(line.text, `${file}:1`);
				continue;
			}
			if (line.text.trim() === '') continue;
			let entry: RecordedLine;
			try {
				entry = parseRecordedLine(line.text, `${file}:${line.n}`);
			} catch (error) {
				if (line.last) break;
				throw error;
			}
			lastT = entry.t;
			count++;
			const t = entry.t + offset;
			const due = t / options.speed - (performance.now() - startedAt);
			if (due > 1) {
				await sleep(due, undefined, {signal: options.signal}).catch(() => undefined);
				yieldedAt = performance.now();
				if (options.signal?.aborted) return;
			} else if (performance.now() - yieldedAt > YIELD_EVERY_MS) {
				// Behind schedule (a fast replay) lines come from a buffer with no turn of the
				// event loop in between: keys, timers and frames get one this often.
				await new Promise(resolve => setImmediate(resolve));
				yieldedAt = performance.now();
			}
			yield {...entry, t};
		}
		if (!options.loop || count === 0) return;
		offset += lastT + 1000;
	}
}
