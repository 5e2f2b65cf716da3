/**
 * A flame graph laid out in terminal cells, as flamegraph.pl lays it out in pixels: each
 * frame as wide as its share of the zoomed frame's samples, callees stacked on their
 * caller after its own samples (flamegraph.pl sorts a caller's own stack line before its
 * callees', so the caller's self time is the space on the left),
 * and the zoomed frame's callers drawn full width as context. Frames and zoom are
 * addressed by path (frame names below the root), not by node, so a selection and a
 * zoom survive the tree being rebuilt from the next interval's stacks.
 */
import {displayName} from './folded-stacks.js';
import type {FlameNode} from './flame-tree.js';
import {compileSearch, type Search} from '../safety/search-pattern.js';
import {safeText} from '../safety/terminal-text.js';

/** Frame names from below the root ("all") down to a frame; [] is the root. */
export type FlamePath = readonly string[];

export interface FlameCell {
	node: FlameNode;
	path: FlamePath;
	x: number;
	width: number;
	depth: number;
	/** A caller of the zoomed frame, drawn full width whatever its samples. */
	context: boolean;
}

export interface FlameRow {
	depth: number;
	/** Left to right, never overlapping. */
	cells: FlameCell[];
}

export interface FlameLayout {
	/** The whole tree's root, for "% of all". */
	root: FlameNode;
	/** The zoomed frame: full width, the 100% of the view. */
	zoom: FlameCell;
	width: number;
	/** Icicle: root on top. Otherwise a flame graph: root at the bottom. */
	inverted: boolean;
	/** Top of the screen first. */
	rows: FlameRow[];
	/** Frames narrower than one column (callees included), not drawn. */
	hidden: {frames: number; samples: number};
	/** Levels left out by clipRows: callers beyond the context kept, callees too deep. */
	outer: number;
	deeper: number;
}

export interface LayoutOptions {
	width: number;
	zoom?: FlamePath;
	inverted?: boolean;
}

export type Direction = 'up' | 'down' | 'left' | 'right';

const samePath = (a: FlamePath, b: FlamePath): boolean => a.length === b.length && a.every((name, i) => name === b[i]);

/** The frames along `path` from the root, as far as they exist in this tree. */
function walk(root: FlameNode, path: FlamePath): FlameNode[] {
	const chain = [root];
	for (const name of path) {
		const next = chain.at(-1)!.children.find(c => c.name === name);
		if (!next) break;
		chain.push(next);
	}
	return chain;
}

/** The zoom `path` asks for, cut back to its deepest frame that still exists. */
export const zoomTo = (root: FlameNode, path: FlamePath): FlamePath => path.slice(0, walk(root, path).length - 1);

/** One level out; the root stays the root. */
export const zoomOut = (path: FlamePath): FlamePath => path.slice(0, -1);

export function layoutFlame(root: FlameNode, {width, zoom = [], inverted = false}: LayoutOptions): FlameLayout {
	const zoomPath = zoomTo(root, zoom);
	const chain = walk(root, zoomPath);
	const levels: FlameCell[][] = chain.map((node, i) => [
		{node, path: zoomPath.slice(0, i), x: 0, width, depth: node.depth, context: i < chain.length - 1},
	]);
	const hidden = {frames: 0, samples: 0};
	const target = chain.at(-1)!;
	const scale = target.value > 0 ? width / target.value : 0;

	// Both edges of a frame are rounded from its sample offsets, so a callee's cell lies
	// inside its caller's and neighbours share an edge instead of overlapping. Iterative,
	// depth-first in drawing order; levels past MAX_LEVELS below the zoomed frame are
	// not laid out (no terminal is that tall; their paths would cost depth² memory) but
	// counted as deeper levels.
	const lastLevel = target.depth + MAX_LEVELS;
	let deepest = target.depth;
	const pending: Array<{node: FlameNode; path: FlamePath; offset: number}> = [{node: target, path: zoomPath, offset: 0}];
	for (let next = pending.pop(); next; next = pending.pop()) {
		const {node, path, offset} = next;
		let at = offset + node.self;
		const placed: typeof pending = [];
		for (const child of node.children) {
			const x = Math.round(at * scale);
			const end = Math.round((at + child.value) * scale);
			if (end <= x) {
				hidden.frames++;
				hidden.samples += child.value;
			} else if (child.depth > lastLevel) {
				deepest = Math.max(deepest, deepestBelow(child));
			} else {
				const childPath = [...path, child.name];
				(levels[child.depth] ??= []).push({node: child, path: childPath, x, width: end - x, depth: child.depth, context: false});
				placed.push({node: child, path: childPath, offset: at});
			}
			at += child.value;
		}
		// Reversed, so the leftmost callee is laid out first and each row stays left to right.
		for (let i = placed.length - 1; i >= 0; i--) pending.push(placed[i]!);
	}

	const rows = levels.map((cells, depth) => ({depth, cells}));
	return {
		root,
		zoom: levels[target.depth]![0]!,
		width,
		inverted,
		rows: inverted ? rows : rows.reverse(),
		hidden,
		outer: 0,
		deeper: Math.max(0, deepest - lastLevel),
	};
}

/** Levels below the zoomed frame that are laid out at most. */
export const MAX_LEVELS = 512;

/** The depth of the deepest frame under `node` (iterative). */
function deepestBelow(node: FlameNode): number {
	let deepest = node.depth;
	const pending = [node];
	for (let next = pending.pop(); next; next = pending.pop()) {
		deepest = Math.max(deepest, next.depth);
		for (const child of next.children) pending.push(child);
	}
	return deepest;
}

/**
 * At most `maxRows` rows around the zoomed frame: it and its callees first, nearest first,
 * and at least a quarter of the rows (when there are that many) for its nearest callers,
 * so a deep zoom still shows where it sits. Unzoomed, that is the rows nearest the root.
 */
export function clipRows(layout: FlameLayout, maxRows: number): FlameLayout {
	const rootFirst = layout.inverted ? layout.rows : [...layout.rows].reverse();
	if (rootFirst.length <= maxRows) return layout;
	const fit = Math.max(1, maxRows);
	const callers = layout.zoom.depth;
	const own = rootFirst.length - callers;
	const callersShown = Math.min(callers, Math.max(Math.floor(fit / 4), fit - own));
	const ownShown = Math.min(own, fit - callersShown);
	const kept = rootFirst.slice(callers - callersShown, callers + ownShown);
	return {
		...layout,
		rows: layout.inverted ? kept : kept.reverse(),
		outer: layout.outer + callers - callersShown,
		deeper: layout.deeper + own - ownShown,
	};
}

const allCells = (layout: FlameLayout): FlameCell[] => layout.rows.flatMap(r => r.cells);

/**
 * The cell of the frame at `path`, or of its nearest caller that is drawn (the frame may
 * have become too narrow or gone in a newer interval); the zoomed frame when none is.
 */
export function findCell(layout: FlameLayout, path: FlamePath): FlameCell {
	const cells = allCells(layout);
	for (let n = path.length; n >= 0; n--) {
		const cell = cells.find(c => samePath(c.path, path.slice(0, n)));
		if (cell) return cell;
	}
	return layout.zoom;
}

/** Where the selection starts: the zoomed frame, which is the root until one zooms. */

/**
 * The cell next to `selected` on screen. Toward the leaves (up in a flame graph, down in
 * an icicle) goes to the widest callee, the hottest path; toward the root goes to the
 * caller; left and right go to the adjacent cell on the same row, whoever its caller.
 * Where there is nothing that way, the selection stays.
 */
export function neighbor(layout: FlameLayout, selected: FlameCell, direction: Direction): FlameCell {
	const row = layout.rows.find(r => r.depth === selected.depth);
	if (direction === 'left' || direction === 'right') {
		const i = row?.cells.findIndex(c => samePath(c.path, selected.path)) ?? -1;
		if (i < 0) return selected;
		return row!.cells[direction === 'left' ? i - 1 : i + 1] ?? selected;
	}
	const towardLeaves = (direction === 'up') !== layout.inverted;
	if (!towardLeaves) {
		if (selected.path.length === 0) return selected;
		const caller = selected.path.slice(0, -1);
		return allCells(layout).find(c => samePath(c.path, caller)) ?? selected;
	}
	const callees = layout.rows
		.find(r => r.depth === selected.depth + 1)
		?.cells.filter(c => samePath(c.path.slice(0, -1), selected.path));
	return callees?.reduce((best, c) => (c.width > best.width ? c : best)) ?? selected;
}

/**
 * Which frames match a search (safety/search-pattern): literal, case-insensitive text, or
 * a linear-time regular expression after `re:`. Names are matched as shown, without
 * `_[k]`. Undefined for an empty query.
 */
export function frameMatcher(query: string): Search | undefined {
	const search = compileSearch(query);
	if (!search) return undefined;
	return {
		matches: name => search.matches(displayName(name)),
		get note() {
			return search.note;
		},
	};
}

/** One-column frames are a half block, so a run of them still shows separate frames. */
const ONE_COLUMN = '▌';
const TWO_COLUMNS = '█';

/**
 * What a cell shows: its label, drawn in the frame's style, then a plain gap column that
 * keeps it apart from the next frame (frames of one kind share a colour). A `block` label
 * is a glyph coloured as the frame instead of text on the frame's background.
 */
export function cellText(cell: FlameCell): {label: string; gap: string; block: boolean} {
	if (cell.width === 1) return {label: ONE_COLUMN, gap: '', block: true};
	if (cell.width === 2) return {label: TWO_COLUMNS, gap: ' ', block: true};
	const room = cell.width - 1;
	const name = safeText(displayName(cell.node.name));
	const label = name.length > room ? name.slice(0, room - 1) + '…' : name.padEnd(room);
	return {label, gap: ' ', block: false};
}
