/**
 * Folded stacks as a speedscope file (https://www.speedscope.app/file-format-schema.json):
 * one sampled profile with one sample per unique stack, weighted by its count, so the
 * file stays about as small as the folded text. The samples are in stack order, not time
 * order (folded stacks have none), so speedscope's "Time Order" view reads like a flame
 * graph; "Left Heavy" and "Sandwich" are exact.
 */
import {displayName, frameKind, type FoldedStacks} from '../models/folded-stacks.js';

export type SpeedscopeUnit = 'none' | 'microseconds' | 'nanoseconds' | 'milliseconds';

export interface SpeedscopeFrame {
	name: string;
}

export interface SpeedscopeSampledProfile {
	type: 'sampled';
	name: string;
	unit: SpeedscopeUnit;
	startValue: number;
	endValue: number;
	/** Indexes into `shared.frames`, root first. */
	samples: number[][];
	/** One per sample. */
	weights: number[];
}

export interface SpeedscopeFile {
	$schema: 'https://www.speedscope.app/file-format-schema.json';
	shared: {frames: SpeedscopeFrame[]};
	profiles: SpeedscopeSampledProfile[];
	name: string;
	activeProfileIndex: number;
	exporter: string;
}

export interface SpeedscopeOptions {
	name: string;
	/** What a count is: 'none' for samples (default), or a time unit for off-CPU time. */
	unit?: SpeedscopeUnit;
	/** Default 'tracetop'; callers add the version. */
	exporter?: string;
}

/**
 * Kernel frames are named `name [k]`, as `perf report` marks them: speedscope keys
 * frames by name and has no notion of kind, so without a mark a kernel `read` and a user
 * `read` would merge into one frame, and the `_[k]` suffix of the folded format reads as
 * part of the symbol.
 */
function speedscopeFrameName(name: string): string {
	return frameKind(name) === 'kernel' ? `${displayName(name)} [k]` : name;
}

export function toSpeedscope(stacks: FoldedStacks, options: SpeedscopeOptions): SpeedscopeFile {
	const frames: SpeedscopeFrame[] = [];
	const frameIndex = new Map<string, number>();
	const indexOf = (name: string): number => {
		let index = frameIndex.get(name);
		if (index === undefined) {
			index = frames.length;
			frames.push({name: speedscopeFrameName(name)});
			frameIndex.set(name, index);
		}
		return index;
	};
	const samples: number[][] = [];
	const weights: number[] = [];
	let total = 0;
	// Sorted, so the same stacks give the same file whatever order they were counted in.
	const sorted = [...stacks].filter(([, count]) => count > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	for (const [stack, count] of sorted) {
		samples.push(stack === '' ? [] : stack.split(';').map(indexOf));
		weights.push(count);
		total += count;
	}
	return {
		$schema: 'https://www.speedscope.app/file-format-schema.json',
		shared: {frames},
		profiles: [{type: 'sampled', name: options.name, unit: options.unit ?? 'none', startValue: 0, endValue: total, samples, weights}],
		name: options.name,
		activeProfileIndex: 0,
		exporter: options.exporter ?? 'tracetop',
	};
}
