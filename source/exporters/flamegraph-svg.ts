/**
 * A flame graph as one self-contained, interactive SVG, in the manner of Brendan Gregg's
 * flamegraph.pl: hover for details, click to zoom, Search (or Ctrl-F) to highlight frames
 * by regex, Esc to reset. It is attached to incident tickets and opened anywhere, offline,
 * so it loads nothing, and it carries symbol names from any process on the host: every
 * name is escaped text, and the inline script is a constant that never contains one (it
 * reads names back from the tooltips).
 */
import {buildFlameTree, type FlameNode} from '../models/flame-tree.js';
import {displayName, totalSamples, type FoldedStacks} from '../models/folded-stacks.js';

export interface FlameGraphSvgOptions {
	/** Default 'Flame Graph', or 'Icicle Graph' when inverted. */
	title?: string;
	subtitle?: string;
	/** Image width in pixels (default 1200). */
	width?: number;
	/**
	 * Frames narrower than this (pixels) are left out, as with flamegraph.pl's --minwidth:
	 * their samples stay in their parent's width (default 0.1). Keeps big profiles small.
	 */
	minWidthPx?: number;
	/** What a count is (default 'samples'). */
	countName?: string;
	/** Icicle graph: roots at the top, stacks growing down. */
	inverted?: boolean;
}

// flamegraph.pl's geometry, so both draw alike.
const FRAME_HEIGHT = 16;
const FONT_SIZE = 12;
/** Average Verdana glyph width at FONT_SIZE: labels are cut to fit by this estimate. */
const CHAR_WIDTH = FONT_SIZE * 0.59;
const LABEL_INSET = 3;
/** From a frame's top edge: the label centred in the frame's 15 drawn pixels. */
const LABEL_BASELINE = (FRAME_HEIGHT - 1) / 2 + 3;
const XPAD = 10;
const TITLE_HEIGHT = FONT_SIZE * 3;
const SUBTITLE_HEIGHT = FONT_SIZE * 2;
/** Room under the frames for the details and "Matched" lines. */
const FOOTER_HEIGHT = FONT_SIZE * 2 + 10;
const SEARCH_FILL = 'rgb(230,0,230)';

interface Page {
	width: number;
	title: string;
	subtitle: string;
	countName: string;
}

interface Placed {
	node: FlameNode;
	/** Samples left of the frame: its x in count units. */
	start: number;
}

export function renderFlameGraphSvg(stacks: FoldedStacks, options: FlameGraphSvgOptions = {}): string {
	const width = options.width ?? 1200;
	const minWidthPx = options.minWidthPx ?? 0.1;
	if (!Number.isFinite(width) || width <= 2 * XPAD) throw new RangeError(`flame graph width must be more than ${2 * XPAD} pixels: ${width}`);
	if (!Number.isFinite(minWidthPx) || minWidthPx < 0) throw new RangeError(`flame graph minimum frame width must be 0 or more pixels: ${minWidthPx}`);
	const inverted = options.inverted ?? false;
	const page: Page = {
		width,
		title: options.title ?? (inverted ? 'Icicle Graph' : 'Flame Graph'),
		subtitle: options.subtitle ?? '',
		countName: options.countName ?? 'samples',
	};
	const total = totalSamples(stacks);
	if (total <= 0) return emptySvg(page);

	const pxPerCount = (width - 2 * XPAD) / total;
	const minCount = minWidthPx / pxPerCount;
	const root = buildFlameTree(pruneNarrow(stacks, minCount));
	const frames = visibleFrames(root, minCount);
	let maxDepth = 0;
	for (const {node} of frames) maxDepth = Math.max(maxDepth, node.depth);
	const top = TITLE_HEIGHT + (page.subtitle === '' ? 0 : SUBTITLE_HEIGHT);
	const height = top + (maxDepth + 1) * FRAME_HEIGHT + FOOTER_HEIGHT;
	// Rows from the top edge of the frame area; a flame graph has its root on the bottom row.
	const row = inverted ? (depth: number) => depth : (depth: number) => maxDepth - depth;

	const out = [svgHead(page, height)];
	const look = new Map<string, NameLook>();
	const countName = escapeXml(page.countName);
	out.push('<g id="frames">\n');
	for (const {node, start} of frames) {
		let named = look.get(node.name);
		if (!named) {
			named = nameLook(node);
			look.set(node.name, named);
		}
		// Both edges are rounded, so a frame ends exactly where its right neighbour starts.
		const x = round1(XPAD + start * pxPerCount);
		const w = round1(round1(XPAD + (start + node.value) * pxPerCount) - x);
		const y = top + row(node.depth) * FRAME_HEIGHT;
		const percent = ((100 * node.value) / total).toFixed(2);
		out.push(
			`<g><title>${named.text} (${formatCount(node.value)} ${countName}, ${percent}%)</title>`,
			`<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${FRAME_HEIGHT - 1}" fill="${named.fill}" rx="2" ry="2"/>`,
			// The script relabels with the same rule from the rounded width when zooming.
			`<text x="${(x + LABEL_INSET).toFixed(1)}" y="${y + LABEL_BASELINE}">${label(named, w)}</text></g>\n`,
		);
	}
	out.push('</g>\n', controls(page, height), `<script type="text/ecmascript"><![CDATA[${SCRIPT}]]></script>\n</svg>\n`);
	return out.join('');
}

/**
 * The stacks cut after their first frame narrower than `minCount`. buildFlameTree makes a
 * node and a Map for every unique frame path, and most paths of a big profile are too
 * narrow to draw: building them took most of the time. The first narrow frame stays, with
 * its callees' samples as its own, so every frame drawn keeps its exact place and width.
 */
function pruneNarrow(stacks: FoldedStacks, minCount: number): FoldedStacks {
	// A stack has one path per frame, one more than its semicolons.
	let paths = 0;
	for (const stack of stacks.keys()) for (let i = 0; i >= 0; i = stack.indexOf(';', i + 1)) paths++;
	const sums = new PathSums(paths);
	for (const [stack, count] of stacks) {
		if (count > 0) forEachPath(stack, (h1, h2) => sums.add(h1, h2, count));
	}
	const pruned: FoldedStacks = new Map();
	for (const [stack, count] of stacks) {
		if (count <= 0) continue;
		let cut = stack.length;
		// A stack's own count is a lower bound of every frame on it.
		if (count < minCount) {
			forEachPath(stack, (h1, h2, end) => {
				if (sums.get(h1, h2) >= minCount) return;
				cut = end;
				return false;
			});
		}
		const kept = stack.slice(0, cut);
		pruned.set(kept, (pruned.get(kept) ?? 0) + count);
	}
	return pruned;
}

const SEMICOLON = 0x3b;

/**
 * Visits a stack's frame paths (its first frame, its first two, …) until `visit` returns
 * false, each as a pair of 32-bit hashes and where the path ends in the string. Hashes
 * are extended frame by frame, as prefix strings would cost time quadratic in stack
 * length: h1 runs over the characters, h2 chains h1 and the position at each frame's end.
 * Two paths that collide share one sum, which can only make a frame look wider than it
 * is: pruning then keeps a frame it could have dropped, never the reverse, and the
 * drawing still filters on the tree's exact values.
 */
function forEachPath(stack: string, visit: (h1: number, h2: number, end: number) => false | void): void {
	let h1 = 0x811c9dc5;
	let h2 = 0x9747b28c;
	for (let i = 0; i < stack.length; i++) {
		const c = stack.charCodeAt(i);
		if (c === SEMICOLON) {
			h2 = Math.imul(h2 ^ h1, 0x5bd1e995) ^ i;
			if (visit(h1, h2, i) === false) return;
		}
		h1 = Math.imul(h1 ^ c, 0x01000193);
	}
	visit(h1, Math.imul(h2 ^ h1, 0x5bd1e995) ^ stack.length, stack.length);
}

/**
 * Sample sums per path hash: open addressing in one typed array, [key, sum] side by side
 * so a lookup touches one cache line. A Map of a million entries spent most of its time
 * allocating. Sized for every path being distinct (load at most 2/3), so it never grows;
 * an empty slot has sum 0, as counts are > 0.
 */
class PathSums {
	private readonly bits: number;
	private readonly slots: Float64Array;

	constructor(paths: number) {
		this.bits = Math.max(4, Math.ceil(Math.log2(1.5 * paths)));
		this.slots = new Float64Array(2 << this.bits);
	}

	add(h1: number, h2: number, count: number): void {
		const slot = this.slot(h1, h2);
		this.slots[slot] = key(h1, h2);
		this.slots[slot + 1]! += count;
	}

	get(h1: number, h2: number): number {
		return this.slots[this.slot(h1, h2) + 1]!;
	}

	private slot(h1: number, h2: number): number {
		const wanted = key(h1, h2);
		const mask = this.slots.length - 1;
		let slot = (Math.imul(h1 ^ h2, 0x9e3779b1) >>> (32 - this.bits)) << 1;
		while (this.slots[slot + 1] !== 0 && this.slots[slot] !== wanted) slot = (slot + 2) & mask;
		return slot;
	}
}

/** Both hashes as one exact double (53 bits). */
const key = (h1: number, h2: number): number => (h1 >>> 0) * 0x200000 + (h2 >>> 11);

/**
 * Frames wide enough to draw, parents before children, left to right: the order the
 * script relies on to tell ancestors and descendants apart. Iterative, as stacks can be
 * thousands of frames deep.
 */
function visibleFrames(root: FlameNode, minCount: number): Placed[] {
	const frames: Placed[] = [];
	const pending: Placed[] = [{node: root, start: 0}];
	for (let next = pending.pop(); next; next = pending.pop()) {
		frames.push(next);
		// A frame's own samples come first, its children after: flamegraph.pl sorts the
		// folded lines, and "a 5" sorts before "a;b 3".
		let start = next.start + next.node.self;
		const placed: Placed[] = [];
		for (const child of next.node.children) {
			placed.push({node: child, start});
			start += child.value;
		}
		for (let i = placed.length - 1; i >= 0; i--) if (placed[i]!.node.value >= minCount) pending.push(placed[i]!);
	}
	return frames;
}

interface NameLook {
	/** The display name, escaped. */
	text: string;
	display: string;
	fill: string;
}

function nameLook(node: FlameNode): NameLook {
	const display = displayName(node.name);
	return {text: escapeXml(display), display, fill: frameFill(node)};
}

/** The name cut to fit `width` pixels, ending in ".." when cut, as flamegraph.pl does. */
function label(named: NameLook, width: number): string {
	const chars = Math.floor((width - LABEL_INSET) / CHAR_WIDTH);
	if (chars < 3) return '';
	if (chars >= named.display.length) return named.text;
	let cut = chars - 2;
	// Never split a surrogate pair: half of one is not a character XML accepts.
	if (isHighSurrogate(named.display.charCodeAt(cut - 1))) cut--;
	return escapeXml(named.display.slice(0, cut)) + '..';
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** 1234567 as "1,234,567", as flamegraph.pl writes counts; fractions keep two decimals. */
function formatCount(n: number): string {
	const [whole = '', fraction] = String(Math.round(n * 100) / 100).split('.');
	return whole.replace(/\B(?=(\d{3})+$)/g, ',') + (fraction === undefined ? '' : `.${fraction}`);
}

/**
 * Colour by kind, varied by a hash of the name so the same function has the same colour
 * in every graph (flamegraph.pl's default picks at random): user code in the "hot"
 * red-to-yellow palette, kernel in a paler orange that stays apart from it, unknown frames
 * grey.
 */
function frameFill(node: FlameNode): string {
	const h = hashName(node.name);
	const a = (h & 0xff) / 255;
	const b = ((h >>> 8) & 0xff) / 255;
	const c = ((h >>> 16) & 0xff) / 255;
	switch (node.kind) {
		case 'kernel':
			return rgb(235 + 20 * a, 130 + 50 * b, 70 + 40 * c);
		case 'unknown': {
			const grey = 170 + 30 * a;
			return rgb(grey, grey, grey);
		}
		default:
			return rgb(205 + 50 * a, 230 * b, 55 * c);
	}
}

const rgb = (r: number, g: number, b: number): string => `rgb(${Math.floor(r)},${Math.floor(g)},${Math.floor(b)})`;

/** FNV-1a, then murmur3's finaliser so that all of the bytes used for colour vary. */
function hashName(name: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
	h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
	return (h ^ (h >>> 16)) >>> 0;
}

const XML_ESCAPES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;'};
// Control characters, U+FFFE/U+FFFF and lone surrogates are not allowed in XML even as
// character references, so they become U+FFFD. (With the u flag, the surrogate range
// only matches unpaired halves.)
const XML_UNSAFE = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/u;
const XML_UNSAFE_ALL = new RegExp(XML_UNSAFE.source, 'gu');

/** Text for an XML text node or attribute value. */
function escapeXml(text: string): string {
	return XML_UNSAFE.test(text) ? text.replace(XML_UNSAFE_ALL, c => XML_ESCAPES[c] ?? '\uFFFD') : text;
}

function svgHead(page: Page, height: number): string {
	const {width} = page;
	const middle = width / 2;
	return [
		'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n',
		`<svg version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">\n`,
		'<defs><linearGradient id="background" x1="0" x2="0" y1="0" y2="1"><stop stop-color="#eeeeee" offset="5%"/><stop stop-color="#eeeeb0" offset="95%"/></linearGradient></defs>\n',
		'<style type="text/css">\n',
		`text { font-family: Verdana, sans-serif; font-size: ${FONT_SIZE}px; fill: black; }\n`,
		`#title { text-anchor: middle; font-size: ${FONT_SIZE + 5}px; }\n`,
		'#subtitle { text-anchor: middle; fill: rgb(160,160,160); }\n',
		'#search, #unzoom { cursor: pointer; }\n',
		'#search { opacity: 0.1; }\n',
		'#search:hover, #search.show { opacity: 1; }\n',
		'#frames > *:hover { stroke: black; stroke-width: 0.5; cursor: pointer; }\n',
		'.hide { display: none; }\n',
		'.parent { opacity: 0.5; }\n',
		'</style>\n',
		`<rect x="0" y="0" width="${width}" height="${height}" fill="url(#background)"/>\n`,
		`<text id="title" x="${middle}" y="${FONT_SIZE * 2}">${escapeXml(page.title)}</text>\n`,
		page.subtitle === '' ? '' : `<text id="subtitle" x="${middle}" y="${FONT_SIZE * 4}">${escapeXml(page.subtitle)}</text>\n`,
	].join('');
}

function controls(page: Page, height: number): string {
	const bottom = height - FOOTER_HEIGHT / 2;
	return [
		`<text id="unzoom" class="hide" x="${XPAD}" y="${FONT_SIZE * 2}">Reset Zoom</text>\n`,
		`<text id="search" x="${page.width - XPAD - 100}" y="${FONT_SIZE * 2}">Search</text>\n`,
		`<text id="details" x="${XPAD}" y="${bottom}"> </text>\n`,
		`<text id="matched" x="${page.width - XPAD - 100}" y="${bottom}"> </text>\n`,
	].join('');
}

function emptySvg(page: Page): string {
	const height = TITLE_HEIGHT + (page.subtitle === '' ? 0 : SUBTITLE_HEIGHT) + FONT_SIZE * 3;
	return [
		svgHead(page, height),
		`<text x="${page.width / 2}" y="${height - FONT_SIZE}" text-anchor="middle">No ${escapeXml(page.countName)} to draw</text>\n`,
		'</svg>\n',
	].join('');
}

/**
 * The viewer. It learns everything from the drawn frames: name and count from each
 * tooltip, geometry from each rect, and nesting from document order (a frame's
 * descendants follow it, deeper than it, up to the next frame at its depth or above).
 * Zooming recomputes from the original geometry, so there is no state to undo.
 * Only getAttribute/setAttribute/textContent/children are used, which every SVG viewer
 * with scripting has.
 */
const SCRIPT = `
'use strict';
(function () {
	var CHAR_WIDTH = ${CHAR_WIDTH}, INSET = ${LABEL_INSET}, SEARCH_FILL = '${SEARCH_FILL}';
	var TOOLTIP = /^([\\s\\S]*) \\(([\\d,.]+) [\\s\\S]*, [\\d.]+%\\)$/;
	var frames = document.getElementById('frames').children;
	var details = document.getElementById('details');
	var matched = document.getElementById('matched');
	var searchButton = document.getElementById('search');
	var unzoomButton = document.getElementById('unzoom');
	var names = [], counts = [], x0 = [], w0 = [], fills = [], level = [], tips = [], index = new Map();
	var rootY = parseFloat(frames[0].children[1].getAttribute('y'));
	for (var i = 0; i < frames.length; i++) {
		var rect = frames[i].children[1];
		index.set(frames[i], i);
		tips[i] = frames[i].children[0].textContent;
		var m = TOOLTIP.exec(tips[i]);
		names[i] = m ? m[1] : tips[i];
		counts[i] = m ? parseFloat(m[2].replace(/,/g, '')) : 0;
		x0[i] = parseFloat(rect.getAttribute('x'));
		w0[i] = parseFloat(rect.getAttribute('width'));
		fills[i] = rect.getAttribute('fill');
		level[i] = Math.abs(parseFloat(rect.getAttribute('y')) - rootY);
	}
	var searching = false;

	function frameOf(node) {
		for (; node; node = node.parentNode) if (index.has(node)) return index.get(node);
		return -1;
	}
	function label(i, width) {
		var chars = Math.floor((width - INSET) / CHAR_WIDTH);
		if (chars < 3) return '';
		return chars >= names[i].length ? names[i] : names[i].slice(0, chars - 2) + '..';
	}
	function place(i, x, width) {
		var rect = frames[i].children[1], text = frames[i].children[2];
		rect.setAttribute('x', x.toFixed(1));
		rect.setAttribute('width', width.toFixed(1));
		text.setAttribute('x', (x + INSET).toFixed(1));
		text.textContent = label(i, width);
	}
	function zoom(at) {
		var scale = w0[0] / w0[at], end = at + 1, i;
		while (end < frames.length && level[end] > level[at]) end++;
		var ancestor = [], deepest = level[at];
		for (i = at - 1; i >= 0; i--) {
			if (level[i] < deepest) {
				ancestor[i] = true;
				deepest = level[i];
			}
		}
		for (i = 0; i < frames.length; i++) {
			if (ancestor[i]) {
				frames[i].setAttribute('class', 'parent');
				place(i, x0[0], w0[0]);
			} else if (i >= at && i < end) {
				frames[i].setAttribute('class', '');
				place(i, x0[0] + (x0[i] - x0[at]) * scale, w0[i] * scale);
			} else {
				frames[i].setAttribute('class', 'hide');
			}
		}
		unzoomButton.setAttribute('class', at === 0 ? 'hide' : '');
	}
	function resetZoom() {
		for (var i = 0; i < frames.length; i++) {
			frames[i].setAttribute('class', '');
			place(i, x0[i], w0[i]);
		}
		unzoomButton.setAttribute('class', 'hide');
	}
	function search(term) {
		var re;
		try {
			re = new RegExp(term);
		} catch (error) {
			matched.textContent = 'Invalid regex';
			return;
		}
		var sum = 0, inside = -1;
		for (var i = 1; i < frames.length; i++) {
			if (inside >= 0 && level[i] <= inside) inside = -1;
			var hit = re.test(names[i]);
			frames[i].children[1].setAttribute('fill', hit ? SEARCH_FILL : fills[i]);
			// A match inside a matched frame is already counted in it.
			if (hit && inside < 0) {
				sum += counts[i];
				inside = level[i];
			}
		}
		searching = true;
		searchButton.setAttribute('class', 'show');
		searchButton.textContent = 'Reset Search';
		matched.textContent = 'Matched: ' + (100 * sum / counts[0]).toFixed(1) + '%';
	}
	function resetSearch() {
		for (var i = 0; i < frames.length; i++) frames[i].children[1].setAttribute('fill', fills[i]);
		searching = false;
		searchButton.setAttribute('class', '');
		searchButton.textContent = 'Search';
		matched.textContent = ' ';
	}
	function askSearch() {
		var term = window.prompt('Search for frames matching a regex (e.g. ^ext4_)', '');
		if (term) search(term);
	}

	window.addEventListener('click', function (event) {
		var id = event.target.getAttribute ? event.target.getAttribute('id') : null;
		if (id === 'unzoom') return resetZoom();
		if (id === 'search') return searching ? resetSearch() : askSearch();
		var at = frameOf(event.target);
		if (at >= 0) zoom(at);
	});
	window.addEventListener('mouseover', function (event) {
		var at = frameOf(event.target);
		if (at >= 0) details.textContent = tips[at];
	});
	window.addEventListener('mouseout', function () {
		details.textContent = ' ';
	});
	window.addEventListener('keydown', function (event) {
		if (event.key === 'F3' || (event.ctrlKey && (event.key === 'f' || event.key === 'F'))) {
			event.preventDefault();
			askSearch();
		} else if (event.key === 'Escape') {
			resetZoom();
			resetSearch();
		}
	});
})();
`;
