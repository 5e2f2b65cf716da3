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
	parser.add(Buffer.from(text, 'utf8'));
	return {stacks: parser.stacks, skipped: parser.skipped};
}

const NEWLINE = 0x0a;
const SPACE = 0x20;
const DOT = 0x2e;

/**
 * parseFolded a block at a time, from the bytes (whole UTF-8 lines): a big file is never
 * one string, and each new stack is decoded from its own bytes into a string of its own,
 * so the map holds the unique stacks and nothing of the input around them.
 */
export class FoldedParser {
	readonly stacks: FoldedStacks = new Map();
	skipped = 0;

	add(bytes: Buffer): void {
		for (let start = 0; start < bytes.length; ) {
			let end = bytes.indexOf(NEWLINE, start);
			if (end < 0) end = bytes.length;
			this.line(bytes, start, end);
			start = end + 1;
		}
	}

	private line(bytes: Buffer, start: number, end: number): void {
		// Most lines end in "stack COUNT": the count is read from the bytes before the last
		// space; anything else (trailing blanks, CR, odd counts) goes the general way.
		let space = end - 1;
		while (space > start && (isDigit(bytes[space]!) || bytes[space] === DOT)) space--;
		if (space > start && space < end - 1 && bytes[space] === SPACE) {
			const count = countAt(bytes, space + 1, end);
			if (count >= 0) {
				this.count(bytes.toString('utf8', start, space), count);
				return;
			}
		}
		const text = bytes.toString('utf8', start, end);
		const line = parseFoldedLine(text);
		if (line) this.count(line.stack, line.count);
		else if (text.trim() !== '') this.skipped++;
	}

	private count(stack: string, count: number): void {
		const sum = (this.stacks.get(stack) ?? 0) + count;
		if (sum <= MAX_FOLDED_COUNT) this.stacks.set(stack, sum);
		else this.skipped++;
	}
}

/**
 * The count in bytes[from, to) as COUNT reads it, or -1 when it is not one. Whole numbers
 * of up to 15 digits are summed in place (exact); others are left to Number.
 */
function countAt(bytes: Buffer, from: number, to: number): number {
	if (to - from <= 15) {
		let n = 0;
		for (let i = from; i < to; i++) {
			const c = bytes[i]!;
			if (!isDigit(c)) return decimalCount(bytes, from, to);
			n = n * 10 + (c - 0x30);
		}
		return n;
	}
	return decimalCount(bytes, from, to);
}

function decimalCount(bytes: Buffer, from: number, to: number): number {
	const count = bytes.toString('latin1', from, to);
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
