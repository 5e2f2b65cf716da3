/**
 * The one bounded line reader for every stream tracetop reads: collector stdout and
 * stderr, recordings, stack files (gzip or not) and stdin. Nothing outside decides how
 * much memory tracetop uses:
 *
 * - a line longer than `maxLineBytes` is cut: dropped (data streams, where half a JSON
 *   object is garbage) or truncated to its start (messages), and counted in `cutLines`;
 * - a file is read only if it is a regular file (stdin may be a pipe): a FIFO without a
 *   writer would hang, a device such as /dev/zero never ends;
 * - gzip input is decompressed on the fly up to `maxBytes`, and refused when it expands
 *   more than `maxRatio` times (a gzip bomb), so a small file cannot make tracetop chew
 *   for hours.
 *
 * Defaults: `DEFAULT_MAX_LINE_BYTES` (128 MiB) holds one bpftrace map line at the largest
 * map tracetop asks for (65,536 keys of a profile stack of ~2 KiB each); messages keep
 * `MESSAGE_LINE_BYTES` (64 KiB).
 */
import fs from 'node:fs';
import {pipeline, Readable} from 'node:stream';
import {createGunzip} from 'node:zlib';
import {StartError} from '../errors.js';
import {InputError, openRegularFile} from './regular-file.js';

export {InputError, openRegularFile};

export const DEFAULT_MAX_LINE_BYTES = 128 * 1024 * 1024;
export const MESSAGE_LINE_BYTES = 64 * 1024;
/** Decompressed bytes a gzip input may produce. */
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024 * 1024;
/** Text tracetop reads compresses 5-50x; deflate's maximum is ~1032x. */
export const DEFAULT_MAX_RATIO = 250;
/** The ratio is judged after this much output (small files compress oddly). */
const RATIO_AFTER_BYTES = 32 * 1024 * 1024;
const CHUNK_BYTES = 1 << 20;


export interface LineLimits {
	maxLineBytes?: number;
	/** What happens to a longer line: 'drop' it (default) or 'truncate' it to its first maxLineBytes. */
	long?: 'drop' | 'truncate';
}

const NEWLINE = 10;
const NEWLINE_BYTE = Buffer.from('\n');

/**
 * Splits a byte stream into lines with a bounded line length. Pure and synchronous:
 * `push` returns the complete lines it could finish, as one buffer of `\n`-terminated
 * lines (cheap for big inputs: no per-line allocation when lines are short).
 */
export class LineSplitter {
	readonly maxLineBytes: number;
	private readonly truncate: boolean;
	private pending: Buffer[] = [];
	private pendingBytes = 0;
	/** The line being read is already over the limit. */
	private overflow = false;
	/** Lines cut (dropped or truncated) so far. */
	cutLines = 0;

	constructor(limits: LineLimits = {}) {
		this.maxLineBytes = Math.max(1, limits.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
		this.truncate = limits.long === 'truncate';
	}

	/** Complete lines (each ending in \n) finished by `chunk`, or undefined. */
	push(chunk: Uint8Array): Buffer | undefined {
		const out = this.blocks(chunk);
		return out.length === 0 ? undefined : out.length === 1 ? out[0] : Buffer.concat(out);
	}

	/**
	 * The same lines as `push`, as the blocks they are in (the line that ended a pending
	 * one, then the rest of `chunk` in place): nothing copied for a reader that takes
	 * blocks of lines one after the other.
	 */
	blocks(chunk: Uint8Array): Buffer[] {
		const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		const out: Buffer[] = [];
		let start = 0;
		// The first line continues what is pending.
		const first = buf.indexOf(NEWLINE);
		if (first < 0) {
			this.addPending(buf);
			return out;
		}
		this.addPending(buf.subarray(0, first));
		this.finishLine(out);
		start = first + 1;
		const last = buf.lastIndexOf(NEWLINE);
		if (last >= start) {
			if (last + 1 - start <= this.maxLineBytes) out.push(buf.subarray(start, last + 1));
			else this.pushChecked(buf.subarray(start, last + 1), out);
			start = last + 1;
		}
		if (start < buf.length) this.addPending(buf.subarray(start));
		return out;
	}

	/** The last line when the input did not end with a newline. */
	end(): Buffer | undefined {
		if (this.pendingBytes === 0 && !this.overflow) return undefined;
		const out: Buffer[] = [];
		this.finishLine(out);
		return out.length > 0 ? Buffer.concat(out) : undefined;
	}

	/** `block` holds whole lines; copy those within the limit. */
	private pushChecked(block: Buffer, out: Buffer[]): void {
		let start = 0;
		while (start < block.length) {
			const nl = block.indexOf(NEWLINE, start);
			const end = nl < 0 ? block.length : nl + 1;
			if (end - 1 - start <= this.maxLineBytes) out.push(block.subarray(start, end));
			else {
				this.cutLines++;
				if (this.truncate) out.push(block.subarray(start, start + this.maxLineBytes), NEWLINE_BYTE);
			}
			start = end;
		}
	}

	private addPending(part: Buffer): void {
		if (part.length === 0) return;
		if (this.overflow) return;
		const room = this.maxLineBytes - this.pendingBytes;
		if (part.length <= room) {
			// Copied: the caller's chunk may be reused.
			this.pending.push(Buffer.from(part));
			this.pendingBytes += part.length;
			return;
		}
		if (this.truncate && room > 0) {
			this.pending.push(Buffer.from(part.subarray(0, room)));
			this.pendingBytes += room;
		}
		if (!this.truncate) {
			this.pending = [];
			this.pendingBytes = 0;
		}
		this.overflow = true;
	}

	private finishLine(out: Buffer[]): void {
		if (this.overflow) {
			this.cutLines++;
			if (this.truncate) out.push(Buffer.concat([...this.pending, NEWLINE_BYTE]));
		} else {
			out.push(Buffer.concat([...this.pending, NEWLINE_BYTE]));
		}
		this.pending = [];
		this.pendingBytes = 0;
		this.overflow = false;
	}
}

/** A block of `\n`-terminated lines to strings, without the newline (and a CR before it). */
export function blockLines(block: Buffer, encoding: BufferEncoding = 'utf8'): string[] {
	const lines = block.toString(encoding).split('\n');
	lines.pop();
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!;
		if (line.endsWith('\r')) lines[i] = line.slice(0, -1);
	}
	return lines;
}

/**
 * Calls `onLine` for every line of a live stream (a child's stdout or stderr) and
 * `onEnd` once it ends. Returns the splitter, whose `cutLines` counts what was cut.
 */
export function streamLines(stream: Readable, limits: LineLimits, onLine: (line: string) => void, onEnd?: () => void): LineSplitter {
	const splitter = new LineSplitter(limits);
	const emit = (block: Buffer | undefined) => {
		if (block) for (const line of blockLines(block)) onLine(line);
	};
	stream.on('data', (chunk: Buffer) => emit(splitter.push(chunk)));
	stream.on('end', () => {
		emit(splitter.end());
		onEnd?.();
	});
	// A child's pipe can fail when the child dies; its exit is reported elsewhere.
	stream.on('error', () => undefined);
	return splitter;
}

export interface InputLimits {
	/** Decompressed bytes a gzip input may produce. */
	maxBytes?: number;
	maxRatio?: number;
	/** A gzip file cut off mid-way ends where it was cut instead of failing (recordings of a killed recorder). */
	tolerateTruncatedGzip?: boolean;
	/**
	 * A file that is not gzipped is read into one buffer, over and over: each chunk is
	 * valid until the next one is asked for. For readers that copy what they keep: memory
	 * stays at one chunk, where fresh chunks pile up until the garbage collector comes
	 * (tens of MB on a large file).
	 */
	reuseChunks?: boolean;
}

const nameOf = (file: string): string => (file === '-' ? 'stdin' : file);

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

async function* rawBytes(file: string, reuseChunks: boolean): AsyncGenerator<Buffer> {
	if (file === '-') {
		for await (const chunk of process.stdin) yield chunk as Buffer;
		return;
	}
	const fd = openRegularFile(file);
	if (reuseChunks && !startsWithGzipMagic(fd)) {
		try {
			const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
			for (let n = fs.readSync(fd, buffer); n > 0; n = fs.readSync(fd, buffer)) yield buffer.subarray(0, n);
		} finally {
			fs.closeSync(fd);
		}
		return;
	}
	yield* fs.createReadStream('', {fd, highWaterMark: CHUNK_BYTES}) as AsyncIterable<Buffer>;
}

/** Whether the file starts with gzip's magic number, read without moving its offset. */
function startsWithGzipMagic(fd: number): boolean {
	const magic = Buffer.alloc(2);
	return fs.readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === GZIP_MAGIC_0 && magic[1] === GZIP_MAGIC_1;
}

/**
 * The bytes of `file` ('-' for stdin), gunzipped on the fly when they start with gzip's
 * magic number, within `limits`. Errors are InputErrors naming the input.
 */
export async function* inputBytes(file: string, limits: InputLimits = {}): AsyncGenerator<Buffer> {
	const name = nameOf(file);
	const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
	const maxRatio = limits.maxRatio ?? DEFAULT_MAX_RATIO;
	const chunks = rawBytes(file, limits.reuseChunks ?? false)[Symbol.asyncIterator]();
	let first: IteratorResult<Buffer>;
	try {
		first = await chunks.next();
	} catch (error) {
		throw readError(name, error);
	}
	if (first.done) return;
	let compressed = 0;
	const all = async function* (): AsyncGenerator<Buffer> {
		compressed += first.value.length;
		yield first.value;
		for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
			compressed += next.value.length;
			yield next.value;
		}
	};
	if (first.value[0] !== GZIP_MAGIC_0 || first.value[1] !== GZIP_MAGIC_1) {
		try {
			yield* all();
		} catch (error) {
			throw readError(name, error);
		}
		return;
	}
	// pipeline, not pipe: a read error of the file must end the gunzip stream too.
	const gunzip = pipeline(Readable.from(all()), createGunzip({chunkSize: CHUNK_BYTES}), () => undefined);
	let produced = 0;
	try {
		for await (const chunk of gunzip as AsyncIterable<Buffer>) {
			produced += chunk.length;
			if (produced > maxBytes) {
				throw new InputError(`${name}: decompresses to more than ${formatBytes(maxBytes)}; refusing (decompress it yourself if it is real)`);
			}
			if (produced > RATIO_AFTER_BYTES && produced > compressed * maxRatio) {
				throw new InputError(`${name}: gzip expands more than ${maxRatio} times (${formatBytes(compressed)} to over ${formatBytes(produced)}); refusing a likely gzip bomb`);
			}
			yield chunk;
		}
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (limits.tolerateTruncatedGzip && code === 'Z_BUF_ERROR') return;
		throw readError(name, error);
	} finally {
		gunzip.destroy();
	}
}

function readError(name: string, error: unknown): unknown {
	if (error instanceof StartError) return error;
	const {code, message} = error as NodeJS.ErrnoException;
	if (typeof code !== 'string') return error;
	if (code.startsWith('Z_')) return new InputError(`${name}: not valid gzip data (${message})`);
	return new InputError(`${name}: cannot read (${code})`);
}

const formatBytes = (n: number): string =>
	n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1)} GiB` : n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;

/** Lines of `file` (or stdin), bounded as above. `splitter.cutLines` counts cut lines. */
export async function* inputLines(
	file: string,
	limits: LineLimits & InputLimits & {encoding?: BufferEncoding} = {},
	splitter = new LineSplitter(limits),
): AsyncGenerator<string> {
	for await (const chunk of inputBytes(file, limits)) {
		const block = splitter.push(chunk);
		if (block) yield* blockLines(block, limits.encoding);
	}
	const tail = splitter.end();
	if (tail) yield* blockLines(tail, limits.encoding);
}
