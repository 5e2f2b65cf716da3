/**
 * The recording file: JSON Lines. Line 1 is a header; every further line is one raw
 * line a collector printed, with its time offset, so replay runs the same parsers and
 * reducers as live data.
 *
 *   {"format":"tracetop-recording","version":1,"host":…,"kernel":…,"arch":"x86_64",
 *    "bpftraceVersion":…,"startTime":"2026-11-26T14:20:00.000Z",
 *    "options":{"intervalSec":1,"pids":[],"hz":99,"panes":{"syscalls":{"slowMs":10}}},
 *    "collectors":[{"id":"runqlat","kind":"bpftrace",…},{"id":"host","kind":"sampler",…}]}
 *   {"t":1012,"c":"runqlat","line":"{\"type\": \"hist\", …}"}
 *
 * `options` holds every option as given (pane options with defaults filled in), so
 * replay rebuilds panes and collectors from it. Recordings made before collector kinds
 * have no `arch`, no `hz`, no `panes` and only bpftrace collectors; they replay as they
 * did (defaults).
 */
import type {CollectorKind} from '../../collectors/collector-spec.js';
import type {SessionOptions} from '../panes/pane-options.js';

export const RECORDING_FORMAT = 'tracetop-recording';
export const RECORDING_VERSION = 1;

export interface RecordingHeader {
	format: typeof RECORDING_FORMAT;
	version: number;
	host: string;
	kernel: string;
	/** As `uname -m`; "unknown" in recordings made before it was recorded. */
	arch: string;
	bpftraceVersion: string;
	startTime: string;
	options: SessionOptions;
	collectors: RecordedCollector[];
}

/** What was running: for a bpftrace collector its script and arguments, for a sampler its name. */
export interface RecordedCollector {
	id: string;
	kind: CollectorKind;
	script?: string;
	args?: string[];
	sampler?: string;
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
	const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
	return {
		format: RECORDING_FORMAT,
		version: value.version,
		host: typeof value.host === 'string' ? value.host : 'unknown',
		kernel: typeof value.kernel === 'string' ? value.kernel : 'unknown',
		arch: typeof value.arch === 'string' ? value.arch : 'unknown',
		bpftraceVersion: typeof value.bpftraceVersion === 'string' ? value.bpftraceVersion : 'unknown',
		startTime: typeof value.startTime === 'string' ? value.startTime : new Date(0).toISOString(),
		options: {
			intervalSec: typeof options.intervalSec === 'number' ? options.intervalSec : 1,
			pids: Array.isArray(options.pids) ? options.pids.filter((p): p is number => typeof p === 'number') : [],
			comm: typeof options.comm === 'string' ? options.comm : undefined,
			hz: finite(options.hz) ? options.hz : undefined,
			panes: paneOptionsOf(options.panes),
		},
		collectors: Array.isArray(value.collectors) ? value.collectors.flatMap(recordedCollector) : [],
	};
}

/** Pane option values as recorded: numbers by option by pane; anything else is left out. */
function paneOptionsOf(value: unknown): SessionOptions['panes'] {
	const panes: Record<string, Record<string, number>> = {};
	if (!isObject(value)) return panes;
	for (const [paneId, options] of Object.entries(value)) {
		if (!isObject(options)) continue;
		panes[paneId] = Object.fromEntries(Object.entries(options).filter(([, v]) => typeof v === 'number' && Number.isFinite(v))) as Record<string, number>;
	}
	return panes;
}

function recordedCollector(value: unknown): RecordedCollector[] {
	if (!isObject(value) || typeof value.id !== 'string') return [];
	const c: RecordedCollector = {id: value.id, kind: value.kind === 'sampler' ? 'sampler' : 'bpftrace'};
	if (typeof value.script === 'string') c.script = value.script;
	if (Array.isArray(value.args)) c.args = value.args.filter((a): a is string => typeof a === 'string');
	if (typeof value.sampler === 'string') c.sampler = value.sampler;
	return [c];
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
