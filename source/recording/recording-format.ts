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
import {MAX_PIDS} from '../../collectors/collector-spec.js';
import {COMM, MAX_PID, RANGES, rangeProblem, type NumberRange} from '../option-ranges.js';
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

import {RecordingError} from '../errors.js';

export {RecordingError};

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
	const field = (name: string, problem: string): RecordingError => new RecordingError(`${where}: recording header field "${name}" ${problem}`);
	const str = (name: string, fallback: string): string => {
		const v = value[name];
		if (v === undefined) return fallback;
		if (typeof v !== 'string' || v.length > MAX_TEXT) throw field(name, `is not a string of at most ${MAX_TEXT} characters`);
		return v;
	};
	const startTime = str('startTime', new Date(0).toISOString());
	if (Number.isNaN(Date.parse(startTime))) throw field('startTime', `is not a date (${JSON.stringify(startTime.slice(0, 40))})`);
	return {
		format: RECORDING_FORMAT,
		version: value.version,
		host: str('host', 'unknown'),
		kernel: str('kernel', 'unknown'),
		arch: str('arch', 'unknown'),
		bpftraceVersion: str('bpftraceVersion', 'unknown'),
		startTime,
		options: sessionOptions(value.options, field),
		collectors: recordedCollectors(value.collectors, field),
	};
}

/** Host names, kernel releases and the like are short; a longer one is not a header tracetop wrote. */
const MAX_TEXT = 1024;
const COLLECTOR_ID = /^[A-Za-z0-9_.-]{1,64}$/;

type FieldError = (name: string, problem: string) => RecordingError;

/**
 * The recorded options, each checked as the command line checks it (option-ranges):
 * absent fields take their defaults (older recordings lack some), present ones must be valid.
 */
function sessionOptions(value: unknown, field: FieldError): SessionOptions {
	if (value === undefined) return {intervalSec: 1, pids: [], panes: {}};
	if (!isObject(value)) throw field('options', 'is not an object');
	const number = (name: string, range: NumberRange): number | undefined => {
		const v = value[name];
		if (v === undefined) return undefined;
		const problem = typeof v === 'number' ? rangeProblem(range, v) : 'expected a number';
		if (problem) throw field(`options.${name}`, `is ${JSON.stringify(v)}: ${problem}`);
		return v as number;
	};
	const pids = value.pids ?? [];
	if (!Array.isArray(pids) || pids.length > MAX_PIDS || !pids.every(p => Number.isInteger(p) && p > 0 && p <= MAX_PID)) {
		throw field('options.pids', `is not a list of at most ${MAX_PIDS} process ids`);
	}
	if (value.comm !== undefined && (typeof value.comm !== 'string' || !COMM.test(value.comm))) throw field('options.comm', 'is not a command name (1 to 15 printable characters)');
	return {
		intervalSec: number('intervalSec', RANGES.interval) ?? 1,
		pids: pids as number[],
		comm: value.comm as string | undefined,
		hz: number('hz', RANGES.frequency),
		panes: paneOptionsOf(value.panes, field),
	};
}

/** Pane option values as recorded: numbers by option by pane (each pane checks its ranges when it resolves them). */
function paneOptionsOf(value: unknown, field: FieldError): SessionOptions['panes'] {
	if (value === undefined) return {};
	if (!isObject(value)) throw field('options.panes', 'is not an object');
	const panes: Record<string, Record<string, number>> = {};
	for (const [paneId, options] of Object.entries(value)) {
		if (!isObject(options) || !Object.values(options).every(v => typeof v === 'number' && Number.isFinite(v))) {
			throw field(`options.panes.${paneId}`, 'is not an object of numbers');
		}
		panes[paneId] = options as Record<string, number>;
	}
	return panes;
}

function recordedCollectors(value: unknown, field: FieldError): RecordedCollector[] {
	if (value === undefined) return [];
	if (!Array.isArray(value)) throw field('collectors', 'is not a list');
	return value.map((c: unknown, i) => {
		const name = `collectors[${i}]`;
		if (!isObject(c)) throw field(name, `is ${JSON.stringify(c)}: expected {"id": …, "kind": …}`);
		if (typeof c.id !== 'string' || !COLLECTOR_ID.test(c.id)) throw field(`${name}.id`, 'is not a collector id (1 to 64 letters, digits, _ . -)');
		if (c.kind !== undefined && c.kind !== 'bpftrace' && c.kind !== 'sampler') throw field(`${name}.kind`, 'is neither "bpftrace" nor "sampler"');
		const recorded: RecordedCollector = {id: c.id, kind: c.kind === 'sampler' ? 'sampler' : 'bpftrace'};
		for (const key of ['script', 'sampler'] as const) {
			const v = c[key];
			if (v === undefined) continue;
			if (typeof v !== 'string' || v.length > MAX_TEXT) throw field(`${name}.${key}`, 'is not a string');
			recorded[key] = v;
		}
		if (c.args !== undefined) {
			if (!Array.isArray(c.args) || !c.args.every(a => typeof a === 'string' && a.length <= MAX_TEXT)) throw field(`${name}.args`, 'is not a list of strings');
			recorded.args = c.args as string[];
		}
		return recorded;
	});
}

/** A year of recording, in ms: a larger (or negative, or non-finite) offset is not one tracetop wrote. */
const MAX_OFFSET_MS = 365 * 86_400_000;

export function parseRecordedLine(text: string, where: string): RecordedLine {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new RecordingError(`${where}: malformed line (not JSON)`);
	}
	if (!isObject(value) || typeof value.t !== 'number' || !(value.t >= 0 && value.t <= MAX_OFFSET_MS) || typeof value.c !== 'string' || typeof value.line !== 'string') {
		throw new RecordingError(`${where}: malformed line (expected {"t": ms, "c": collector, "line": text})`);
	}
	return {t: value.t, c: value.c, line: value.line};
}
