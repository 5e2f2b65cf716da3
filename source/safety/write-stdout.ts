/**
 * Output on stdout that is really written, or a one-line error. Node writes to a file
 * (`> out.folded`) with a synchronous write that ignores a short write, so output cut
 * by a full disk would end with exit 0; here a file or device gets a write loop that
 * checks every byte (`writeAll`), and a pipe gets its write callback checked. A reader
 * that stops early (`| head`) is no error.
 */
import fs from 'node:fs';
import {FileWriteError, writeAll, writeError} from './safe-file.js';

export function writeStdout(data: string | Uint8Array, encoding: BufferEncoding = 'utf8', stream: NodeJS.WriteStream = process.stdout): Promise<void> {
	const fd = (stream as {fd?: number}).fd;
	const bytes = typeof data === 'string' ? Buffer.from(data, encoding) : data;
	let direct = false;
	try {
		direct = fd !== undefined && !stream.isTTY && !fs.fstatSync(fd).isFIFO() && !fs.fstatSync(fd).isSocket();
	} catch {
		direct = false;
	}
	if (direct) {
		try {
			writeAll(fd!, bytes, 'stdout');
		} catch (error) {
			return Promise.reject(error instanceof FileWriteError ? error : writeError('stdout', error));
		}
		return Promise.resolve();
	}
	return new Promise((resolve, reject) => {
		const onError = (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? resolve() : reject(writeError('stdout', error, 'write failed')));
		stream.once('error', onError);
		stream.write(bytes, error => {
			stream.off('error', onError);
			if (!error) resolve();
			else onError(error as NodeJS.ErrnoException);
		});
	});
}
