/**
 * What the collectors' double buffers (collector-spec.ts) look like to the rest of
 * tracetop: a map printed as `@NAME_0` or `@NAME_1` is the interval's `@NAME`, and the
 * `span INTERVALS FORCED` line that opens a printed interval becomes a `span` record.
 * Output of collectors from before the double buffers (plain `@NAME`, no span line)
 * passes unchanged, so older recordings replay as they did.
 */
import type {BpfRecord} from './bpftrace-json.js';
import type {CollectorRecord} from './collector-record.js';

/** `@usecs_cpu_1` → `@usecs_cpu`; a name without a half's suffix is left as it is. */
export const wholeMapName = (map: string): string => map.replace(/^(@\w+?)_[01]$/, '$1');

/** The most intervals one printed half can cover: collectors force the switch at 10. */
const MAX_SPAN = 1000;

const SPAN_LINE = /^span (\d{1,4}) ([01])\n?$/;

export function parseSpanLine(text: string): {intervals: number; forced: boolean} | null {
	const m = SPAN_LINE.exec(text);
	if (!m) return null;
	const intervals = Number(m[1]);
	if (intervals < 1 || intervals > MAX_SPAN) return null;
	return {intervals, forced: m[2] === '1'};
}

export function fromHalves(record: BpfRecord): CollectorRecord {
	switch (record.type) {
		case 'hist':
		case 'map':
		case 'stats':
		case 'tseries':
			return {...record, map: wholeMapName(record.map)};
		case 'printf': {
			const span = parseSpanLine(record.text);
			return span ? {type: 'span', ...span} : record;
		}
		default:
			return record;
	}
}
