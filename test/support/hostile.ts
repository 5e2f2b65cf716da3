/**
 * Hostile strings for the hardening tests: what a process can name itself (comm), what a
 * crafted binary's symbols or a crafted recording can hold.
 */

/** A comm that retitles the terminal (OSC 2), then rings (BEL) and backspaces. */
export const OSC_TITLE = '\x1b]2;PWNED\x07x';
/** An OSC 8 hyperlink, a CSI cursor move, CR, DEL and a C1 CSI. */
export const HOSTILE_SYMBOL = '\x1b]8;;http://evil/\x07link\x1b]8;;\x07\x1b[2J\r\x7f\x9b31m';
/** A comm that forges folded lines: `a 999999` then a new line `b;c`. */
export const FORGING_COMM = 'a 999999\nb;c';

/**
 * Control bytes in a rendered frame other than the frame's own: Ink's SGR codes
 * (`ESC [ … m`) and the newlines between rows are removed first.
 */
export function foreignControls(frame: string): string[] {
	const own = frame.replace(/\x1b\[[0-9;]*m/g, '').replace(/\n/g, '');
	return [...own.matchAll(/[\x00-\x1f\x7f-\x9f]/g)].map(m => `\\x${m[0].charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A bpftrace 0.17 `@stacks` line (profile.bt) with one stack of `comm` and a hostile symbol. */
export function hostileProfileLine(comm: string, symbol: string, count = 5): string {
	const key = `\n\tffffffff81000000 ${symbol}+4 ([kernel.kallsyms])\n,\n\t55550000 ${symbol}+1 (/usr/bin/evil)\n,${comm},4242`;
	return JSON.stringify({type: 'map', data: {'@stacks': {[key]: count}}});
}
