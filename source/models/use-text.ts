/**
 * The USE pane's part of `tracetop snapshot`'s text: the matrix as the screen shows it
 * (every device, none folded), each cell's state as a mark readable without colour,
 * then the figures behind each row. Device names and the OOM message come from the
 * machine (or a recording): they pass through safeText.
 */
import {useMatrix, type UseCell} from './use-matrix.js';
import type {UseSample} from './use-sample.js';
import {stateMark} from './use-state-mark.js';
import {safeText} from '../safety/terminal-text.js';

const LABEL = 12;
const CELL = 18;

const cellText = (c: UseCell): string => `${stateMark(c.state)}${c.text}`.padEnd(CELL).slice(0, CELL);

export function useToText(s: UseSample): string {
	const matrix = useMatrix(s, [], {perCpu: true, all: true, filter: '', sort: 0, historyLength: 1});
	const lines = [
		`USE method (utilization, saturation, errors), ${s.durationSec.toFixed(1)}s   marks: !! bad, ! warn, - n/a`,
		'',
		`${'RESOURCE'.padEnd(LABEL)} ${'UTILIZATION'.padEnd(CELL)} ${'SATURATION'.padEnd(CELL)} ERRORS`,
	];
	for (const r of matrix.rows) lines.push(`${safeText(r.label).padEnd(LABEL).slice(0, LABEL)} ${r.cells.map(cellText).join(' ').trimEnd()}`);
	lines.push('');
	for (const r of matrix.rows) {
		for (const c of r.cells) if (c.state !== 'na' || r.kind !== 'cpu-n') lines.push(`${safeText(r.label)} ${c.column}: ${safeText(c.detail)}`);
	}
	return lines.join('\n');
}
