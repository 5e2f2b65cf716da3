/**
 * Writes a recording as lines arrive. Each line is written with one synchronous write,
 * so whatever tracetop saw is on disk even if tracetop is then killed: at worst the
 * last line is cut short, which replay tolerates. The file is created exclusively
 * (safe-file). A write that fails (disk full) stops the recording, not tracing: the
 * recorder closes itself and reports once through `onError`.
 */
import {createFileSafe, writeError, type FileWriteError, type SafeFile} from '../safety/safe-file.js';
import type {RecordedLine, RecordingHeader} from './recording-format.js';

export interface Recorder {
	write(entry: RecordedLine): void;
	close(): void;
	readonly path: string;
}

export interface RecorderOptions {
	/** Replace an existing file (never through a symlink). */
	force?: boolean;
	/** Called once when a write fails; the recorder is closed by then. */
	onError?(error: FileWriteError): void;
}

/** Creates the file and writes the header; throws a FileWriteError when either fails. */
export function openRecorder(file: string, header: RecordingHeader, options: RecorderOptions = {}): Recorder {
	let out: SafeFile | undefined = createFileSafe(file, {force: options.force});
	try {
		out.write(JSON.stringify(header) + '\n');
	} catch (error) {
		out.close();
		throw error;
	}
	return {
		path: file,
		write(entry) {
			if (!out) return;
			try {
				out.write(JSON.stringify(entry) + '\n');
			} catch (error) {
				out = undefined;
				options.onError?.(writeError(file, error));
			}
		},
		close() {
			out?.close();
			out = undefined;
		},
	};
}
