/**
 * The bounded whole-file read: small files read in one go (/proc and /sys entries,
 * package.json, a config), never more than `maxBytes`, never blocking on a FIFO, never
 * endless on a device. /proc files report a size of 0, so the size is found by reading.
 */
import fs from 'node:fs';
import {InputError, openRegularFile} from './regular-file.js';

/** Enough for any /proc or /sys file tracetop reads (/proc/PID/status is ~1.5 KiB; /proc/stat on 256 CPUs ~40 KiB). */
export const DEFAULT_READ_BYTES = 1024 * 1024;

/** The bytes of `file`; an InputError when it is not a regular file or is larger than `maxBytes`. */
export function readBoundedBytes(file: string, maxBytes = DEFAULT_READ_BYTES): Buffer {
	const fd = openRegularFile(file);
	try {
		const chunks: Buffer[] = [];
		let total = 0;
		for (;;) {
			const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
			let n: number;
			try {
				n = fs.readSync(fd, chunk, 0, chunk.length, null);
			} catch (error) {
				throw new InputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
			}
			if (n === 0) break;
			chunks.push(chunk.subarray(0, n));
			total += n;
			if (total > maxBytes) throw new InputError(`${file}: larger than ${maxBytes} bytes; not read`);
		}
		return Buffer.concat(chunks, total);
	} finally {
		fs.closeSync(fd);
	}
}

/** `file` as UTF-8 text, bounded as above. */
export const readBounded = (file: string, maxBytes = DEFAULT_READ_BYTES): string => readBoundedBytes(file, maxBytes).toString('utf8');

/** Like readBounded, but undefined where the file is missing or unreadable (a process that exited). */
export function readBoundedOrUndefined(file: string, maxBytes = DEFAULT_READ_BYTES): string | undefined {
	try {
		return readBounded(file, maxBytes);
	} catch {
		return undefined;
	}
}
