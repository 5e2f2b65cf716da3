/**
 * Opening a file to read only when it is a regular file: a FIFO without a writer would
 * hang tracetop, a device such as /dev/zero never ends. The file is opened O_NONBLOCK (so
 * opening a FIFO returns at once) and then checked with fstat, on the same descriptor.
 */
import fs from 'node:fs';
import {StartError} from '../errors.js';

/** Input tracetop will not read: not a regular file, too big, a gzip bomb, not text. One line; exit 1. */
export class InputError extends StartError {}

function describeKind(stat: fs.Stats): string {
	if (stat.isFIFO()) return 'a FIFO';
	if (stat.isCharacterDevice()) return 'a character device';
	if (stat.isBlockDevice()) return 'a block device';
	if (stat.isDirectory()) return 'a directory';
	if (stat.isSocket()) return 'a socket';
	return 'not a regular file';
}

/** An fd of `file` open for reading; an InputError when it cannot be read or is not a regular file. */
export function openRegularFile(file: string): number {
	let fd: number;
	try {
		fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
	} catch (error) {
		throw new InputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
	}
	const stat = fs.fstatSync(fd);
	if (!stat.isFile()) {
		fs.closeSync(fd);
		throw new InputError(`${file}: ${describeKind(stat)}, not a regular file; tracetop reads regular files, or stdin as -`);
	}
	return fd;
}
