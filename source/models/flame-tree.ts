/**
 * The call tree behind every flame graph view: built from folded stacks, each node
 * holding its inclusive (`value`) and exclusive (`self`) sample counts. Children are
 * sorted by name, as flamegraph.pl orders them, so the same input always draws the same.
 */
import {frameKind, type FoldedStacks, type FrameKind} from './folded-stacks.js';

export interface FlameNode {
	name: string;
	kind: FrameKind;
	/** Samples in this frame and everything it called. */
	value: number;
	/** Samples in this frame itself. */
	self: number;
	children: FlameNode[];
	/** Depth from the root (the root, "all", is 0). */
	depth: number;
}

export const ROOT_NAME = 'all';

interface Building {
	node: FlameNode;
	byName: Map<string, Building>;
}

export function buildFlameTree(stacks: FoldedStacks): FlameNode {
	const root: Building = {node: {name: ROOT_NAME, kind: 'root', value: 0, self: 0, children: [], depth: 0}, byName: new Map()};
	for (const [stack, count] of stacks) {
		if (count <= 0) continue;
		let at = root;
		at.node.value += count;
		for (const name of stack === '' ? [] : stack.split(';')) {
			let next = at.byName.get(name);
			if (!next) {
				next = {node: {name, kind: frameKind(name), value: 0, self: 0, children: [], depth: at.node.depth + 1}, byName: new Map()};
				at.byName.set(name, next);
				at.node.children.push(next.node);
			}
			next.node.value += count;
			at = next;
		}
		at.node.self += count;
	}
	sortChildren(root.node);
	return root.node;
}

/** Iterative (as is every walk over the tree): stacks can be tens of thousands of frames deep. */
function sortChildren(root: FlameNode): void {
	const pending = [root];
	for (let node = pending.pop(); node; node = pending.pop()) {
		node.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const child of node.children) pending.push(child);
	}
}

/** Total samples of frames whose name matches, counting nested matches once. */
export function matchedSamples(root: FlameNode, matches: (name: string) => boolean): number {
	let sum = 0;
	const pending = [root];
	for (let node = pending.pop(); node; node = pending.pop()) {
		if (node.kind !== 'root' && matches(node.name)) sum += node.value;
		else for (const child of node.children) pending.push(child);
	}
	return sum;
}
