/**
 * The sampler contract. A sampler module (collectors/samplers/NAME.ts) exports a
 * factory; the sampler launcher calls `read()` once at start and then once per interval,
 * hands each returned line to the line stream and, after each interval's lines, emits
 * the interval marker. A sampler that reports rates keeps its previous reading itself
 * and emits the computed values, so reducers stay pure per-interval functions.
 */
import fs from 'node:fs';

export interface SamplerContext {
	intervalSec: number;
	/** Where /proc is; tests point it at fixture files. */
	procRoot?: string;
	/** Where /sys is; tests point it at fixture files. */
	sysRoot?: string;
}

export interface Sampler {
	/** The JSON lines of one reading, one object per line ([] when there is nothing to say). */
	read(): string[];
}

export type SamplerFactory = (ctx: SamplerContext) => Sampler;

/** One line of a reading: `{"type": KIND, "data": …}`. */
export const readingLine = (kind: string, data: unknown): string => JSON.stringify({type: kind, data});

/** /proc and /sys files are small; anything larger is not what the sampler expects. */
const MAX_FILE_BYTES = 1024 * 1024;

/** A /proc or /sys file's text, read with a bound (one call site for a shared bounded reader). */
export function readSmallFile(file: string): string {
	const fd = fs.openSync(file, 'r');
	try {
		const buffer = Buffer.alloc(MAX_FILE_BYTES);
		let length = 0;
		for (let n = -1; n !== 0 && length < MAX_FILE_BYTES; length += n) n = fs.readSync(fd, buffer, length, MAX_FILE_BYTES - length, null);
		return buffer.toString('utf8', 0, length);
	} finally {
		fs.closeSync(fd);
	}
}

/** A file's text, or undefined when it cannot be read (absent, EINVAL on a down link …). */
export function tryReadSmallFile(file: string): string | undefined {
	try {
		return readSmallFile(file);
	} catch {
		return undefined;
	}
}
