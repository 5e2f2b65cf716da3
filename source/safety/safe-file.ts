/**
 * The one way tracetop writes files. tracetop runs as root in directories other users
 * can write to (/tmp, a shared home), so every output is created exclusively and never
 * through a symbolic link, readable by its owner only:
 *
 * - files are opened O_CREAT|O_EXCL|O_NOFOLLOW with mode 0600, folders made 0700;
 * - an existing target is refused with a one-line error; with `force` it is replaced,
 *   still without following a symlink planted there (the link itself is replaced);
 * - whole files and folders are written into a private 0700 folder with a random name
 *   beside the target, then linked (no replace) or renamed (`force`) into place, so a
 *   reader never sees half a file and nobody can plant a link at a predictable temp name;
 * - short writes, ENOSPC and other write errors are a `FileWriteError`: one line naming
 *   the file and the cause, exit 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import {StartError} from '../errors.js';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** A write that failed: full disk, short write, a refused target. One line; exit 1. */
export class FileWriteError extends StartError {}

export interface SafeWriteOptions {
	/** Replace an existing target (never following a symlink there). */
	force?: boolean;
}

const CAUSES: Record<string, string> = {
	ENOSPC: 'no space left on the device',
	EDQUOT: 'disk quota exceeded',
	EFBIG: 'file too large',
	EIO: 'I/O error',
	EROFS: 'read-only file system',
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	ENOENT: 'no such directory',
	ENOTDIR: 'a path component is not a directory',
	EISDIR: 'is a directory',
	ELOOP: 'is a symbolic link; tracetop never writes through one',
};

/** The one-line error for a failed write of `file`. */
export function writeError(file: string, error: unknown, doing = 'cannot write'): FileWriteError {
	if (error instanceof FileWriteError) return error;
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'EEXIST') return new FileWriteError(`${file}: already exists; choose another name or pass --force to replace it`);
	const cause = code ? (CAUSES[code] ? `${CAUSES[code]} (${code})` : code) : error instanceof Error ? error.message : String(error);
	return new FileWriteError(`${file}: ${doing}: ${cause}`);
}

/** Write all of `data` at the fd's position; a short write that cannot go on is an error. */
export function writeAll(fd: number, data: string | Uint8Array, file: string): void {
	const bytes = typeof data === 'string' ? Buffer.from(data) : data;
	let done = 0;
	while (done < bytes.length) {
		let n: number;
		try {
			n = fs.writeSync(fd, bytes, done, bytes.length - done);
		} catch (error) {
			throw writeError(file, error, `write failed after ${done} of ${bytes.length} bytes`);
		}
		if (n <= 0) throw new FileWriteError(`${file}: short write (${done} of ${bytes.length} bytes)`);
		done += n;
	}
}

const EXCLUSIVE = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;

/** Remove what is at `file` for --force: a file or a symlink (the link, not its target); never a folder. */
function removeForReplace(file: string): void {
	let stat: fs.Stats;
	try {
		stat = fs.lstatSync(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
		throw writeError(file, error);
	}
	if (stat.isDirectory()) throw new FileWriteError(`${file}: is a directory; tracetop does not replace folders`);
	try {
		fs.unlinkSync(file);
	} catch (error) {
		throw writeError(file, error, 'cannot replace');
	}
}

function openExclusive(file: string): number {
	try {
		return fs.openSync(file, EXCLUSIVE, FILE_MODE);
	} catch (error) {
		throw writeError(file, error);
	}
}

/** A file written as you go (a recording): each `write` is one complete write call. */
export interface SafeFile {
	readonly path: string;
	write(data: string | Uint8Array): void;
	close(): void;
}

/** Create `file` exclusively (0600, not through a symlink) for writing as you go. */
export function createFileSafe(file: string, options: SafeWriteOptions = {}): SafeFile {
	if (options.force) removeForReplace(file);
	let fd: number | undefined = openExclusive(file);
	const close = () => {
		if (fd === undefined) return;
		const open = fd;
		fd = undefined;
		fs.closeSync(open);
	};
	return {
		path: file,
		write(data) {
			if (fd === undefined) throw new FileWriteError(`${file}: already closed`);
			try {
				writeAll(fd, data, file);
			} catch (error) {
				close();
				throw error;
			}
		},
		close,
	};
}

/** A private 0700 folder with a random name beside `target`, on the same file system. */
function privateTempDir(target: string): string {
	try {
		return fs.mkdtempSync(path.join(path.dirname(target), '.tracetop-tmp-'));
	} catch (error) {
		throw writeError(target, error);
	}
}

/** Move `temp` to `target`: link (fails if anything is there) or, with force, rename over it. */
function place(temp: string, target: string, options: SafeWriteOptions): void {
	try {
		if (options.force) {
			if (fs.lstatSync(target, {throwIfNoEntry: false})?.isDirectory()) {
				throw new FileWriteError(`${target}: is a directory; tracetop does not replace folders`);
			}
			fs.renameSync(temp, target);
		} else {
			fs.linkSync(temp, target);
		}
	} catch (error) {
		throw writeError(target, error);
	}
}

/**
 * Write a whole file or nothing: into a private temp folder, synced, then put in place.
 * Refuses an existing target unless `force`.
 */
export function writeFileSafe(file: string, content: string | Uint8Array, options: SafeWriteOptions = {}): void {
	const dir = privateTempDir(file);
	try {
		const temp = path.join(dir, 'file');
		const fd = openExclusive(temp);
		try {
			writeAll(fd, content, file);
			fs.fsyncSync(fd);
		} catch (error) {
			throw writeError(file, error);
		} finally {
			fs.closeSync(fd);
		}
		place(temp, file, options);
	} finally {
		fs.rmSync(dir, {recursive: true, force: true});
	}
}

export interface FolderFile {
	name: string;
	content: string | Uint8Array;
}

/**
 * A folder of files (0700, files 0600), complete or absent: written inside a private
 * temp folder that is then renamed to `target`. `target` must not exist.
 */
export function writeFolderSafe(target: string, files: readonly FolderFile[]): void {
	if (fs.lstatSync(target, {throwIfNoEntry: false})) throw new FileWriteError(`${target}: already exists`);
	const dir = privateTempDir(target);
	try {
		for (const file of files) {
			if (file.name !== path.basename(file.name) || file.name.startsWith('.')) {
				throw new FileWriteError(`${file.name}: not a plain file name`);
			}
			const fd = openExclusive(path.join(dir, file.name));
			try {
				writeAll(fd, file.content, path.join(target, file.name));
			} finally {
				fs.closeSync(fd);
			}
		}
		try {
			fs.renameSync(dir, target);
		} catch (error) {
			throw writeError(target, error);
		}
	} catch (error) {
		fs.rmSync(dir, {recursive: true, force: true});
		throw error;
	}
}
