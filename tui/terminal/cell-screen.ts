/**
 * A grid of terminal cells (character + style) driven by the subset of escape sequences
 * Ink writes: text, CR/LF, cursor moves (CSI A B C D E F G H), erase (CSI J K), SGR
 * styles and cursor visibility. The diffing writer keeps one for what Ink drew and one
 * for what the terminal shows, and sends only the difference, as curses does. Pure: no
 * I/O; unknown sequences are skipped, never passed through.
 */
import stringWidth from 'string-width';

/** Style id 0 is the terminal's default (no SGR attribute set). */
export const DEFAULT_STYLE = 0;

const BOLD = 1;
const DIM = 2;
const ITALIC = 4;
const UNDERLINE = 8;
const BLINK = 16;
const INVERSE = 32;
const HIDDEN = 64;
const STRIKE = 128;
/** SGR code that sets each flag, and the one that clears it (22 clears bold and dim). */
const FLAG_ON: ReadonlyArray<[number, string, string]> = [
	[BOLD, '1', '22'],
	[DIM, '2', '22'],
	[ITALIC, '3', '23'],
	[UNDERLINE, '4', '24'],
	[BLINK, '5', '25'],
	[INVERSE, '7', '27'],
	[HIDDEN, '8', '28'],
	[STRIKE, '9', '29'],
];
const SET_FLAG: Readonly<Record<number, number>> = {1: BOLD, 2: DIM, 3: ITALIC, 4: UNDERLINE, 5: BLINK, 7: INVERSE, 8: HIDDEN, 9: STRIKE};
const CLEAR_FLAG: Readonly<Record<number, number>> = {21: BOLD, 22: BOLD | DIM, 23: ITALIC, 24: UNDERLINE, 25: BLINK, 27: INVERSE, 28: HIDDEN, 29: STRIKE};

export interface Style {
	flags: number;
	/** SGR parameters of the colour ('31', '38;5;208', '38;2;1;2;3'), '' for the default. */
	fg: string;
	bg: string;
}

/** Styles are interned to small integers shared by every screen, so cells compare as numbers. */
export class StyleTable {
	private readonly byKey = new Map<string, number>([['0||', DEFAULT_STYLE]]);
	private readonly styles: Style[] = [{flags: 0, fg: '', bg: ''}];

	id(style: Style): number {
		const key = `${style.flags}|${style.fg}|${style.bg}`;
		let id = this.byKey.get(key);
		if (id === undefined) {
			id = this.styles.length;
			this.styles.push({...style});
			this.byKey.set(key, id);
		}
		return id;
	}

	get(id: number): Style {
		return this.styles[id]!;
	}

	/** The shortest SGR sequence that turns style `from` into style `to`. */
	transition(from: number, to: number): string {
		const a = this.get(from);
		const b = this.get(to);
		const full = ['0', ...setCodes(b)].join(';');
		if (from < 0) return `\x1b[${full}m`;
		const codes: string[] = [];
		let flags = a.flags;
		for (const [flag, , off] of FLAG_ON) {
			if (a.flags & flag && !(b.flags & flag)) {
				if (!codes.includes(off)) codes.push(off);
				flags &= off === '22' ? ~(BOLD | DIM) : ~flag;
			}
		}
		for (const [flag, on] of FLAG_ON) if (b.flags & flag && !(flags & flag)) codes.push(on);
		if (a.fg !== b.fg) codes.push(b.fg || '39');
		if (a.bg !== b.bg) codes.push(b.bg || '49');
		const partial = codes.join(';');
		return `\x1b[${partial.length < full.length ? partial : full}m`;
	}
}

function setCodes(s: Style): string[] {
	const codes = FLAG_ON.filter(([flag]) => s.flags & flag).map(([, on]) => on);
	if (s.fg) codes.push(s.fg);
	if (s.bg) codes.push(s.bg);
	return codes;
}

/** Applies SGR parameters to a style; extended colours (38/48;5;n and 38/48;2;r;g;b) kept verbatim. */
function applySgr(style: Style, params: string): Style {
	const p = params === '' ? ['0'] : params.split(';');
	const next = {...style};
	for (let i = 0; i < p.length; i++) {
		const n = p[i] === '' ? 0 : Number(p[i]);
		if (n === 0) {
			next.flags = 0;
			next.fg = '';
			next.bg = '';
		} else if (SET_FLAG[n] !== undefined) next.flags |= SET_FLAG[n]!;
		else if (CLEAR_FLAG[n] !== undefined) next.flags &= ~CLEAR_FLAG[n]!;
		else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) next.fg = String(n);
		else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) next.bg = String(n);
		else if (n === 39) next.fg = '';
		else if (n === 49) next.bg = '';
		else if (n === 38 || n === 48) {
			const take = p[i + 1] === '5' ? 2 : p[i + 1] === '2' ? 4 : 0;
			const value = p.slice(i, i + 1 + take).join(';');
			if (n === 38) next.fg = value;
			else next.bg = value;
			i += take;
		}
	}
	return next;
}

const widthCache = new Map<string, number>();
/** Columns a character takes: ASCII fast, the rest measured once (0 for combining marks). */
function charWidth(ch: string, code: number): number {
	if (code >= 0x20 && code < 0x7f) return 1;
	let w = widthCache.get(ch);
	if (w === undefined) {
		w = stringWidth(ch);
		widthCache.set(ch, w);
	}
	return w;
}

/** The second column of a wide character holds this: nothing to draw there. */
export const CONTINUATION = '';

export class CellScreen {
	chars: string[];
	styles: Int32Array;
	/** Rows changed since the last `takeDirty()`. */
	private dirty: Uint8Array;
	row = 0;
	col = 0;
	cursorVisible = true;
	private style: Style = {flags: 0, fg: '', bg: ''};
	private styleId = DEFAULT_STYLE;
	/** A partial escape sequence left at the end of the last chunk. */
	private pending = '';

	constructor(
		public columns: number,
		public rows: number,
		readonly table: StyleTable,
	) {
		this.chars = new Array<string>(columns * rows).fill(' ');
		this.styles = new Int32Array(columns * rows);
		this.dirty = new Uint8Array(rows);
	}

	/** Keeps what fits; new cells are blank. */
	resize(columns: number, rows: number): void {
		const chars = new Array<string>(columns * rows).fill(' ');
		const styles = new Int32Array(columns * rows);
		for (let y = 0; y < Math.min(rows, this.rows); y++) {
			for (let x = 0; x < Math.min(columns, this.columns); x++) {
				chars[y * columns + x] = this.chars[y * this.columns + x]!;
				styles[y * columns + x] = this.styles[y * this.columns + x]!;
			}
		}
		Object.assign(this, {chars, styles, columns, rows, dirty: new Uint8Array(rows).fill(1)});
		this.row = Math.min(this.row, rows - 1);
		this.col = Math.min(this.col, columns);
	}

	/** Every row as blank default cells (what a cleared terminal shows). */
	clear(): void {
		this.chars.fill(' ');
		this.styles.fill(DEFAULT_STYLE);
		this.dirty.fill(1);
	}

	isDirty(y: number): boolean {
		return this.dirty[y] === 1;
	}

	markDirty(y: number): void {
		this.dirty[y] = 1;
	}

	clearDirty(): void {
		this.dirty.fill(0);
	}

	/** Interprets a chunk of terminal output. */
	write(data: string): void {
		const s = this.pending + data;
		this.pending = '';
		const n = s.length;
		let i = 0;
		while (i < n) {
			const code = s.charCodeAt(i);
			if (code === 0x1b) {
				const end = this.escape(s, i);
				if (end < 0) {
					this.pending = s.slice(i);
					return;
				}
				i = end;
				continue;
			}
			if (code < 0x20 || code === 0x7f) {
				this.control(code);
				i++;
				continue;
			}
			// One code point (a surrogate pair is one character).
			const wide = code >= 0xd800 && code <= 0xdbff && i + 1 < n;
			const ch = wide ? s.slice(i, i + 2) : s[i]!;
			i += ch.length;
			this.put(ch, charWidth(ch, code));
		}
	}

	private put(ch: string, width: number): void {
		if (width === 0) {
			// A combining mark or joiner belongs to the character before it.
			const at = this.row * this.columns + Math.max(0, this.col - 1);
			if (this.col > 0) this.chars[at] += ch;
			return;
		}
		if (this.col + width > this.columns) {
			// Autowrap, as a terminal does when a line is longer than the screen.
			this.col = 0;
			this.lineFeed();
		}
		const at = this.row * this.columns + this.col;
		// Overwriting half of a wide character leaves the other half blank, as on a terminal.
		if (this.chars[at] === CONTINUATION && this.col > 0) this.chars[at - 1] = ' ';
		if (this.col + width < this.columns && this.chars[at + width] === CONTINUATION) this.chars[at + width] = ' ';
		this.chars[at] = ch;
		this.styles[at] = this.styleId;
		if (width === 2) {
			this.chars[at + 1] = CONTINUATION;
			this.styles[at + 1] = this.styleId;
		}
		this.dirty[this.row] = 1;
		this.col += width;
	}

	private control(code: number): void {
		if (code === 0x0a) {
			this.col = 0; // the tty's ONLCR: a newline also returns the carriage
			this.lineFeed();
		} else if (code === 0x0d) this.col = 0;
		else if (code === 0x08) this.col = Math.max(0, this.col - 1);
		else if (code === 0x09) this.col = Math.min(this.columns - 1, (Math.floor(this.col / 8) + 1) * 8);
	}

	private lineFeed(): void {
		if (this.row < this.rows - 1) {
			this.row++;
			return;
		}
		// Scroll up one row.
		this.chars.copyWithin(0, this.columns);
		this.styles.copyWithin(0, this.columns);
		this.chars.fill(' ', (this.rows - 1) * this.columns);
		this.styles.fill(DEFAULT_STYLE, (this.rows - 1) * this.columns);
		this.dirty.fill(1);
	}

	/** Parses the escape sequence at `i`; returns the index after it, or -1 if cut off. */
	private escape(s: string, i: number): number {
		if (i + 1 >= s.length) return -1;
		const kind = s[i + 1];
		if (kind === '[') {
			let j = i + 2;
			while (j < s.length && (s.charCodeAt(j) < 0x40 || s.charCodeAt(j) > 0x7e)) j++;
			if (j >= s.length) return -1;
			this.csi(s.slice(i + 2, j), s[j]!);
			return j + 1;
		}
		if (kind === ']') {
			// OSC (titles, hyperlinks): ends at BEL or ST; nothing on the grid.
			const bel = s.indexOf('\x07', i + 2);
			const st = s.indexOf('\x1b\\', i + 2);
			const ends = [bel >= 0 ? bel + 1 : -1, st >= 0 ? st + 2 : -1].filter(e => e > 0);
			return ends.length > 0 ? Math.min(...ends) : -1;
		}
		return i + 2; // two-character escapes (ESC 7, ESC 8, ESC c…) are not used by Ink
	}

	private csi(params: string, final: string): void {
		if (params.startsWith('?')) {
			if (params === '?25' && (final === 'h' || final === 'l')) this.cursorVisible = final === 'h';
			return; // synchronised output (2026) and the like change nothing on the grid
		}
		const n = (index: number, fallback: number) => {
			const v = params.split(';')[index];
			return v === undefined || v === '' ? fallback : Number(v);
		};
		switch (final) {
			case 'm':
				this.style = applySgr(this.style, params);
				this.styleId = this.table.id(this.style);
				return;
			case 'A':
				this.row = Math.max(0, this.row - Math.max(1, n(0, 1)));
				return;
			case 'B':
				this.row = Math.min(this.rows - 1, this.row + Math.max(1, n(0, 1)));
				return;
			case 'C':
				this.col = Math.min(this.columns - 1, this.col + Math.max(1, n(0, 1)));
				return;
			case 'D':
				this.col = Math.max(0, Math.min(this.col, this.columns - 1) - Math.max(1, n(0, 1)));
				return;
			case 'E':
				this.row = Math.min(this.rows - 1, this.row + Math.max(1, n(0, 1)));
				this.col = 0;
				return;
			case 'F':
				this.row = Math.max(0, this.row - Math.max(1, n(0, 1)));
				this.col = 0;
				return;
			case 'G':
				this.col = Math.min(this.columns - 1, Math.max(0, n(0, 1) - 1));
				return;
			case 'H':
			case 'f':
				this.row = Math.min(this.rows - 1, Math.max(0, n(0, 1) - 1));
				this.col = Math.min(this.columns - 1, Math.max(0, n(1, 1) - 1));
				return;
			case 'J':
				this.eraseDisplay(n(0, 0));
				return;
			case 'K':
				this.eraseLine(n(0, 0));
				return;
		}
	}

	/** Erased cells take the current background, as terminals do (bce). */
	private blank(from: number, to: number): void {
		const bg = this.style.bg === '' ? DEFAULT_STYLE : this.table.id({flags: 0, fg: '', bg: this.style.bg});
		this.chars.fill(' ', from, to);
		this.styles.fill(bg, from, to);
	}

	private eraseLine(mode: number): void {
		const start = this.row * this.columns;
		const col = Math.min(this.col, this.columns);
		if (mode === 0) this.blank(start + col, start + this.columns);
		else if (mode === 1) this.blank(start, start + Math.min(col + 1, this.columns));
		else this.blank(start, start + this.columns);
		this.dirty[this.row] = 1;
	}

	private eraseDisplay(mode: number): void {
		const at = this.row * this.columns + Math.min(this.col, this.columns);
		if (mode === 0) this.blank(at, this.chars.length);
		else if (mode === 1) this.blank(0, Math.min(at + 1, this.chars.length));
		else this.blank(0, this.chars.length);
		this.dirty.fill(1);
	}
}
