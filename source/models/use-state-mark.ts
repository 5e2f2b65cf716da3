/**
 * A cell's state as text, so it reads without colour (mono theme, snapshot text, a
 * screen reader): the theme adds colour on top, never instead.
 */
import type {CellState} from './use-thresholds.js';

/** Two columns each, plain ASCII: no glyph whose width terminals disagree on. */
const MARKS: Record<CellState, string> = {ok: '  ', warn: '! ', bad: '!!', na: '- '};

export const stateMark = (state: CellState): string => MARKS[state];
