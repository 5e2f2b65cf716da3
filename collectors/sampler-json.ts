/**
 * Parser for one line of a sampler's output: `{"type": KIND, "data": …}`, with
 * `{"type": "time", "data": "hh:mm:ss\n"}` ending an interval as bpftrace's `time()`
 * does. `data` is passed on as it is; the reducer that knows the kind validates it.
 */
import type {CollectorParseResult} from './collector-record.js';

/** Reading kinds are short lower-case names; anything else is not a sampler's line. */
const KIND = /^[a-z][a-z0-9-]{0,63}$/;

export function parseSamplerLine(line: string): CollectorParseResult {
	const trimmed = line.trim();
	if (trimmed === '') return {ok: true, records: []};
	let value: unknown;
	try {
		value = JSON.parse(trimmed);
	} catch {
		return {ok: false, error: `not JSON: ${trimmed.slice(0, 80)}`};
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return {ok: false, error: `not a JSON object: ${trimmed.slice(0, 80)}`};
	}
	const {type, data} = value as {type?: unknown; data?: unknown};
	if (typeof type !== 'string' || !KIND.test(type)) return {ok: false, error: `no valid "type" field: ${trimmed.slice(0, 80)}`};
	if (type === 'time') return {ok: true, records: [{type: 'time', text: typeof data === 'string' ? data : ''}]};
	return {ok: true, records: [{type: 'reading', kind: type, data: data ?? null}]};
}
