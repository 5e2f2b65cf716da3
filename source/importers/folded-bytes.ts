/**
 * Folded text straight from stacks of frame ids, as bytes: what
 * `formatFolded(stacks)` prints for the same stacks (sorted bytewise, as
 * stackcollapse-perf.pl sorts them; stacks that print alike merged), without a string
 * per stack. For a capture with tens of thousands of deep stacks the strings (joined,
 * sorted, formatted, encoded) cost as much as reading the capture.
 */
import {foldedCount} from '../models/folded-stacks.js';
import type {SequenceCounts} from './byte-keys.js';

/**
 * `printed[id]`: each frame id's text in a folded line, already made safe (foldedFrame),
 * undefined for an id that prints nothing. A stack is [root, frames leaf first...].
 */
export function foldedBytes(stacks: SequenceCounts, printed: ReadonlyArray<string | undefined>): Buffer {
	const names = printed.map(text => (text === undefined ? EMPTY : Buffer.from(text, 'latin1')));
	// An id that prints nothing takes no separator either.
	const widths = Int32Array.from(printed, text => (text === undefined ? 0 : text.length + 1));
	let total = 0;
	stacks.forEach(ids => {
		total += widths[ids[0]!]! - 1;
		for (let i = ids.length - 1; i > 0; i--) total += widths[ids[i]!]!;
	});
	const text = Buffer.allocUnsafe(total);
	const lines: Buffer[] = new Array(stacks.size);
	const weights = new Float64Array(stacks.size);
	let at = 0;
	stacks.forEach((ids, weight, entry) => {
		const start = at;
		text.set(names[ids[0]!]!, at);
		at += widths[ids[0]!]! - 1;
		for (let i = ids.length - 1; i > 0; i--) {
			const id = ids[i]!;
			if (widths[id] === 0) continue;
			text[at] = SEMICOLON;
			text.set(names[id]!, at + 1);
			at += widths[id]!;
		}
		lines[entry] = text.subarray(start, at);
		weights[entry] = weight;
	});
	const order = Array.from(lines.keys()).sort((a, b) => Buffer.compare(lines[a]!, lines[b]!));
	const printedLines: Buffer[] = [];
	const counts: string[] = [];
	let size = 0;
	for (let k = 0; k < order.length; k++) {
		const line = lines[order[k]!]!;
		let weight = weights[order[k]!]!;
		// Distinct stacks of ids can print alike (a process name with ';'): their counts add up.
		while (k + 1 < order.length && lines[order[k + 1]!]!.equals(line)) weight += weights[order[++k]!]!;
		const count = foldedCount(weight);
		printedLines.push(line);
		counts.push(count);
		size += line.length + count.length + 2;
	}
	const out = Buffer.allocUnsafe(size);
	let end = 0;
	for (const [k, line] of printedLines.entries()) {
		out.set(line, end);
		end += line.length;
		out[end++] = SPACE;
		const count = counts[k]!;
		for (let i = 0; i < count.length; i++) out[end++] = count.charCodeAt(i);
		out[end++] = NEWLINE;
	}
	return out;
}

const EMPTY = Buffer.alloc(0);
const SEMICOLON = 59;
const SPACE = 32;
const NEWLINE = 10;
