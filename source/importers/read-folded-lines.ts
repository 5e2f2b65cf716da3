/**
 * Folded stack lines in input order, not merged: a flame chart (flamegraph.pl
 * --flamechart) draws time left to right, one run of frames per line. Read through the
 * bounded reader (gzip or not); lines that are not `stack count` are skipped, as
 * flamegraph.pl skips them. When every line has two counts (difffolded.pl's columns),
 * each line carries its earlier count too.
 */
import {StartError} from '../errors.js';
import {secondColumn} from '../models/diff-columns.js';
import {parseFoldedLine} from '../models/folded-stacks.js';
import {inputLines} from '../safety/bounded-lines.js';

export interface FoldedLine {
	stack: string;
	count: number;
	before?: number;
}

export async function readFoldedLines(input: string): Promise<FoldedLine[]> {
	const lines: FoldedLine[] = [];
	for await (const raw of inputLines(input)) {
		const line = parseFoldedLine(raw);
		if (line) lines.push(line);
	}
	if (lines.length === 0) throw new StartError(`${input === '-' ? 'stdin' : input}: no folded stacks found (a flame chart draws folded stacks in time order)`);
	const split = lines.map(line => secondColumn(line.stack));
	if (split.every(s => s !== undefined)) return lines.map((line, i) => ({stack: split[i]![0], count: line.count, before: split[i]![1]}));
	return lines;
}
