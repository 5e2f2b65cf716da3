/**
 * Frame names in folded stacks (`root;frame;leaf COUNT`, one stack a line), made
 * unambiguous. A name comes from a process (its comm), a binary's symbols or a file, so it
 * can hold the format's own separators: a `;` would split one frame into two, a newline
 * would end the line and start a forged one (`a 999999\nb;c` adds a stack of a million
 * samples that were never taken).
 *
 * The rule, applied to every frame of every folded line tracetop writes:
 * - `;` becomes `:` (stackcollapse-perf.pl's own tidying of function names);
 * - control characters are shown as `safeText` shows them on screen (`^J` for a newline,
 *   `^[` for ESC, `\x9b` for a C1 control), so a line is always exactly one stack;
 * - the count is always the last space-separated field of a line: a name ending in
 *   ` 123` (spaces are kept, C++ names need them) is still read back whole, because the
 *   reader takes the count after the last space.
 */
import {safeText} from './terminal-text.js';

export function foldedFrame(name: string): string {
	const visible = safeText(name);
	return visible.includes(';') ? visible.replaceAll(';', ':') : visible;
}

/** Frames (root first) to one folded stack. */
export const foldedStack = (frames: readonly string[]): string => frames.map(foldedFrame).join(';');
