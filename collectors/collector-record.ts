/**
 * What a pane's reducer receives: a parsed line from one of its collectors, whatever
 * the collector's kind. bpftrace lines become BpfRecords; a sampler's readings become
 * `reading` records whose `data` the reducer validates itself (it comes from a
 * recording too, so it is untrusted); both kinds end an interval with `time`.
 */
import type {BpfRecord} from './bpftrace-json.js';

export interface SamplerReading {
	type: 'reading';
	/** The line's `type`, e.g. "use-cpu", "hostfacts", "load". */
	kind: string;
	data: unknown;
}

export type CollectorRecord = BpfRecord | SamplerReading;

export type CollectorParseResult =
	| {ok: true; records: CollectorRecord[]}
	| {ok: false; error: string};
