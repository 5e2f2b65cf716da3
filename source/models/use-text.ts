/**
 * The USE pane's part of `tracetop snapshot`'s text: the matrix as the screen shows it
 * (every device, none folded), each cell's state as a mark readable without colour,
 * then the figures behind each row.
 */
import {useMatrix, type UseCell} from './use-matrix.js';
import type {UseSample} from './use-sample.js';
import {stateMark} from './use-state-mark.js';

const LABEL = 12;
const CELL = 18;

const cellText = (c: UseCell): string => `${stateMark(c.state)}${c.text}`.padEnd(CELL).slice(0, CELL);

/** `clean` makes machine-provided names safe for a terminal or file. */
export function useToText(s: UseSample, clean: (name: string) => string = n => n): string {
	const matrix = useMatrix(s, [], {perCpu: true, all: true, filter: '', sort: 0, historyLength: 1});
	const lines = [
		`USE method (utilization, saturation, errors), ${s.durationSec.toFixed(1)}s   marks: !! bad, ! warn, - n/a`,
		'',
		`${'RESOURCE'.padEnd(LABEL)} ${'UTILIZATION'.padEnd(CELL)} ${'SATURATION'.padEnd(CELL)} ERRORS`,
	];
	for (const r of matrix.rows) lines.push(`${clean(r.label).padEnd(LABEL).slice(0, LABEL)} ${r.cells.map(cellText).join(' ').trimEnd()}`);
	lines.push('');
	for (const r of matrix.rows) {
		for (const c of r.cells) if (c.state !== 'na' || r.kind !== 'cpu-n') lines.push(`${clean(r.label)} ${c.column}: ${c.detail}`);
	}
	return lines.join('\n');
}
