/**
 * The recording file: JSON Lines. Line 1 is a header; every further line is one raw
 * line a collector printed, with its time offset, so replay runs the same parsers and
 * reducers as live data.
 *
 *   {"format":"tracetop-recording","version":1,"host":…,"kernel":…,"bpftraceVersion":…,
 *    "startTime":"2026-11-26T14:20:00.000Z","options":{…},"collectors":[{…}]}
 *   {"t":1012,"c":"runqlat","line":"{\"type\": \"hist\", …}"}
 */
import type {CollectorSpec, Filters} from '../../collectors/collector-spec.js';

export const RECORDING_FORMAT = 'tracetop-recording';
export const RECORDING_VERSION = 1;

export interface RecordingHeader {
	format: typeof RECORDING_FORMAT;
	version: number;
	host: string;
	kernel: string;
	bpftraceVersion: string;
	startTime: string;
	options: Filters;
	collectors: Array<Pick<CollectorSpec, 'id' | 'script' | 'args'>>;
}

export interface RecordedLine {
	/** ms since the recording started */
	t: number;
	/** collector id */
	c: string;
	line: string;
}

export class RecordingError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseHeader(text: string, where: string): RecordingHeader {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new RecordingError(`${where}: not a tracetop recording (the first line is not JSON)`);
	}
	if (!isObject(value) || value.format !== RECORDING_FORMAT) {
		throw new RecordingError(`${where}: not a tracetop recording (no "format": "${RECORDING_FORMAT}" header)`);
	}
	if (typeof value.version !== 'number' || !Number.isInteger(value.version) || value.version < 1) {
		throw new RecordingError(`${where}: recording header has no valid "version" (expected a whole number, got ${JSON.stringify(value.version ?? null)})`);
	}
	if (value.version > RECORDING_VERSION) {
		throw new RecordingError(`${where}: recording format version ${String(value.version)} is newer than this tracetop reads (${RECORDING_VERSION}); upgrade tracetop`);
	}
	const options = isObject(value.options) ? value.options : {};
	return {
		format: RECORDING_FORMAT,
		version: value.version,
		host: typeof value.host === 'string' ? value.host : 'unknown',
		kernel: typeof value.kernel === 'string' ? value.kernel : 'unknown',
		bpftraceVersion: typeof value.bpftraceVersion === 'string' ? value.bpftraceVersion : 'unknown',
		startTime: typeof value.startTime === 'string' ? value.startTime : new Date(0).toISOString(),
		options: {
			intervalSec: typeof options.intervalSec === 'number' ? options.intervalSec : 1,
			pids: Array.isArray(options.pids) ? options.pids.filter((p): p is number => typeof p === 'number') : [],
			comm: typeof options.comm === 'string' ? options.comm : undefined,
		},
		collectors: Array.isArray(value.collectors) ? (value.collectors as RecordingHeader['collectors']) : [],
	};
}

export function parseRecordedLine(text: string, where: string): RecordedLine {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new RecordingError(`${where}: malformed line (not JSON)`);
	}
	if (!isObject(value) || typeof value.t !== 'number' || typeof value.c !== 'string' || typeof value.line !== 'string') {
		throw new RecordingError(`${where}: malformed line (expected {"t": ms, "c": collector, "line": text})`);
	}
	return {t: value.t, c: value.c, line: value.line};
}
