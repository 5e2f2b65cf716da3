import {describe, expect, it} from 'vitest';
import {buildFlameTree, matchedSamples, type FlameNode} from '../../source/models/flame-tree.js';
import {parseFolded} from '../../source/models/folded-stacks.js';
import {
	cellText,
	clipRows,
	findCell,
	frameMatcher,
	layoutFlame,
	neighbor,
	zoomOut,
	zoomTo,
	type FlameCell,
	type FlameLayout,
	type FlamePath,
} from '../../source/models/flame-layout.js';

const tree = (folded: string): FlameNode => buildFlameTree(parseFolded(folded).stacks);

/** all=100: a=80 (b=50 (c=40, self 10), d=30), e=20. */
const small = tree('a;b;c 40\na;b 10\na;d 30\ne 20\n');

const cells = (layout: FlameLayout): FlameCell[] => layout.rows.flatMap(r => r.cells);
const key = (path: FlamePath) => path.join(';');
const cellAt = (layout: FlameLayout, path: FlamePath): FlameCell => {
	const cell = cells(layout).find(c => key(c.path) === key(path));
	if (!cell) throw new Error(`no cell for ${key(path)}`);
	return cell;
};
const brief = (c: FlameCell) => ({name: c.node.name, x: c.x, width: c.width});

/** A bushy tree of many sizes, from a fixed seed: 400 stacks up to 12 frames deep. */
function bushy(): FlameNode {
	let seed = 7;
	const next = (n: number) => {
		seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
		return seed % n;
	};
	const lines: string[] = [];
	for (let i = 0; i < 400; i++) {
		const depth = 1 + next(12);
		const frames = Array.from({length: depth}, (_, d) => `f${d}_${next(d + 2)}${next(4) === 0 ? '_[k]' : ''}`);
		lines.push(`${frames.join(';')} ${1 + next(next(3) === 0 ? 500 : 5)}`);
	}
	return tree(lines.join('\n'));
}

describe('layoutFlame', () => {
	it('makes each frame as wide as its share of the samples, callees after the caller\'s own samples', () => {
		const layout = layoutFlame(small, {width: 100, inverted: true});
		expect(layout.rows.map(r => r.cells.map(brief))).toEqual([
			[{name: 'all', x: 0, width: 100}],
			[
				{name: 'a', x: 0, width: 80},
				{name: 'e', x: 80, width: 20},
			],
			[
				{name: 'b', x: 0, width: 50},
				{name: 'd', x: 50, width: 30},
			],
			// b's own 10 samples come first, as flamegraph.pl draws them.
			[{name: 'c', x: 10, width: 40}],
		]);
		expect(layout.hidden).toEqual({frames: 0, samples: 0});
	});

	it('keeps cells inside the width and their caller, never overlapping, within a column of their share', () => {
		const root = bushy();
		for (const width of [7, 40, 80, 133, 250]) {
			const layout = layoutFlame(root, {width});
			for (const row of layout.rows) {
				let end = 0;
				for (const cell of row.cells) {
					expect(cell.width).toBeGreaterThanOrEqual(1);
					expect(cell.x).toBeGreaterThanOrEqual(end);
					end = cell.x + cell.width;
					expect(Math.abs(cell.width - (cell.node.value / root.value) * width)).toBeLessThanOrEqual(1);
					if (cell.depth > 0) {
						const caller = cellAt(layout, cell.path.slice(0, -1));
						expect(cell.x).toBeGreaterThanOrEqual(caller.x);
						expect(cell.x + cell.width).toBeLessThanOrEqual(caller.x + caller.width);
					}
				}
				expect(end).toBeLessThanOrEqual(width);
			}
			// Callees of one caller take no more columns than it has.
			for (const caller of cells(layout)) {
				const callees = cells(layout).filter(c => c.depth === caller.depth + 1 && key(c.path.slice(0, -1)) === key(caller.path));
				expect(callees.reduce((n, c) => n + c.width, 0)).toBeLessThanOrEqual(caller.width);
			}
		}
	});

	it('leaves out frames narrower than a column and counts their samples, so none go missing', () => {
		// At 10 columns a sample is a tenth of a column: t1 (with its callee), t2 and t3 round to nothing.
		const root = tree('big 96\nt1;deep 2\nt2 1\nt3 1\n');
		const layout = layoutFlame(root, {width: 10});
		expect(cells(layout).map(c => c.node.name).sort()).toEqual(['all', 'big']);
		expect(layout.hidden).toEqual({frames: 3, samples: 4});

		// In any layout, every sample is a drawn frame's own or inside a frame too narrow to draw.
		const big = bushy();
		for (const width of [10, 80, 250]) {
			const wide = layoutFlame(big, {width});
			const own = cells(wide).reduce((n, c) => n + c.node.self, 0);
			expect(own + wide.hidden.samples).toBe(big.value);
			expect(wide.hidden.frames).toBeGreaterThan(0);
		}
		expect(layoutFlame(big, {width: 250}).hidden.samples).toBeLessThan(layoutFlame(big, {width: 80}).hidden.samples);
	});

	it('draws the zoomed frame full width and its callers as full-width context', () => {
		const layout = layoutFlame(small, {width: 100, zoom: ['a', 'b'], inverted: true});
		expect(layout.zoom).toMatchObject({path: ['a', 'b'], x: 0, width: 100, depth: 2, context: false});
		expect(layout.rows.map(r => r.cells.map(c => ({...brief(c), context: c.context})))).toEqual([
			[{name: 'all', x: 0, width: 100, context: true}],
			[{name: 'a', x: 0, width: 100, context: true}],
			[{name: 'b', x: 0, width: 100, context: false}],
			// 40 of b's 50 samples, after b's own 10.
			[{name: 'c', x: 20, width: 80, context: false}],
		]);
		// Siblings of the zoomed frame and of its callers are out of view.
		expect(cells(layout).map(c => c.node.name)).not.toContain('d');
		expect(cells(layout).map(c => c.node.name)).not.toContain('e');
	});

	it('puts the root at the bottom of a flame graph and on top of an icicle', () => {
		expect(layoutFlame(small, {width: 100}).rows.map(r => r.depth)).toEqual([3, 2, 1, 0]);
		expect(layoutFlame(small, {width: 100, inverted: true}).rows.map(r => r.depth)).toEqual([0, 1, 2, 3]);
	});

	it('is the same for the same stacks, whatever order they came in', () => {
		const shuffled = tree('e 20\na;d 30\na;b 10\na;b;c 40\n');
		expect(layoutFlame(shuffled, {width: 80, zoom: ['a']})).toEqual(layoutFlame(small, {width: 80, zoom: ['a']}));
		expect(layoutFlame(bushy(), {width: 120})).toEqual(layoutFlame(bushy(), {width: 120}));
	});

	it('draws only the root for a tree without samples', () => {
		const layout = layoutFlame(tree(''), {width: 80});
		expect(cells(layout).map(brief)).toEqual([{name: 'all', x: 0, width: 80}]);
	});
});

describe('zoom paths', () => {
	it('cuts a zoom back to the deepest frame that still exists', () => {
		expect(zoomTo(small, ['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
		expect(zoomTo(small, ['a', 'gone', 'c'])).toEqual(['a']);
		expect(zoomTo(small, ['gone'])).toEqual([]);
		expect(layoutFlame(small, {width: 50, zoom: ['a', 'gone']}).zoom.path).toEqual(['a']);
	});

	it('zooms out one level at a time and stops at the root', () => {
		expect(zoomOut(['a', 'b'])).toEqual(['a']);
		expect(zoomOut(['a'])).toEqual([]);
		expect(zoomOut([])).toEqual([]);
	});
});

describe('clipRows', () => {
	// One stack 21 frames deep (depths 0..20).
	const deep = tree(`${Array.from({length: 20}, (_, i) => `f${i + 1}`).join(';')} 5\n`);

	it('keeps the rows nearest the root and counts the deeper levels', () => {
		const flame = clipRows(layoutFlame(deep, {width: 40}), 8);
		expect(flame.rows.map(r => r.depth)).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
		expect(flame).toMatchObject({deeper: 13, outer: 0});
		const icicle = clipRows(layoutFlame(deep, {width: 40, inverted: true}), 8);
		expect(icicle.rows.map(r => r.depth)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
	});

	it('keeps a deep zoom in view with its nearest callers', () => {
		const zoom = Array.from({length: 10}, (_, i) => `f${i + 1}`);
		const layout = clipRows(layoutFlame(deep, {width: 40, zoom, inverted: true}), 8);
		// A quarter of the rows for callers, the rest for the zoomed frame and its callees.
		expect(layout.rows.map(r => r.depth)).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
		expect(layout).toMatchObject({outer: 8, deeper: 5});
		// Callees that fit leave their rows to callers.
		const nearLeaf = clipRows(layoutFlame(deep, {width: 40, zoom: [...zoom, 'f11', 'f12', 'f13', 'f14', 'f15', 'f16', 'f17', 'f18']}), 8);
		expect(nearLeaf.rows.map(r => r.depth)).toEqual([20, 19, 18, 17, 16, 15, 14, 13]);
		expect(nearLeaf).toMatchObject({outer: 13, deeper: 0});
	});

	it('leaves a layout that fits as it is', () => {
		const layout = layoutFlame(small, {width: 40});
		expect(clipRows(layout, 4)).toBe(layout);
	});
});

describe('selection', () => {
	const flame = layoutFlame(small, {width: 100});
	const icicle = layoutFlame(small, {width: 100, inverted: true});
	const walk = (layout: FlameLayout, ...moves: Array<'up' | 'down' | 'left' | 'right'>) =>
		moves.reduce((cell, move) => neighbor(layout, cell, move), layout.zoom).path;

	it('starts on the zoomed frame', () => {
		expect(flame.zoom.path).toEqual([]);
		expect(layoutFlame(small, {width: 100, zoom: ['a']}).zoom.path).toEqual(['a']);
	});

	it('goes up a flame graph to the widest callee and down to the caller', () => {
		expect(walk(flame, 'up')).toEqual(['a']);
		expect(walk(flame, 'up', 'up')).toEqual(['a', 'b']);
		expect(walk(flame, 'up', 'up', 'up')).toEqual(['a', 'b', 'c']);
		// Nothing above a leaf, nothing below the root.
		expect(walk(flame, 'up', 'up', 'up', 'up')).toEqual(['a', 'b', 'c']);
		expect(walk(flame, 'up', 'up', 'down')).toEqual(['a']);
		expect(walk(flame, 'down')).toEqual([]);
		// The widest callee, wherever it is in the row.
		expect(walk(layoutFlame(tree('p 10\nq 30\nr 20\n'), {width: 60}), 'up')).toEqual(['q']);
	});

	it('goes the other way in an icicle, where the callees are below', () => {
		expect(walk(icicle, 'down', 'down')).toEqual(['a', 'b']);
		expect(walk(icicle, 'down', 'down', 'up')).toEqual(['a']);
		expect(walk(icicle, 'up')).toEqual([]);
	});

	it('goes left and right along the row, across callers, and stops at the ends', () => {
		expect(walk(flame, 'up', 'right')).toEqual(['e']);
		expect(walk(flame, 'up', 'right', 'right')).toEqual(['e']);
		expect(walk(flame, 'up', 'up', 'right')).toEqual(['a', 'd']);
		expect(walk(flame, 'up', 'up', 'right', 'left')).toEqual(['a', 'b']);
		expect(walk(flame, 'left')).toEqual([]);
	});

	it('moves from the zoomed frame down to its callers shown as context', () => {
		const zoomed = layoutFlame(small, {width: 100, zoom: ['a', 'b']});
		expect(walk(zoomed, 'down')).toEqual(['a']);
		expect(walk(zoomed, 'down', 'down')).toEqual([]);
		expect(walk(zoomed, 'down', 'down', 'up', 'up', 'up')).toEqual(['a', 'b', 'c']);
	});

	it('finds a frame that is no longer drawn by its nearest drawn caller', () => {
		const root = tree('big 96\nt1;deep 2\nt2 1\nt3 1\n');
		const layout = layoutFlame(root, {width: 10});
		expect(findCell(layout, ['big']).path).toEqual(['big']);
		expect(findCell(layout, ['t1', 'deep']).path).toEqual([]);
		const clipped = clipRows(layoutFlame(small, {width: 100, zoom: ['a']}), 2);
		expect(findCell(clipped, ['a', 'b', 'c']).path).toEqual(['a', 'b']);
	});
});

/** What the flame graph's `/` counts: samples in matching frames. */
const searched = (root: FlameNode, query: string): number => {
	const search = frameMatcher(query);
	return search ? matchedSamples(root, search.matches) : 0;
};

describe('search', () => {
	const root = tree('x;read;inner_read 10\ny;read 5\nz 5\nk;vfs_read_[k] 20\n');

	it('counts samples of matching frames once, even when they nest', () => {
		// read (10, holding inner_read) + read (5) + vfs_read (20) of 40.
		expect(searched(root, 'read')).toBe(35);
	});

	it('matches literal text case-insensitively, and a regular expression after re:', () => {
		expect(searched(root, 'INNER')).toBe(10);
		expect(searched(root, '^inn')).toBe(0);
		expect(searched(root, 're:^inn')).toBe(10);
		// Names match as shown, without the kernel suffix.
		expect(searched(root, 're:^vfs_read$')).toBe(20);
		expect(searched(root, 're:^(x|z)$')).toBe(15);
	});

	it('searches literally where re: is not a regular expression it can run in linear time, and says so', () => {
		const odd = tree('malloc(x) 3\nfree 1\n');
		expect(searched(odd, 'malloc(')).toBe(3);
		expect(searched(odd, 're:malloc(')).toBe(3);
		expect(frameMatcher('re:(a)\\1')?.note).toMatch(/^regex refused \(.*\); searching the text literally$/);
	});

	it('matches nothing for an empty query, a missing name or an empty tree', () => {
		expect(searched(root, '')).toBe(0);
		expect(searched(root, 'nosuch')).toBe(0);
		expect(searched(tree(''), 'read')).toBe(0);
		// The root ("all") is not a frame.
		expect(searched(root, 'all')).toBe(0);
	});
});

describe('cellText', () => {
	const cell = (name: string, width: number): FlameCell => ({
		node: {name, kind: 'user', value: 1, self: 1, children: [], depth: 1},
		path: [name],
		x: 0,
		width,
		depth: 1,
		context: false,
	});

	it('pads a name that fits and keeps a gap column after it', () => {
		expect(cellText(cell('main', 10))).toEqual({label: 'main     ', gap: ' ', block: false});
	});

	it('cuts a long name with an ellipsis', () => {
		expect(cellText(cell('do_syscall_64', 8))).toEqual({label: 'do_sys…', gap: ' ', block: false});
		expect(cellText(cell('main', 3))).toEqual({label: 'm…', gap: ' ', block: false});
	});

	it('shows a kernel frame without its _[k] suffix', () => {
		expect(cellText(cell('vfs_read_[k]', 12)).label).toBe('vfs_read   ');
	});

	it('shows frames of one and two columns as a single block', () => {
		expect(cellText(cell('main', 1))).toEqual({label: '▌', gap: '', block: true});
		expect(cellText(cell('main', 2))).toEqual({label: '█', gap: ' ', block: true});
	});
});
