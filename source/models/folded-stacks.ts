/**
 * Brendan Gregg's folded stack format, the interchange format of every flame graph
 * tool: one line per unique stack, frames root first joined by ';', then a space and a
 * count: `bash;main;read_[k] 12`. Kernel frames carry the `_[k]` suffix of
 * stackcollapse-perf.pl's --kernel convention, so kind survives a round trip.
 */
import {safeText} from '../safety/terminal-text.js';

/** Stack ("a;b;c", root first) to its sample count. */
export type FoldedStacks = Map<string, number>;

export type FrameKind = 'kernel' | 'user' | 'unknown' | 'root';

export interface FoldedParse {
	stacks: FoldedStacks;
	/** Lines that were not `stack count` (reported, never fatal). */
	skipped: number;
}

const KERNEL_SUFFIX = '_[k]';

/**
 * A count is a whole or decimal number (flamegraph.pl accepts both) that stays exact in
 * a double: no `1e+308`, no Infinity, and no sum that loses precision.
 */
const COUNT = /^\d{1,16}(?:\.\d{1,16})?$/;
export const MAX_FOLDED_COUNT = Number.MAX_SAFE_INTEGER;

export function parseFolded(text: string): FoldedParse {
	const parser = new FoldedParser();
	parser.add(text);
	return {stacks: parser.stacks, skipped: parser.skipped};
}

/** parseFolded a piece at a time: each piece whole lines, so a big file is never one string. */
export class FoldedParser {
	readonly stacks: FoldedStacks = new Map();
	skipped = 0;

	add(text: string): void {
		const stacks = this.stacks;
		for (let start = 0; start < text.length; ) {
			let end = text.indexOf('\n', start);
			if (end < 0) end = text.length;
			let stack: string | undefined;
			let count = 0;
			// Most lines end in a digit: read them in place, without a string per line.
			const space = end > start && isDigit(text.charCodeAt(end - 1)) ? text.lastIndexOf(' ', end - 1) : -1;
			if (space > start) {
				count = countAt(text, space + 1, end);
				if (count >= 0) stack = text.slice(start, space);
			} else {
				const line = parseFoldedLine(text.slice(start, end));
				if (line) ({stack, count} = line);
			}
			const blank = stack === undefined && text.slice(start, end).trim() === '';
			start = end + 1;
			if (stack === undefined) {
				if (!blank) this.skipped++;
				continue;
			}
			const sum = (stacks.get(stack) ?? 0) + count;
			if (!(sum <= MAX_FOLDED_COUNT)) {
				this.skipped++;
				continue;
			}
			stacks.set(stack, sum);
		}
	}
}

/**
 * The count in text[from, to) as COUNT reads it, or -1 when it is not one. Whole numbers of
 * up to 15 digits are summed in place (exact); others are left to Number.
 */
function countAt(text: string, from: number, to: number): number {
	const digits = to - from;
	if (digits <= 15) {
		let n = 0;
		for (let i = from; i < to; i++) {
			const c = text.charCodeAt(i);
			if (!isDigit(c)) return decimalCount(text, from, to);
			n = n * 10 + (c - 0x30);
		}
		return digits > 0 ? n : -1;
	}
	return decimalCount(text, from, to);
}

function decimalCount(text: string, from: number, to: number): number {
	const count = text.slice(from, to);
	return COUNT.test(count) ? Number(count) : -1;
}

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/** One `stack count` line, or undefined when it is not one (blank lines included). */
export function parseFoldedLine(raw: string): {stack: string; count: number} | undefined {
	const line = raw.trimEnd();
	const space = line.lastIndexOf(' ');
	if (space <= 0) return undefined;
	const text = line.slice(space + 1);
	if (!COUNT.test(text)) return undefined;
	return {stack: line.slice(0, space), count: Number(text)};
}

/**
 * Lines sorted by stack, as stackcollapse-perf.pl prints them. Producers build stacks
 * with foldedStack (safety/folded-name), which escapes each frame; here every line is
 * made a single line once more, whatever built the map.
 */
export function formatFolded(stacks: FoldedStacks): string {
	return [...stacks]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([stack, count]) => `${safeText(stack)} ${foldedCount(count)}\n`)
		.join('');
}

/**
 * A count as folded-stack readers parse it (`\d+(\.\d*)?`): never exponent notation,
 * which String() gives from 1e21 up (a sum of huge periods) and below 1e-6.
 */
export function foldedCount(count: number): string {
	if (Number.isInteger(count)) return BigInt(count).toString();
	return count.toFixed(6).replace(/\.?0+$/, '');
}

export function mergeFolded(list: readonly FoldedStacks[]): FoldedStacks {
	const merged: FoldedStacks = new Map();
	for (const stacks of list) for (const [stack, count] of stacks) merged.set(stack, (merged.get(stack) ?? 0) + count);
	return merged;
}

export const totalSamples = (stacks: FoldedStacks): number => {
	let n = 0;
	for (const count of stacks.values()) n += count;
	return n;
};

export const kernelFrame = (name: string): string => name + KERNEL_SUFFIX;

/** A frame's kind by its name: `_[k]` suffix, `[unknown]`, else user. */
export function frameKind(name: string): FrameKind {
	if (name.endsWith(KERNEL_SUFFIX)) return 'kernel';
	if (name === '[unknown]' || name.startsWith('[unknown]')) return 'unknown';
	return 'user';
}

/** The name to show: without the `_[k]` suffix (the kind is shown by colour or marker). */
export const displayName = (name: string): string => (name.endsWith(KERNEL_SUFFIX) ? name.slice(0, -KERNEL_SUFFIX.length) : name);
