/**
 * Reads a recording back as the same line stream live collectors produce, paced by the
 * recorded offsets (`speed` times faster; Infinity for as fast as possible).
 */
import fs from 'node:fs';
import {createInterface} from 'node:readline';
import {PassThrough, type Readable} from 'node:stream';
import {createGunzip} from 'node:zlib';
import {setTimeout as sleep} from 'node:timers/promises';
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

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/** The file's text, gunzipped on the fly when it is gzip (bundled or archived recordings). */
async function open(file: string): Promise<Readable> {
	const head = Buffer.alloc(2);
	try {
		const handle = await fs.promises.open(file, 'r');
		await handle.read(head, 0, 2, 0);
		await handle.close();
	} catch (error) {
		throw new RecordingError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
	}
	const raw = fs.createReadStream(file);
	if (!head.equals(GZIP_MAGIC)) return raw.setEncoding('utf8');
	const gunzip = raw.pipe(createGunzip());
	const text = gunzip.pipe(new PassThrough({encoding: 'utf8'}));
	// A cut-off archive ends where it was cut, like a cut-off plain recording.
	gunzip.on('error', () => text.end());
	return text;
}

/** Lines with their numbers, knowing which is the last one (to tolerate a cut-off tail). */
async function* lines(file: string): AsyncGenerator<NumberedLine> {
	const stream = await open(file);
	let pending: {text: string; n: number} | undefined;
	let n = 0;
	for await (const text of createInterface({input: stream, crlfDelay: Infinity})) {
		if (pending) yield {...pending, last: false};
		pending = {text, n: ++n};
	}
	if (pending) yield {...pending, last: true};
}

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
			if (due > 1) await sleep(due, undefined, {signal: options.signal}).catch(() => undefined);
			else if (count % 256 === 0) await new Promise(resolve => setImmediate(resolve));
			if (options.signal?.aborted) return;
			yield {...entry, t};
		}
		if (!options.loop || count === 0) return;
		offset += lastT + 1000;
	}
}
