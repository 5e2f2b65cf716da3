/**
 * A differential profile read back from its folded form, difffolded.pl's three columns
 * (`stack before after`), which flamegraph.pl draws as a differential flame graph. The
 * folded reader takes such a line as stack `stack before` with count `after`.
 */
import type {FoldedDiff} from './diff-folded.js';
import type {FoldedStacks} from './folded-stacks.js';

/** A stack that ends in a count of its own: the line had a second count column. */
const SECOND_COLUMN = /^([\s\S]*)\s(\d+(?:\.\d*)?)$/;

/** `stack before` (as the folded reader leaves it) to the stack and its earlier count. */
export function secondColumn(key: string): [stack: string, before: number] | undefined {
	const m = SECOND_COLUMN.exec(key);
	return m ? [m[1]!, Number(m[2])] : undefined;
}

/** The differential profile, or undefined when a stack has no second count (an ordinary profile). */
export function diffColumns(stacks: FoldedStacks): FoldedDiff | undefined {
	const diff: FoldedDiff = new Map();
	for (const [key, after] of stacks) {
		const split = secondColumn(key);
		if (!split) return undefined;
		const [stack, before] = split;
		const counts = diff.get(stack);
		if (counts) {
			counts[0] += before;
			counts[1] += after;
		} else diff.set(stack, [before, after]);
	}
	return diff.size > 0 ? diff : undefined;
}
