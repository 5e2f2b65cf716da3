/**
 * Parser for one line of `bpftrace -f json` output.
 *
 * Tolerant and version-independent: bpftrace 0.17 to 0.26 add fields (`count` on
 * `attached_probes` and `lost_events`) and types (`tseries`); anything unknown becomes an
 * `unknown` record rather than an error, and only a line that is not JSON at all is
 * reported as malformed.
 */
import {parseJsonObjectLine} from './json-line.js';

/** One bucket of a bpftrace `hist()` or `lhist()`; `min`/`max` are null where open-ended. */
export interface Bucket {
	min: number | null;
	max: number | null;
	count: number;
}

/** A map value keyed by its bpftrace key; `key` is '' for an unkeyed map. */
export interface Keyed<T> {
	key: string;
	value: T;
}

export interface Stats {
	count: number;
	average: number;
	total: number;
}

export interface SeriesPoint {
	start: string;
	value: number;
}

export type BpfRecord =
	| {type: 'attached'; probes: number}
	| {type: 'lost'; events: number}
	| {type: 'printf'; text: string}
	| {type: 'time'; text: string}
	| {type: 'hist'; map: string; entries: Array<Keyed<Bucket[]>>}
	| {type: 'map'; map: string; entries: Array<Keyed<number | string>>}
	| {type: 'stats'; map: string; entries: Array<Keyed<Stats>>}
	| {type: 'tseries'; map: string; entries: Array<Keyed<SeriesPoint[]>>}
	| {type: 'unknown'; kind: string};

export type ParseResult =
	| {ok: true; records: BpfRecord[]}
	| {ok: false; error: string};

type Json = null | boolean | number | string | Json[] | {[k: string]: Json};

const isObject = (v: unknown): v is Record<string, Json> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** A number the reducers cannot turn into Infinity or NaN: bpftrace's counters are 64-bit, but exact only up to 2^53 here. */
export const MAX_VALUE = Number.MAX_SAFE_INTEGER;

/** A number outside ±MAX_VALUE: the whole line is refused (counted as unreadable), never shown. */
class OutOfRange extends Error {}

/** A number within range; null when absent or not a number; OutOfRange when too big (1e308, or Infinity from 1e400). */
function num(v: unknown): number | null {
	if (typeof v !== 'number') return null;
	if (!(Math.abs(v) <= MAX_VALUE)) throw new OutOfRange(String(v));
	return v;
}

/** A count: a whole number from 0 to MAX_VALUE. */
function count(v: unknown): number | null {
	const n = num(v);
	if (n !== null && (n < 0 || !Number.isInteger(n))) throw new OutOfRange(String(v));
	return n;
}

/**
 * Parse one output line. Blank lines give no records; a line that is not a JSON object
 * gives an error (the caller counts it and goes on).
 */
export function parseBpftraceLine(line: string): ParseResult {
	const parsed = parseJsonObjectLine(line);
	if (parsed.kind === 'blank') return {ok: true, records: []};
	if (parsed.kind === 'error') return {ok: false, error: parsed.error};
	const {value, trimmed} = parsed;
	if (typeof value.type !== 'string') {
		return {ok: false, error: `no "type" field: ${trimmed.slice(0, 80)}`};
	}
	try {
		return {ok: true, records: toRecords(value.type, value.data as Json | undefined)};
	} catch (error) {
		if (error instanceof OutOfRange) return {ok: false, error: `number out of range (${error.message}): ${trimmed.slice(0, 80)}`};
		throw error;
	}
}

function toRecords(type: string, data: Json | undefined): BpfRecord[] {
	switch (type) {
		case 'attached_probes':
			return [{type: 'attached', probes: isObject(data) ? (count(data.probes) ?? 0) : 0}];
		case 'lost_events':
			return [{type: 'lost', events: isObject(data) ? (count(data.events) ?? 0) : 0}];
		case 'printf':
			return [{type: 'printf', text: typeof data === 'string' ? data : ''}];
		case 'time':
			return [{type: 'time', text: typeof data === 'string' ? data : ''}];
		case 'hist':
			return perMap(data, (map, v) => ({type: 'hist', map, entries: keyed(v, isBucketList, toBuckets)}));
		case 'map':
			return perMap(data, (map, v) => ({type: 'map', map, entries: keyed(v, isScalar, v => (typeof v === 'number' ? num(v)! : (v as string)))}));
		case 'stats':
			return perMap(data, (map, v) => ({type: 'stats', map, entries: keyed(v, isStats, toStats)}));
		case 'tseries':
			return perMap(data, (map, v) => ({type: 'tseries', map, entries: keyed(v, Array.isArray, toSeries)}));
		default:
			return [{type: 'unknown', kind: type}];
	}
}

/** A JSON map line holds one or more maps by name (`{"@a": …, "@b": …}`). */
function perMap(data: Json | undefined, build: (map: string, value: Json) => BpfRecord): BpfRecord[] {
	if (!isObject(data)) return [{type: 'unknown', kind: 'malformed-data'}];
	return Object.entries(data).map(([map, value]) => build(map, value));
}

/**
 * A map's value is either the value itself (unkeyed map) or an object of values by key.
 * `isLeaf` tells the two apart for each type.
 */
function keyed<T>(value: Json, isLeaf: (v: Json) => boolean, convert: (v: Json) => T): Array<Keyed<T>> {
	if (isLeaf(value)) return [{key: '', value: convert(value)}];
	if (!isObject(value)) return [];
	const entries: Array<Keyed<T>> = [];
	for (const [key, v] of Object.entries(value)) {
		if (isLeaf(v)) entries.push({key, value: convert(v)});
	}
	return entries;
}

const isScalar = (v: Json): boolean => typeof v === 'number' || typeof v === 'string';
const isBucketList = (v: Json): boolean => Array.isArray(v);
const isStats = (v: Json): boolean => isObject(v) && typeof v.count === 'number';

function toBuckets(v: Json): Bucket[] {
	if (!Array.isArray(v)) return [];
	const buckets: Bucket[] = [];
	for (const b of v) {
		if (!isObject(b)) continue;
		buckets.push({min: num(b.min), max: num(b.max), count: count(b.count) ?? 0});
	}
	return buckets;
}

function toStats(v: Json): Stats {
	const o = isObject(v) ? v : {};
	return {count: count(o.count) ?? 0, average: num(o.average) ?? 0, total: num(o.total) ?? 0};
}

function toSeries(v: Json): SeriesPoint[] {
	if (!Array.isArray(v)) return [];
	return v.filter(isObject).map(p => ({
		start: typeof p.interval_start === 'string' ? p.interval_start : '',
		value: num(p.value) ?? 0,
	}));
}
