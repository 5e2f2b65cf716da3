/**
 * The one sanitiser between an outside string and the screen. Process names, symbols,
 * paths, file contents and collector messages are controlled by other users (or by
 * whoever crafted a recording); a raw ESC, BEL, CR or newline in them would retitle the
 * terminal, plant hyperlinks, move the cursor or split a table row. Every view and widget
 * that draws such a string passes it through `safeText` first.
 *
 * What it does, so a name stays readable and its trick stays visible:
 * - C0 controls (0x00-0x1f) in caret notation, as `cat -v` shows them: ESC is `^[`,
 *   newline `^J`, tab `^I`, BEL `^G`;
 * - DEL (0x7f) as `^?`;
 * - C1 controls (U+0080-U+009F; CSI U+009B acts as ESC [ on some terminals) as `\x9b`;
 * - bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069), which reorder
 *   what the operator reads, as `<U+202E>`.
 * Everything else, including wide and combining characters, passes unchanged.
 */

const UNSAFE = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/** The visible form of one unsafe character. */
export function visibleControl(ch: string): string {
	const code = ch.charCodeAt(0);
	if (code < 0x20) return '^' + String.fromCharCode(code + 0x40);
	if (code === 0x7f) return '^?';
	if (code <= 0x9f) return '\\x' + code.toString(16);
	return `<U+${code.toString(16).toUpperCase()}>`;
}

/** `s` with every control character shown visibly; `s` itself when it has none (the usual case). */
export function safeText(s: string): string {
	return UNSAFE.test(s) ? s.replace(UNSAFE_ALL, visibleControl) : s;
}

/** Whether `s` would be changed by `safeText`. */
export const hasUnsafeText = (s: string): boolean => UNSAFE.test(s);
