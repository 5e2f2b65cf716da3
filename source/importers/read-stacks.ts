/**
 * Stacks from a file or stdin ('-'), gzipped or not, in any format tracetop imports:
 * `perf script` output, bpftrace stack maps, folded stacks, pprof profiles. perf script
 * captures run to gigabytes, so they are read as a stream of bounded lines
 * (safety/bounded-lines).
 */
import {StartError, UsageError} from '../errors.js';
import {FoldedParser, formatFolded, type FoldedStacks} from '../models/folded-stacks.js';
import type {InputFormat} from '../command-options/collapse.js';
import {inputBytes, InputError, LineSplitter} from '../safety/bounded-lines.js';
import {collapseBpftraceStacks} from './bpftrace-stacks.js';
import {detectInputFormat, notTextReason} from './detect-format.js';
import {PerfScriptCollapser, type PerfCollapseOptions} from './perf-script.js';
import {collapsePprof, looksLikePprof} from './pprof.js';

/** Enough of the input to guess its format from. */
const HEAD_BYTES = 16 << 10;
/**
 * bpftrace output is parsed whole; past this it would not fit in one string (V8's limit
 * is ~512 MiB), so it is refused with a one-line error instead.
 */
const WHOLE_TEXT_BYTES = 256 << 20;
/** Real profiles are a few MB; a decoded profile takes many times its size in memory. */
const PPROF_BYTES = 64 << 20;

/** What an importer read: its stacks, and their folded text in its encoding. */
interface Imported {
	/** How many stacks (0 for none). */
	size: number;
	stacks(): FoldedStacks;
	folded(): Buffer;
}

interface Importer {
	add(chunk: Buffer): void;
	finish(): Imported;
	/** What the user should know about the input, e.g. samples left out. */
	note?(): string | undefined;
	/** perf script is read byte for byte (latin1), as perl does, and written back the same way. */
	encoding: BufferEncoding;
}

function perfScriptImporter(options: PerfCollapseOptions): Importer {
	const collapser = new PerfScriptCollapser(options);
	return {
		encoding: 'latin1',
		add: chunk => collapser.write(chunk),
		finish: () => {
			collapser.close();
			// The folded text is made from the frame ids, without the strings of stacks(): several times cheaper for a large output.
			return {size: collapser.stackCount, stacks: () => collapser.stacks(), folded: () => collapser.folded()};
		},
		note: () => {
			const skipped = [...collapser.skippedEvents];
			const notes = [
				skipped.length > 0 ? `kept ${collapser.event} samples only; skipped ${skipped.join(', ')} (as stackcollapse-perf.pl does)` : '',
				collapser.badPeriods > 0 ? `${collapser.badPeriods} sample(s) with a period over 2^53 left out` : '',
			].filter(Boolean);
			return notes.length > 0 ? notes.join('; ') : undefined;
		},
	};
}

/** bpftrace maps and pprof profiles are small; they are parsed whole, up to `maxBytes`. */
function wholeImporter(parse: (bytes: Buffer) => FoldedStacks, format: InputFormat, maxBytes = WHOLE_TEXT_BYTES): Importer {
	const chunks: Buffer[] = [];
	let bytes = 0;
	return {
		encoding: 'utf8',
		add: chunk => {
			bytes += chunk.length;
			if (bytes > maxBytes) throw new InputError(`more than ${maxBytes >> 20} MiB of ${format}; too large to import`);
			// A copy: the input's chunks are read into one buffer, over and over.
			chunks.push(Buffer.from(chunk));
		},
		finish: () => {
			const stacks = parse(Buffer.concat(chunks));
			return {size: stacks.size, stacks: () => stacks, folded: () => Buffer.from(formatFolded(stacks), 'utf8')};
		},
	};
}

function pprofImporter(): Importer {
	let skipped = 0;
	const importer = wholeImporter(bytes => {
		const parsed = collapsePprof(bytes);
		skipped = parsed.skipped;
		return parsed.stacks;
	}, 'pprof', PPROF_BYTES);
	return {...importer, note: () => (skipped > 0 ? `${skipped} sample(s) without frames or with a negative or too large value left out` : undefined)};
}

/**
 * Folded stacks line block by line block: memory follows the unique stacks, not the
 * input, and no copy of the whole file is made.
 */
function foldedImporter(): Importer {
	const parser = new FoldedParser();
	return {
		encoding: 'utf8',
		// Whole lines; each stack is decoded into a string of its own, so reusing the block is safe.
		add: chunk => parser.add(chunk),
		finish: () => ({size: parser.stacks.size, stacks: () => parser.stacks, folded: () => Buffer.from(formatFolded(parser.stacks), 'utf8')}),
	};
}

function importerFor(format: InputFormat, perf: PerfImport | undefined): Importer {
	switch (format) {
		case 'perf':
			return perfScriptImporter(perf?.options ?? {});
		case 'bpftrace':
			return wholeImporter(bytes => collapseBpftraceStacks(bytes.toString('utf8')), format);
		case 'folded':
			return foldedImporter();
		case 'pprof':
			return pprofImporter();
	}
}

export interface Collapsed {
	/** The stacks, made on first use (collapse prints `folded()` without them). */
	readonly stacks: FoldedStacks;
	/** The stacks as formatFolded prints them, in `encoding`. */
	folded(): Buffer;
	format: InputFormat;
	encoding: BufferEncoding;
	note?: string;
}

/**
 * The input's complete lines, in blocks, every line bounded (the bounded reader), so an
 * importer never holds more than one block and one pending line. A block is valid until
 * the next is asked for (the file is read into one buffer): what is kept is copied.
 */
async function* lineBlocks(input: string, splitter: LineSplitter): AsyncGenerator<Buffer> {
	for await (const chunk of inputBytes(input, {reuseChunks: true})) yield* splitter.blocks(chunk);
	const tail = splitter.end();
	if (tail) yield tail;
}

/** stackcollapse-perf.pl's options for perf script input, and their names on the command line (for messages). */
export interface PerfImport {
	options: PerfCollapseOptions;
	flags: string[];
}

async function collapseInput(input: string, given: InputFormat | undefined, perf: PerfImport | undefined): Promise<Collapsed & {size: number}> {
	const splitter = new LineSplitter();
	const chunks = lineBlocks(input, splitter)[Symbol.asyncIterator]();
	const head: Buffer[] = [];
	let headBytes = 0;
	let next = await chunks.next();
	for (; !given && !next.done && headBytes < HEAD_BYTES; next = await chunks.next()) {
		// Copied: the next chunk is read into the same buffer.
		head.push(Buffer.from(next.value));
		headBytes += next.value.length;
	}
	const headBuffer = Buffer.concat(head);
	const notText = notTextReason(headBuffer);
	const binary = notText !== undefined && looksLikePprof(headBuffer) ? 'pprof' : undefined;
	if (notText && !binary) throw new InputError(`not text (${notText}); tracetop reads folded stacks, perf script output, bpftrace stacks or pprof`);
	const format = given ?? binary ?? detectInputFormat(headBuffer.toString('utf8'));
	if (format === undefined) {
		throw new InputError('not folded stacks, perf script output, bpftrace stacks or pprof (no line near the start is any of them); --input-format chooses one');
	}
	if (perf && perf.flags.length > 0 && format !== 'perf') throw new UsageError(`collapse --${perf.flags[0]}: applies to perf script input; this input reads as ${format}`);
	const importer = importerFor(format, perf);
	for (const chunk of head) importer.add(chunk);
	for (; !next.done; next = await chunks.next()) importer.add(next.value);
	// A binary profile goes through the line splitter too; a cut "line" would corrupt it.
	if (format === 'pprof' && splitter.cutLines > 0) throw new InputError('not a complete pprof profile (a run of bytes too long to read)');
	const cut = splitter.cutLines > 0 ? `${splitter.cutLines} line(s) longer than ${splitter.maxLineBytes >> 20} MiB left out` : undefined;
	const note = [importer.note?.(), cut].filter(Boolean).join('; ');
	const imported = importer.finish();
	let stacks: FoldedStacks | undefined;
	return {
		get stacks() {
			return (stacks ??= imported.stacks());
		},
		folded: () => imported.folded(),
		size: imported.size,
		format,
		encoding: importer.encoding,
		note: note === '' ? undefined : note,
	};
}

/**
 * Read and collapse `input`. Unreadable input, broken gzip, input that is not text or not
 * a known format, and input without a single stack are StartErrors naming the input.
 */
export async function readStacks(input: string, given?: InputFormat, perf?: PerfImport): Promise<Collapsed> {
	const name = input === '-' ? 'stdin' : input;
	let result: Collapsed & {size: number};
	try {
		result = await collapseInput(input, given, perf);
	} catch (error) {
		if (error instanceof InputError && !error.message.startsWith(`${name}: `)) throw new InputError(`${name}: ${error.message}`);
		throw error;
	}
	if (result.size === 0) {
		const how = given ? result.format : `${result.format}, guessed`;
		throw new StartError(`${name}: no stacks found (read as ${how}; --input-format chooses another)`);
	}
	return result;
}
