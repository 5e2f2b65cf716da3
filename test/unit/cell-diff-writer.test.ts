import {describe, expect, it} from 'vitest';
import {CellDiffWriter} from '../../tui/terminal/cell-diff-writer.js';
import {CellScreen, StyleTable} from '../../tui/terminal/cell-screen.js';

const ESC = '\x1b';
/** What Ink 6's incremental log-update writes for a frame of lines (cursor at the frame's end). */
const firstFrame = (lines: string[]) => lines.join('\n') + '\n';
const redrawLine = (lines: number, index: number, text: string) =>
	`${ESC}[${lines}A` + `${ESC}[E`.repeat(index) + `${ESC}[G${text}${ESC}[K\n` + `${ESC}[E`.repeat(lines - index - 1);

/** A terminal: the writer's bytes drawn on a blank screen. */
function terminalAfter(bytes: string[], columns: number, rows: number): CellScreen {
	const screen = new CellScreen(columns, rows, new StyleTable());
	for (const b of bytes) screen.write(b);
	return screen;
}

const text = (s: CellScreen) =>
	Array.from({length: s.rows}, (_, y) => s.chars.slice(y * s.columns, (y + 1) * s.columns).join('').trimEnd()).join('\n');

describe('cell-diff writer', () => {
	it('sends a one-cell change as a cursor move and one character', () => {
		const w = new CellDiffWriter(100, 30);
		const lines = Array.from({length: 20}, (_, i) => `row ${i} ${'x'.repeat(60)}`);
		w.write(firstFrame(lines));
		const changed = lines.map((l, i) => (i === 7 ? l.replace('row 7 xx', 'row 7 xy') : l));
		const bytes = w.write(redrawLine(20, 7, changed[7]!));
		expect(bytes).toBe(`${ESC}[8;8Hy`);
		expect(Buffer.byteLength(bytes)).toBeLessThanOrEqual(8);
	});

	it('sends nothing when Ink rewrites a line with the same content', () => {
		const w = new CellDiffWriter(80, 24);
		const lines = ['alpha', 'beta', 'gamma'];
		w.write(firstFrame(lines));
		expect(w.write(redrawLine(3, 1, 'beta'))).toBe('');
	});

	it('keeps the terminal identical to the frame Ink drew, styles and wide characters included', () => {
		const columns = 40;
		const rows = 12;
		const w = new CellDiffWriter(columns, rows);
		const sent: string[] = [];
		const styles = ['', `${ESC}[1m`, `${ESC}[31m`, `${ESC}[38;5;208m`, `${ESC}[7;1m`, `${ESC}[48;2;10;20;30m`, `${ESC}[2m`];
		let seed = 7;
		const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
		const line = () => {
			let s = '';
			for (let k = random(6); k >= 0; k--) {
				const words = ['cpu', 'p99', '█▇▅', '日本', '…', 'x'.repeat(random(9)), '  '];
				s += styles[random(styles.length)]! + words[random(words.length)]! + `${ESC}[0m`;
			}
			return s;
		};
		let frame = Array.from({length: 10}, line);
		sent.push(w.write(firstFrame(frame)));
		for (let round = 0; round < 40; round++) {
			const index = random(10);
			frame = frame.map((l, i) => (i === index ? line() : l));
			sent.push(w.write(redrawLine(10, index, frame[index]!)));
			const terminal = terminalAfter(sent, columns, rows);
			expect(text(terminal)).toBe(text(w.target));
			for (let i = 0; i < columns * rows; i++) {
				if (terminal.styles[i] === w.target.styles[i]) continue;
				// Styles are interned per table: compare what they mean.
				expect(terminal.table.get(terminal.styles[i]!)).toEqual(w.target.table.get(w.target.styles[i]!));
			}
		}
	});

	it('erases the rest of a row that became blank with one sequence', () => {
		const w = new CellDiffWriter(80, 10);
		w.write(firstFrame(['short', 'a much longer line of text here']));
		const bytes = w.write(redrawLine(2, 1, 'a'));
		expect(bytes).toBe(`${ESC}[2;3H${ESC}[K`);
	});

	it('changes only the style when only the style changed, with the shortest SGR', () => {
		const w = new CellDiffWriter(80, 10);
		w.write(firstFrame([`${ESC}[1mtab${ESC}[22m rest`]));
		const bytes = w.write(redrawLine(1, 0, `${ESC}[1;7mtab${ESC}[27;22m rest`));
		expect(bytes).toBe(`${ESC}[1H${ESC}[1;7mtab`);
	});

	it('clears and redraws everything after a resize', () => {
		const w = new CellDiffWriter(80, 10);
		w.write(firstFrame(['one', 'two']));
		w.resize(60, 8);
		const bytes = w.write(redrawLine(2, 0, 'one'));
		expect(bytes.startsWith(`${ESC}[H${ESC}[2J`)).toBe(true);
		expect(text(terminalAfter([bytes], 60, 8))).toBe('one\ntwo' + '\n'.repeat(6));
	});

	it('passes cursor visibility on, once', () => {
		const w = new CellDiffWriter(80, 10);
		expect(w.write(`${ESC}[?25l`)).toBe(`${ESC}[?25l`);
		expect(w.write(`${ESC}[?2026h${ESC}[?25l${ESC}[?2026l`)).toBe('');
	});

	it('keeps an escape sequence cut between two writes', () => {
		const w = new CellDiffWriter(80, 10);
		w.write(`${ESC}[3`);
		expect(w.write("1mred")).toBe(`${ESC}[1H${ESC}[0;31mred`);
	});
});
