/**
 * A differential flame graph of two profiles, as flamegraph.pl draws difffolded.pl -n
 * output: the shape is the current profile's; each frame is coloured by the change of
 * its own (self) samples, taken as a share of each profile's total so that intervals of
 * different sample counts compare. Frames only the baseline had are not drawn.
 */
import type {FlameNode} from './flame-tree.js';

export interface FlameDiff {
	/** Per frame of the current tree: its self share now minus its self share in the baseline (-1..1). */
	deltas: ReadonlyMap<FlameNode, number>;
	/** The largest change of any frame, at least one sample's share: full colour. */
	max: number;
}

export function diffFlame(current: FlameNode, baseline: FlameNode): FlameDiff {
	const share = (n: number, total: number) => (total > 0 ? n / total : 0);
	const deltas = new Map<FlameNode, number>();
	let max = share(1, current.value);
	const pending: Array<[FlameNode, FlameNode | undefined]> = [[current, baseline]];
	for (let pair = pending.pop(); pair; pair = pending.pop()) {
		const [now, then] = pair;
		const delta = share(now.self, current.value) - share(then?.self ?? 0, baseline.value);
		deltas.set(now, delta);
		max = Math.max(max, Math.abs(delta));
		const before = new Map(then?.children.map(c => [c.name, c]));
		for (const child of now.children) pending.push([child, before.get(child.name)]);
	}
	return {deltas, max};
}

/** A frame's change on the colour scale: -1 (shrank most) to 1 (grew most), 0 unchanged. */
export function changeRatio(diff: FlameDiff, node: FlameNode): number {
	const delta = diff.deltas.get(node) ?? 0;
	return diff.max > 0 ? delta / diff.max : 0;
}
