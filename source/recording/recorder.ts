/**
 * Writes a recording as lines arrive. Each line is written with one synchronous write,
 * so whatever tracetop saw is on disk even if tracetop is then killed: at worst the
 * last line is cut short, which replay tolerates.
 */
import fs from 'node:fs';
import type {RecordedLine, RecordingHeader} from './recording-format.js';

export interface Recorder {
	write(entry: RecordedLine): void;
	close(): void;
	readonly path: string;
}

export function openRecorder(file: string, header: RecordingHeader): Recorder {
	let fd: number | undefined = fs.openSync(file, 'w');
	fs.writeSync(fd, JSON.stringify(header) + '\n');
	return {
		path: file,
		write(entry) {
			if (fd !== undefined) fs.writeSync(fd, JSON.stringify(entry) + '\n');
		},
		close() {
			if (fd === undefined) return;
			fs.closeSync(fd);
			fd = undefined;
		},
	};
}
