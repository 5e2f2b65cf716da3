/**
 * Parser for one line of a sampler's output: `{"type": KIND, "data": …}`, with
 * `{"type": "time", "data": "hh:mm:ss\n"}` ending an interval as bpftrace's `time()`
 * does. `data` is passed on as it is; the reducer that knows the kind validates it.
 */
import type {CollectorParseResult} from './collector-record.js';
import {parseJsonObjectLine} from './json-line.js';

/** Reading kinds are short lower-case names; anything else is not a sampler's line. */
const KIND = /^[a-z][a-z0-9-]{0,63}$/;

export function parseSamplerLine(line: string): CollectorParseResult {
	const parsed = parseJsonObjectLine(line);
	if (parsed.kind === 'blank') return {ok: true, records: []};
	if (parsed.kind === 'error') return {ok: false, error: parsed.error};
	const {value, trimmed} = parsed;
	const {type, data} = value as {type?: unknown; data?: unknown};
	if (typeof type !== 'string' || !KIND.test(type)) return {ok: false, error: `no valid "type" field: ${trimmed.slice(0, 80)}`};
	if (type === 'time') return {ok: true, records: [{type: 'time', text: typeof data === 'string' ? data : ''}]};
	return {ok: true, records: [{type: 'reading', kind: type, data: data ?? null}]};
}
