/**
 * Two folded profiles side by side, as difffolded.pl pairs them for a differential
 * flame graph: every stack of either, with its count before and after (0 where absent).
 * `normalize` scales the before counts to the after total (difffolded.pl -n), so two
 * profiles of different lengths or rates compare.
 */
import {safeText} from '../safety/terminal-text.js';
import {foldedCount, totalSamples, type FoldedStacks} from './folded-stacks.js';

/** Stack to its [before, after] counts. */
export type FoldedDiff = Map<string, [before: number, after: number]>;

export interface DiffOptions {
	normalize?: boolean;
}

export function foldedDiff(before: FoldedStacks, after: FoldedStacks, options: DiffOptions = {}): FoldedDiff {
	const diff: FoldedDiff = new Map();
	for (const [stack, count] of before) diff.set(stack, [count, 0]);
	for (const [stack, count] of after) diff.set(stack, [diff.get(stack)?.[0] ?? 0, count]);
	const total1 = totalSamples(before);
	const total2 = totalSamples(after);
	if (options.normalize && total1 !== total2 && total1 > 0) {
		// difffolded.pl's own rounding: int(count1 * total2 / total1).
		for (const counts of diff.values()) counts[0] = Math.trunc((counts[0] * total2) / total1);
	}
	return diff;
}

/** difffolded.pl's output, `stack before after` a line, sorted by stack; each line one line, as formatFolded makes it. */
export function formatFoldedDiff(diff: FoldedDiff): string {
	return [...diff]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([stack, [before, after]]) => `${safeText(stack)} ${foldedCount(before)} ${foldedCount(after)}\n`)
		.join('');
}

export const diffFolded = (before: FoldedStacks, after: FoldedStacks, options: DiffOptions = {}): string =>
	formatFoldedDiff(foldedDiff(before, after, options));
