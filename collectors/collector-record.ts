/**
 * What a pane's reducer receives: a parsed line from one of its collectors, whatever
 * the collector's kind. bpftrace lines become BpfRecords; a sampler's readings become
 * `reading` records whose `data` the reducer validates itself (it comes from a
 * recording too, so it is untrusted); both kinds end an interval with `time`. A
 * bpftrace collector's interval opens with a `span` (collector-spec.ts, interval-halves.ts).
 */
import type {BpfRecord} from './bpftrace-json.js';

export interface SamplerReading {
	type: 'reading';
	/** The line's `type`, e.g. "use-cpu", "hostfacts", "load". */
	kind: string;
	data: unknown;
}

/** How many intervals the printed interval covers, and whether events may be missing from it. */
export interface IntervalSpan {
	type: 'span';
	/** 1, or more when bpftrace's output fell behind and intervals were joined. */
	intervals: number;
	/** bpftrace was 10 intervals behind: the collector reused a half not yet cleared. */
	forced: boolean;
}

export type CollectorRecord = BpfRecord | SamplerReading | IntervalSpan;

export type CollectorParseResult =
	| {ok: true; records: CollectorRecord[]}
	| {ok: false; error: string};
