/** Each collector kind's line parser: the pipeline parses a line by its collector's kind. */
import {parseBpftraceLine} from './bpftrace-json.js';
import type {CollectorParseResult} from './collector-record.js';
import type {CollectorKind} from './collector-spec.js';
import {parseSamplerLine} from './sampler-json.js';

const PARSERS: Readonly<Record<CollectorKind, (line: string) => CollectorParseResult>> = {
	bpftrace: parseBpftraceLine,
	sampler: parseSamplerLine,
};

export const parseCollectorLine = (kind: CollectorKind, line: string): CollectorParseResult => PARSERS[kind](line);
