/**
 * The stdout Ink is given: same size, resize events and colour depth as the terminal,
 * but every write goes through the cell-diffing writer, so the terminal receives only
 * the cells that changed. Writes are passed on synchronously, so nothing is left
 * pending when the dashboard leaves the alternate screen.
 */
import {EventEmitter} from 'node:events';
import {CellDiffWriter} from './cell-diff-writer.js';

export interface DiffingStdout {
	stream: NodeJS.WriteStream;
	/** Stop following the terminal's resizes. */
	dispose(): void;
}

export function diffingStdout(terminal: NodeJS.WriteStream): DiffingStdout {
	const size = () => ({columns: terminal.columns || 80, rows: terminal.rows || 24});
	const writer = new CellDiffWriter(size().columns, size().rows);
	const emitter = new EventEmitter();
	// Getters, not values: Object.assign would copy today's size once.
	Object.defineProperties(emitter, {
		columns: {get: () => size().columns},
		rows: {get: () => size().rows},
	});
	const stream = Object.assign(emitter, {
		isTTY: true,
		getColorDepth: (env?: object) => terminal.getColorDepth?.(env) ?? 8,
		hasColors: (...args: unknown[]) => (terminal.hasColors as (...a: unknown[]) => boolean | undefined)?.(...args) ?? true,
		write(chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean {
			const done = typeof encoding === 'function' ? encoding : callback;
			const bytes = writer.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
			if (bytes) terminal.write(bytes);
			if (typeof done === 'function') process.nextTick(done as () => void);
			return true;
		},
	});
	const onResize = () => {
		writer.resize(size().columns, size().rows);
		emitter.emit('resize');
	};
	terminal.on('resize', onResize);
	return {
		stream: stream as unknown as NodeJS.WriteStream,
		dispose: () => terminal.off('resize', onResize),
	};
}
