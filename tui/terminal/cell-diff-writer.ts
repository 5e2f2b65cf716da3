/**
 * Sits between Ink and the terminal: Ink's output (already line-incremental) is drawn on
 * a grid of what Ink means to show, and only the cells that differ from what the
 * terminal shows are sent, with the cheapest cursor moves and style changes, as curses
 * does. Ink's own semantics stay: it still decides what the frame is. Pure: `write`
 * returns the bytes for the terminal.
 */
import {CellScreen, CONTINUATION, DEFAULT_STYLE, StyleTable} from './cell-screen.js';

/** Unchanged cells this close between two changes are re-sent rather than jumped over. */
const MAX_GAP = 4;

export class CellDiffWriter {
	private readonly table = new StyleTable();
	readonly target: CellScreen;
	readonly shown: CellScreen;
	/** The terminal's cursor; -1 where not known (after a wrap, at the start). */
	private row = -1;
	private col = -1;
	/** The terminal's current SGR style; -1 until the first one is sent. */
	private style = -1;
	private cursorVisible = true;
	/** A resize left the terminal's contents unknown: clear it before the next frame. */
	private mustClear = false;

	constructor(columns: number, rows: number) {
		this.target = new CellScreen(columns, rows, this.table);
		this.shown = new CellScreen(columns, rows, this.table);
	}

	/** Takes a chunk of Ink's output and returns the bytes that bring the terminal up to date. */
	write(chunk: string): string {
		this.target.write(chunk);
		return this.flush();
	}

	/** The terminal reflows or clips on resize; what it shows is unknown, so it is cleared and redrawn. */
	resize(columns: number, rows: number): void {
		this.target.resize(columns, rows);
		this.shown.resize(columns, rows);
		this.mustClear = true;
	}

	private flush(): string {
		const {target, shown} = this;
		const out: string[] = [];
		if (this.mustClear) {
			this.mustClear = false;
			if (this.style !== DEFAULT_STYLE) out.push(this.table.transition(this.style, DEFAULT_STYLE));
			this.style = DEFAULT_STYLE;
			out.push('\x1b[H\x1b[2J');
			this.row = 0;
			this.col = 0;
			shown.clear();
			for (let y = 0; y < target.rows; y++) target.markDirty(y);
		}
		const w = target.columns;
		for (let y = 0; y < target.rows; y++) {
			if (!target.isDirty(y)) continue;
			const base = y * w;
			let x = 0;
			while (x < w) {
				if (same(target, shown, base + x)) {
					x++;
					continue;
				}
				// A change inside a wide character starts at its first column.
				if (target.chars[base + x] === CONTINUATION && x > 0) x--;
				if (this.eraseRestIfCheaper(out, y, x)) break;
				this.moveTo(out, y, x);
				x = this.run(out, y, x);
			}
		}
		target.clearDirty();
		if (target.cursorVisible !== this.cursorVisible) {
			this.cursorVisible = target.cursorVisible;
			out.push(target.cursorVisible ? '\x1b[?25h' : '\x1b[?25l');
		}
		return out.join('');
	}

	/** Sends changed cells from x on, bridging small unchanged gaps; returns where it stopped. */
	private run(out: string[], y: number, x: number): number {
		const {target, shown} = this;
		const w = target.columns;
		const base = y * w;
		let text = '';
		while (x < w) {
			if (same(target, shown, base + x)) {
				let gap = 0;
				while (x + gap < w && gap <= MAX_GAP && same(target, shown, base + x + gap)) gap++;
				// Bridge only gaps in the style already set, and only when a change follows.
				const bridge = x + gap < w && gap <= MAX_GAP && sameStyleRun(target, base + x, gap, this.style);
				if (!bridge) break;
			}
			const style = target.styles[base + x]!;
			const ch = target.chars[base + x]!;
			if (ch === CONTINUATION) {
				x++;
				continue;
			}
			if (style !== this.style) {
				out.push(text);
				text = '';
				out.push(this.table.transition(this.style, style));
				this.style = style;
			}
			text += ch;
			const width = x + 1 < w && target.chars[base + x + 1] === CONTINUATION ? 2 : 1;
			for (let k = 0; k < width; k++) {
				shown.chars[base + x + k] = target.chars[base + x + k]!;
				shown.styles[base + x + k] = target.styles[base + x + k]!;
			}
			x += width;
		}
		out.push(text);
		// After the last column the terminal's cursor waits to wrap: its position is not to be relied on.
		this.col = x >= w ? -1 : x;
		if (this.col < 0) this.row = -1;
		return x;
	}

	/** When the rest of a row becomes blank, one erase-to-end-of-line beats writing spaces. */
	private eraseRestIfCheaper(out: string[], y: number, x: number): boolean {
		const {target, shown} = this;
		const w = target.columns;
		const base = y * w;
		let changed = 0;
		for (let k = x; k < w; k++) {
			if (target.chars[base + k] !== ' ' || target.styles[base + k] !== DEFAULT_STYLE) return false;
			if (!same(target, shown, base + k)) changed++;
		}
		if (changed < 4) return false;
		this.moveTo(out, y, x);
		if (this.style !== DEFAULT_STYLE) {
			out.push(this.table.transition(this.style, DEFAULT_STYLE));
			this.style = DEFAULT_STYLE;
		}
		out.push('\x1b[K');
		shown.chars.fill(' ', base + x, base + w);
		shown.styles.fill(DEFAULT_STYLE, base + x, base + w);
		return true;
	}

	private moveTo(out: string[], y: number, x: number): void {
		if (this.row === y && this.col === x) return;
		if (this.row === y && this.col >= 0 && x > this.col) out.push(x - this.col === 1 ? '\x1b[C' : `\x1b[${x - this.col}C`);
		else if (this.row === y - 1 && x === 0 && this.row >= 0) out.push('\r\n');
		else out.push(x === 0 ? `\x1b[${y + 1}H` : `\x1b[${y + 1};${x + 1}H`);
		this.row = y;
		this.col = x;
	}
}

const same = (a: CellScreen, b: CellScreen, i: number): boolean => a.chars[i] === b.chars[i] && a.styles[i] === b.styles[i];

function sameStyleRun(screen: CellScreen, from: number, length: number, style: number): boolean {
	for (let k = 0; k < length; k++) if (screen.styles[from + k] !== style) return false;
	return true;
}
