/**
 * Stacks from a file or stdin ('-'), gzipped or not, in any format tracetop imports:
 * `perf script` output, bpftrace stack maps, folded stacks. perf script captures run to
 * gigabytes, so they are read as a stream, line by line.
 */
import fs from 'node:fs';
import {pipeline, Readable} from 'node:stream';
import {createGunzip} from 'node:zlib';
import {StartError} from '../errors.js';
import {parseFolded, type FoldedStacks} from '../models/folded-stacks.js';
import type {InputFormat} from '../options.js';
import {collapseBpftraceStacks} from './bpftrace-stacks.js';
import {detectInputFormat} from './detect-format.js';
import {PerfScriptCollapser} from './perf-script.js';

const CHUNK_BYTES = 1 << 20;
/** Enough of the input to guess its format from. */
const HEAD_BYTES = 16 << 10;

/** The input's bytes, unzipped when they start with gzip's magic number. */
async function* inputBytes(input: string): AsyncGenerator<Buffer> {
	const stream: AsyncIterable<Buffer> = input === '-' ? process.stdin : fs.createReadStream(input, {highWaterMark: CHUNK_BYTES});
	const chunks = stream[Symbol.asyncIterator]();
	const first = await chunks.next();
	if (first.done) return;
	const all = async function* (): AsyncGenerator<Buffer> {
		yield first.value;
		for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
	};
	if (first.value[0] === 0x1f && first.value[1] === 0x8b) {
		yield* pipeline(Readable.from(all()), createGunzip({chunkSize: CHUNK_BYTES}), () => undefined);
	} else {
		yield* all();
	}
}

interface Importer {
	add(chunk: Buffer): void;
	finish(): FoldedStacks;
	/** What the user should know about the input, e.g. samples left out. */
	note?(): string | undefined;
	/** perf script is read byte for byte (latin1), as perl does, and written back the same way. */
	encoding: BufferEncoding;
}

function perfScriptImporter(): Importer {
	const collapser = new PerfScriptCollapser();
	return {
		encoding: 'latin1',
		add: chunk => collapser.write(chunk.toString('latin1')),
		finish: () => collapser.end(),
		note: () => {
			const skipped = [...collapser.skippedEvents];
			return skipped.length > 0 ? `kept ${collapser.event} samples only; skipped ${skipped.join(', ')} (as stackcollapse-perf.pl does)` : undefined;
		},
	};
}

/** bpftrace maps and folded files are small; they are parsed whole. */
function wholeTextImporter(parse: (text: string) => FoldedStacks): Importer {
	const chunks: Buffer[] = [];
	return {
		encoding: 'utf8',
		add: chunk => chunks.push(chunk),
		finish: () => parse(Buffer.concat(chunks).toString('utf8')),
	};
}

function importerFor(format: InputFormat): Importer {
	switch (format) {
		case 'perf':
			return perfScriptImporter();
		case 'bpftrace':
			return wholeTextImporter(collapseBpftraceStacks);
		case 'folded':
			return wholeTextImporter(text => parseFolded(text).stacks);
	}
}

export interface Collapsed {
	stacks: FoldedStacks;
	format: InputFormat;
	encoding: BufferEncoding;
	note?: string;
}

async function collapseInput(input: string, given: InputFormat | undefined): Promise<Collapsed> {
	const chunks = inputBytes(input)[Symbol.asyncIterator]();
	const head: Buffer[] = [];
	let headBytes = 0;
	let next = await chunks.next();
	for (; !given && !next.done && headBytes < HEAD_BYTES; next = await chunks.next()) {
		head.push(next.value);
		headBytes += next.value.length;
	}
	const format = given ?? detectInputFormat(Buffer.concat(head).toString('utf8'));
	const importer = importerFor(format);
	for (const chunk of head) importer.add(chunk);
	for (; !next.done; next = await chunks.next()) importer.add(next.value);
	return {stacks: importer.finish(), format, encoding: importer.encoding, note: importer.note?.()};
}

/** Errors from the file system or zlib become one line naming the input; others are bugs. */
function readError(name: string, error: unknown): unknown {
	const {code, message} = error as NodeJS.ErrnoException;
	if (typeof code !== 'string') return error;
	if (code.startsWith('Z_')) return new StartError(`${name}: not valid gzip data (${message})`);
	return new StartError(`${name}: cannot read (${code})`);
}

/**
 * Read and collapse `input`. Unreadable input, broken gzip and input without a single
 * stack are StartErrors naming the input.
 */
export async function readStacks(input: string, given?: InputFormat): Promise<Collapsed> {
	const name = input === '-' ? 'stdin' : input;
	let result: Collapsed;
	try {
		result = await collapseInput(input, given);
	} catch (error) {
		throw readError(name, error);
	}
	if (result.stacks.size === 0) {
		const how = given ? result.format : `${result.format}, guessed`;
		throw new StartError(`${name}: no stacks found (read as ${how}; --input-format chooses another)`);
	}
	return result;
}
