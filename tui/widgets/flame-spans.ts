/**
 * One flame-graph row as styled spans: each frame's style worked out once, then runs of
 * neighbouring text in the same style joined, so a row of narrow frames of one kind is
 * one span (one Ink text node and one SGR change), not one per frame.
 */
import {changeRatio, type FlameDiff} from '../../source/models/flame-diff.js';
import {cellText, type FlameCell, type FlameRow} from '../../source/models/flame-layout.js';
import {mixColors, type Theme} from '../../themes/theme.js';

export interface SpanStyle {
	color: string | undefined;
	inverse: boolean;
	bold: boolean;
	underline: boolean;
	dimColor: boolean;
}

export interface Span {
	text: string;
	/** Undefined for plain text (blanks and the gaps between frames). */
	style: SpanStyle | undefined;
}

/** Steps of the differential colour scale: few enough that neighbouring frames share a span. */
const CHANGE_STEPS = 8;
/** Without colour, a change this large (of the largest) is marked: bold grew, dim shrank. */
const MONO_CHANGE = 0.25;

/** The frame's colour by kind, or with a baseline by its change, as flamegraph.pl's differential: red grew, blue shrank. */
function frameColor(cell: FlameCell, theme: Theme, diff: FlameDiff | undefined): string | undefined {
	if (!diff) return cell.node.kind === 'kernel' ? theme.kernel : cell.node.kind === 'unknown' ? theme.unknown : theme.user;
	if (!theme.same || !theme.grew || !theme.shrank) return undefined;
	const ratio = Math.round(changeRatio(diff, cell.node) * CHANGE_STEPS) / CHANGE_STEPS;
	return mixColors(theme.same, ratio > 0 ? theme.grew : theme.shrank, Math.abs(ratio));
}

/**
 * Frames are drawn inverse in their kind's colour, so the label takes the terminal's own
 * background colour and stays readable on dark and light terminals alike. Without colour
 * the selected frame is the one not inverted, in bold and underlined.
 */
export function cellStyle(cell: FlameCell, selected: boolean, matches: ((name: string) => boolean) | undefined, theme: Theme, diff?: FlameDiff): SpanStyle {
	const {block} = cellText(cell);
	const matched = cell.node.kind !== 'root' && matches?.(cell.node.name) === true;
	const change = diff && !theme.color ? changeRatio(diff, cell.node) : 0;
	return {
		color: selected ? theme.accent : matched ? theme.ok : cell.context ? theme.dim : frameColor(cell, theme, diff),
		inverse: !block && (theme.color || !selected),
		bold: selected || change >= MONO_CHANGE,
		underline: matched || (selected && !theme.color),
		dimColor: (cell.context || change <= -MONO_CHANGE) && !theme.color,
	};
}

const sameStyle = (a: SpanStyle | undefined, b: SpanStyle | undefined): boolean =>
	a === b ||
	(a !== undefined &&
		b !== undefined &&
		a.color === b.color &&
		a.inverse === b.inverse &&
		a.bold === b.bold &&
		a.underline === b.underline &&
		a.dimColor === b.dimColor);

export function flameRowSpans(row: FlameRow, selected: FlameCell, matches: ((name: string) => boolean) | undefined, theme: Theme, diff?: FlameDiff): Span[] {
	const spans: Span[] = [];
	const add = (text: string, style: SpanStyle | undefined) => {
		if (text === '') return;
		const last = spans.at(-1);
		if (last && sameStyle(last.style, style)) last.text += text;
		else spans.push({text, style});
	};
	let at = 0;
	for (const cell of row.cells) {
		// Blank where the callers' own samples are (no callee on top).
		if (cell.x > at) add(' '.repeat(cell.x - at), undefined);
		const {label, gap} = cellText(cell);
		add(label, cellStyle(cell, cell === selected, matches, theme, diff));
		add(gap, undefined);
		at = cell.x + cell.width;
	}
	return spans;
}
