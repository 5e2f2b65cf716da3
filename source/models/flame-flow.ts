/**
 * The frames of a flame graph as flamegraph.pl finds them: it sorts the folded lines and
 * merges each stack with the one before it ("flow"), so a frame is a run of consecutive
 * stacks that share it and its callers. That is not always one frame per call path: a
 * name that sorts between a frame's own callees (`a;b.x` sorts between `a;b` and `a;b;c`,
 * as '.' < ';') splits the frame in two, and a flame chart (input order, not sorted)
 * repeats a frame each time it comes back. Drawing what flamegraph.pl draws means
 * merging the same way.
 *
 * Built for big profiles: no tree and no per-frame objects. Open frames sit in arrays
 * indexed by depth; a frame is measured when it closes, and kept only if it is at least
 * `minCount` wide (narrower frames are never drawn, nor anything they called), its name
 * kept as a place in its stack string, made a string only for frames that are drawn.
 */
import {grown} from '../typed-arrays.js';

/** Stacks in the order they are merged, root frame first, frames joined by ';'. */
export interface FlowInput {
	readonly stacks: readonly string[];
	/** Each stack's count: what it adds to the width of its frames. */
	readonly counts: ArrayLike<number>;
	/**
	 * Differential input (a third column, as difffolded.pl writes): each stack's count in
	 * the earlier profile. A frame's delta is the change in the samples of the stacks it
	 * ends, as flamegraph.pl computes it.
	 */
	readonly before?: ArrayLike<number>;
}

/** The frames kept, parents before their callees (pre-order), structure of arrays. */
export interface FlowFrames {
	readonly length: number;
	/** 0 is the root (flamegraph.pl's unnamed frame, shown as "all"). */
	readonly depth: Int32Array;
	/** Both edges in counts from the left. */
	readonly start: Float64Array;
	readonly end: Float64Array;
	/** Where each name is: stacks[stack[i]].slice(from[i], to[i]). */
	readonly stack: Int32Array;
	readonly from: Int32Array;
	readonly to: Int32Array;
	/** Differential input only. */
	readonly delta?: Float64Array;
	readonly maxDepth: number;
	/** The sum of the counts: the root's width. */
	readonly total: number;
	/** The largest change of one stack (at least 1), which the colours are scaled to. */
	readonly maxDelta: number;
}

const SEMICOLON = 0x3b;
const SPACE = 0x20;

/** Growable columns for the kept frames. */
class Columns {
	length = 0;
	depth: Int32Array;
	start: Float64Array;
	end: Float64Array;
	stack: Int32Array;
	from: Int32Array;
	to: Int32Array;
	delta: Float64Array | undefined;

	/** `expected`: a guess at the frames kept, so that the columns seldom grow. */
	constructor(differential: boolean, expected: number) {
		const size = Math.max(1024, expected);
		this.depth = new Int32Array(size);
		this.start = new Float64Array(size);
		this.end = new Float64Array(size);
		this.stack = new Int32Array(size);
		this.from = new Int32Array(size);
		this.to = new Int32Array(size);
		if (differential) this.delta = new Float64Array(size);
	}

	push(depth: number, start: number, end: number, stack: number, from: number, to: number, delta: number): void {
		if (this.length === this.depth.length) this.grow();
		const i = this.length++;
		this.depth[i] = depth;
		this.start[i] = start;
		this.end[i] = end;
		this.stack[i] = stack;
		this.from[i] = from;
		this.to[i] = to;
		if (this.delta) this.delta[i] = delta;
	}

	/**
	 * flamegraph.pl keys a frame by name, depth and end: a frame that opens and closes
	 * at the instant another of the same name and depth ended (zero samples, as in
	 * difffolded.pl's output) takes its place, and the earlier frame is not drawn. Those
	 * earlier frames are marked (depth -1) and counted; the frames that end at `end` are
	 * the last ones kept, at most one per depth unless zero-width frames are drawn.
	 */
	dropSameKey(depth: number, end: number, name: string, stacks: readonly string[]): number {
		let dropped = 0;
		for (let i = this.length - 1; i >= 0 && this.end[i] === end; i--) {
			if (this.depth[i] !== depth || this.to[i]! - this.from[i]! !== name.length) continue;
			if (!stacks[this.stack[i]!]!.startsWith(name, this.from[i])) continue;
			this.depth[i] = -1;
			dropped++;
		}
		return dropped;
	}

	/** Without the frames dropSameKey marked. */
	compact(): void {
		let n = 0;
		for (let i = 0; i < this.length; i++) {
			if (this.depth[i] === -1) continue;
			this.depth[n] = this.depth[i]!;
			this.start[n] = this.start[i]!;
			this.end[n] = this.end[i]!;
			this.stack[n] = this.stack[i]!;
			this.from[n] = this.from[i]!;
			this.to[n] = this.to[i]!;
			if (this.delta) this.delta[n] = this.delta[i]!;
			n++;
		}
		this.length = n;
	}

	/** Frames are pushed as they close, callees first: reversed, callers come first. */
	reverse(): void {
		for (const column of [this.depth, this.start, this.end, this.stack, this.from, this.to, this.delta]) column?.subarray(0, this.length).reverse();
	}

	private grow(): void {
		const size = this.depth.length * 2;
		this.depth = grown(this.depth, size);
		this.start = grown(this.start, size);
		this.end = grown(this.end, size);
		this.stack = grown(this.stack, size);
		this.from = grown(this.from, size);
		this.to = grown(this.to, size);
		if (this.delta) this.delta = grown(this.delta, size);
	}
}

/**
 * The open frames, as runs: the frames one stack opened (from depth `first` to `last`)
 * share a start, so they close together or the deepest first, and each run is measured
 * once. A run narrower than the minimum costs nothing per frame: its names are looked
 * up only for frames that are kept. The root is a run of its own at depth 0.
 */
class OpenRuns {
	count = 0;
	start = new Float64Array(64);
	stack = new Int32Array(64);
	first = new Int32Array(64);
	last = new Int32Array(64);
	/** The depth of the stack's own frame (its leaf), which carries the stack's delta. */
	leaf = new Int32Array(64);
	delta = new Float64Array(64);

	open(start: number, stack: number, first: number, last: number, delta: number): void {
		if (this.count === this.start.length) this.grow();
		const i = this.count++;
		this.start[i] = start;
		this.stack[i] = stack;
		this.first[i] = first;
		this.last[i] = last;
		this.leaf[i] = last;
		this.delta[i] = delta;
	}

	private grow(): void {
		const size = this.start.length * 2;
		this.start = grown(this.start, size);
		this.stack = grown(this.stack, size);
		this.first = grown(this.first, size);
		this.last = grown(this.last, size);
		this.leaf = grown(this.leaf, size);
		this.delta = grown(this.delta, size);
	}
}

/**
 * Where `a` and `b` first differ (or the shorter one's length). A character loop is
 * quickest for short stacks; past a few hundred characters (deep stacks share most of
 * theirs with their sorted neighbour) native comparisons of growing, then halving,
 * spans take over.
 */
function mismatch(a: string, b: string): number {
	const n = Math.min(a.length, b.length);
	const loop = Math.min(n, 256);
	let i = 0;
	while (i < loop && a.charCodeAt(i) === b.charCodeAt(i)) i++;
	if (i < loop || i === n) return i;
	let step = 256;
	while (i + step <= n && a.startsWith(b.substring(i, i + step), i)) {
		i += step;
		step *= 2;
	}
	let limit = Math.min(n, i + step);
	while (i < limit) {
		const mid = (i + limit + 1) >> 1;
		if (a.startsWith(b.substring(i, mid), i)) i = mid;
		else limit = mid - 1;
	}
	return i;
}

/**
 * How many frames `stack` shares with `previous` (whose frames are open: `starts[d]` is
 * where its frame d starts, `depth` its leaf's depth; the root, always shared, is not
 * counted), and where the first frame it does not share starts in `stack`.
 */
function shared(previous: string, stack: string, starts: Int32Array, depth: number): {frames: number; at: number} {
	if (previous === '' || stack === '') return {frames: 0, at: 0};
	const i = mismatch(previous, stack);
	// Frame d < depth ends at the ';' before starts[d + 1]: shared if that ';' matched too.
	let low = 0;
	let high = depth - 1;
	while (low < high) {
		const mid = (low + high + 1) >> 1;
		if (starts[mid + 1]! - 1 < i) low = mid;
		else high = mid - 1;
	}
	let frames = low;
	const end = (d: number) => (d === depth ? previous.length : starts[d + 1]! - 1);
	// The next frame is shared too where one stack ends with it and the other goes on.
	if (frames < depth && i === end(frames + 1) && (i === stack.length || stack.charCodeAt(i) === SEMICOLON) && (i === previous.length || previous.charCodeAt(i) === SEMICOLON)) frames++;
	return {frames, at: frames === 0 ? 0 : end(frames) + 1};
}

export function flowFrames(input: FlowInput, minCount: number): FlowFrames {
	const {stacks, counts, before} = input;
	// Profiles keep about three frames per unique stack at the default minimum width.
	const kept = new Columns(before !== undefined, Math.min(4 * stacks.length, 1 << 22));
	const runs = new OpenRuns();
	let time = 0;
	let maxDelta = 1;
	let replaced = 0;
	// Where the open frame at each depth starts in its stack. A frame's callees share its
	// text, so the next depth's start, whichever stack opened it, ends a frame that is not
	// its stack's leaf: no walk along a deep stack to name a frame.
	let starts: Int32Array<ArrayBuffer> = new Int32Array(256);

	/** Closes every open frame deeper than `depth` at `time`, keeping those wide enough. */
	const closeTo = (depth: number, time: number): void => {
		while (runs.count > 0 && runs.last[runs.count - 1]! > depth) {
			const i = runs.count - 1;
			const first = runs.first[i]!;
			const last = runs.last[i]!;
			const low = Math.max(first, depth + 1);
			const start = runs.start[i]!;
			const width = time - start;
			const zeroAfterKept = width === 0 && kept.length > 0 && kept.end[kept.length - 1] === time;
			if (width >= minCount || zeroAfterKept) {
				const stack = runs.stack[i]!;
				const text = stacks[stack]!;
				const leaf = runs.leaf[i]!;
				// Callees first: frames are kept as they close.
				for (let d = last; d >= low; d--) {
					const nameFrom = d === 0 ? 0 : starts[d]!;
					const nameTo = d === 0 ? 0 : d === leaf ? text.length : starts[d + 1]! - 1;
					if (zeroAfterKept) replaced += kept.dropSameKey(d, time, text.slice(nameFrom, nameTo), stacks);
					if (width >= minCount) kept.push(d, start, time, stack, nameFrom, nameTo, d === leaf ? runs.delta[i]! : 0);
				}
			}
			if (low === first) runs.count--;
			else runs.last[i] = depth;
		}
	};

	let previous: string | undefined;
	let previousDepth = 0;
	for (let k = 0; k < stacks.length; k++) {
		const stack = stacks[k]!;
		const count = counts[k]!;
		const delta = before ? count - before[k]! : 0;
		if (before && Math.abs(delta) > maxDelta) maxDelta = Math.abs(delta);
		let depth = 0;
		let from = 0;
		if (previous === undefined) {
			runs.open(0, k, 0, 0, stack === '' ? delta : 0);
		} else {
			const common = shared(previous, stack, starts, previousDepth);
			closeTo(common.frames, time);
			depth = common.frames;
			from = common.at;
		}
		if (stack !== '' && from <= stack.length) {
			let d = depth + 1;
			for (let at = from; ; d++) {
				if (d + 1 >= starts.length) starts = grown(starts, starts.length * 2);
				starts[d] = at;
				const semicolon = stack.indexOf(';', at);
				if (semicolon < 0) break;
				at = semicolon + 1;
			}
			runs.open(time, k, depth + 1, d, delta);
			previousDepth = d;
		} else previousDepth = depth;
		time += count;
		previous = stack;
	}
	closeTo(-1, time);
	if (replaced > 0) kept.compact();
	kept.reverse();
	let maxDepth = 0;
	for (let i = 0; i < kept.length; i++) if (kept.depth[i]! > maxDepth) maxDepth = kept.depth[i]!;
	return {
		length: kept.length,
		depth: kept.depth,
		start: kept.start,
		end: kept.end,
		stack: kept.stack,
		from: kept.from,
		to: kept.to,
		delta: kept.delta,
		maxDepth,
		total: time,
		maxDelta,
	};
}

/** The name of kept frame `i` ('' for the root). */
export const frameName = (frames: FlowFrames, stacks: readonly string[], i: number): string =>
	frames.depth[i] === 0 ? '' : stacks[frames.stack[i]!]!.slice(frames.from[i], frames.to[i]);

/**
 * A stack as flamegraph.pl splits it: perl's split drops trailing empty fields, so
 * `a;b;` is `a;b`, and a stack of only ';' has no frames.
 */
export function trimStack(stack: string): string {
	let end = stack.length;
	while (end > 0 && stack.charCodeAt(end - 1) === SEMICOLON) end--;
	return end === stack.length ? stack : stack.slice(0, end);
}

/** flamegraph.pl --reverse: the frames of a stack in the other order. */
export const reverseStack = (stack: string): string => trimStack(stack).split(';').reverse().join(';');

/**
 * Folded stacks in flamegraph.pl's order: it sorts its input lines, "stack count", as
 * strings, so a stack's own line comes before its callees' ("a 5" < "a;b 3"). Sorting the
 * stacks alone gives that order, without a string per line, unless a stack goes on from
 * another with a character at or below a space ("a b" after "a"): there the count text
 * decides, and the lines themselves are sorted (counts written so they read back exactly).
 */
export function sortedFlow(stacks: ReadonlyMap<string, number>): FlowInput {
	const keys = Array.from(stacks.keys());
	let trimmed = true;
	for (let i = 0; i < keys.length && trimmed; i++) trimmed = keys[i]!.charCodeAt(keys[i]!.length - 1) !== SEMICOLON;
	if (trimmed) {
		keys.sort();
		if (!countDecides(keys)) {
			// Plain loops: the callback forms (every, Float64Array.from) cost several times as much.
			const counts = new Float64Array(keys.length);
			for (let i = 0; i < keys.length; i++) counts[i] = stacks.get(keys[i]!)!;
			return {stacks: keys, counts};
		}
	}
	const lines: string[] = [];
	for (const [stack, count] of stacks) lines.push(`${trimStack(stack)} ${count}`);
	lines.sort();
	const sorted: string[] = new Array(lines.length);
	const counts = new Float64Array(lines.length);
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!;
		const space = line.lastIndexOf(' ');
		sorted[i] = line.slice(0, space);
		counts[i] = Number(line.slice(space + 1));
	}
	return {stacks: sorted, counts};
}

/**
 * Whether sorted `keys` hold a stack that another continues with a character at or below
 * a space. The smallest continuation of a stack sorts right after it, so neighbours tell.
 */
function countDecides(keys: readonly string[]): boolean {
	for (let i = 1; i < keys.length; i++) {
		const previous = keys[i - 1]!;
		const key = keys[i]!;
		if (key.length > previous.length && key.charCodeAt(previous.length) <= SPACE && key.startsWith(previous)) return true;
	}
	return false;
}

/** Differential stacks (before, after) sorted as flamegraph.pl sorts "stack before after" lines. */
export function sortedDiffFlow(stacks: Iterable<[string, readonly [before: number, after: number]]>): FlowInput {
	const lines: string[] = [];
	for (const [stack, [before, after]] of stacks) lines.push(`${trimStack(stack)} ${before} ${after}`);
	lines.sort();
	const sorted: string[] = new Array(lines.length);
	const counts = new Float64Array(lines.length);
	const earlier = new Float64Array(lines.length);
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!;
		const last = line.lastIndexOf(' ');
		const middle = line.lastIndexOf(' ', last - 1);
		sorted[i] = line.slice(0, middle);
		earlier[i] = Number(line.slice(middle + 1, last));
		counts[i] = Number(line.slice(last + 1));
	}
	return {stacks: sorted, counts, before: earlier};
}

/**
 * Lines in input order, for a flame chart (flamegraph.pl --flamechart): time runs left
 * to right, so nothing is sorted and only consecutive equal stacks merge. `before`: each
 * line's earlier count when the input is differential.
 */
export function inputOrderFlow(lines: ReadonlyArray<{stack: string; count: number; before?: number}>, reverse = false): FlowInput {
	const stacks = lines.map(line => (reverse ? reverseStack(line.stack) : trimStack(line.stack)));
	const counts = Float64Array.from(lines, line => line.count);
	const differential = lines.length > 0 && lines.every(line => line.before !== undefined);
	return differential ? {stacks, counts, before: Float64Array.from(lines, line => line.before!)} : {stacks, counts};
}
