/**
 * The hottest-functions table against a baseline interval (the profile pane's `b`): each
 * function's self and total share now minus its share then, so intervals of different
 * sample counts compare. A function the baseline lacks has grown from 0.
 */
import {functionRowKey, topFunctions, totalCount, type FrameFilter, type FunctionRow, type ProfileStack} from './profile.js';

export interface FunctionChange {
	/** Change of the share of samples with the function as the leaf, -1..1. */
	self: number;
	/** Change of the share of samples with the function anywhere in the stack, -1..1. */
	total: number;
}

export function functionChanges(
	current: readonly ProfileStack[],
	baseline: readonly ProfileStack[],
	filter: FrameFilter,
	byProcess: boolean,
): (row: FunctionRow) => FunctionChange {
	const before = new Map(topFunctions(baseline, filter, byProcess).map(r => [functionRowKey(r), r]));
	const nowTotal = totalCount(current);
	const thenTotal = totalCount(baseline);
	const share = (n: number, total: number) => (total > 0 ? n / total : 0);
	return row => {
		const then = before.get(functionRowKey(row));
		return {
			self: share(row.self, nowTotal) - share(then?.self ?? 0, thenTotal),
			total: share(row.total, nowTotal) - share(then?.total ?? 0, thenTotal),
		};
	};
}
