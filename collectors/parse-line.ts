/** Each collector kind's line parser: the pipeline parses a line by its collector's kind. */
import {parseBpftraceLine} from './bpftrace-json.js';
import type {CollectorParseResult} from './collector-record.js';
import type {CollectorKind} from './collector-spec.js';
import {fromHalves} from './interval-halves.js';
import {parseSamplerLine} from './sampler-json.js';

/** A bpftrace collector's line: bpftrace's JSON, its double buffers' halves as whole maps. */
export function parseBpftraceCollectorLine(line: string): CollectorParseResult {
	const parsed = parseBpftraceLine(line);
	return parsed.ok ? {ok: true, records: parsed.records.map(fromHalves)} : parsed;
}

const PARSERS: Readonly<Record<CollectorKind, (line: string) => CollectorParseResult>> = {
	bpftrace: parseBpftraceCollectorLine,
	sampler: parseSamplerLine,
};

export const parseCollectorLine = (kind: CollectorKind, line: string): CollectorParseResult => PARSERS[kind](line);
