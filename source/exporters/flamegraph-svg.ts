/**
 * A flame graph as one self-contained, interactive SVG, drawn as Brendan Gregg's
 * flamegraph.pl draws it: the same frames (its sort-and-merge, models/flame-flow), the
 * same geometry and rounding, tooltips, labels and palettes, and its options. It is
 * attached to incident tickets and opened anywhere, offline, so it loads nothing, and
 * it carries symbol names from any process on the host: every name is escaped text, and
 * the inline script (flamegraph-viewer) never contains one.
 *
 * The output is smaller than flamegraph.pl's for the same frames (no DOCTYPE, no
 * per-frame whitespace, a shorter script), and written in one pass over the frames.
 */
import {fixed, perlNumber} from '../models/perl-numbers.js';
import type {FoldedDiff} from '../models/diff-folded.js';
import {flowFrames, frameName, reverseStack, sortedDiffFlow, sortedFlow, type FlowInput} from '../models/flame-flow.js';
import type {FoldedStacks} from '../models/folded-stacks.js';
import {background, deltaColor, frameColor, type ColorOptions} from './flamegraph-colors.js';
import {viewerScript} from './flamegraph-viewer.js';
import {ByteWriter, bytesOf} from './byte-writer.js';

export interface FlameGraphSvgOptions {
	/** Default 'Flame Graph'; 'Icicle Graph' when inverted, 'Flame Chart' for a flame chart. */
	title?: string;
	subtitle?: string;
	/** Image width in pixels (default 1200). */
	width?: number;
	/** Frame height in pixels (default 16). */
	frameHeight?: number;
	/**
	 * Frames narrower than this are left out, with everything they called: pixels, or a
	 * percentage of all samples (default 0.1 px). Keeps big profiles small.
	 */
	minWidth?: {value: number; unit: 'px' | '%'};
	/** CSS font family (default Verdana). */
	fontType?: string;
	/** Font size in pixels (default 12); the margins and labels scale with it. */
	fontSize?: number;
	/** What a count is (default 'samples'). */
	countName?: string;
	/** What a frame is, before its details on hover (default 'Function:'). */
	nameType?: string;
	colors?: ColorOptions;
	/** Icicle graph: roots at the top, stacks growing down. */
	inverted?: boolean;
	/** Title only: the input is in time order (a flame chart), see flameChartInput. */
	flameChart?: boolean;
	/** Differential: red for fewer samples, blue for more (flamegraph.pl --negate). */
	negate?: boolean;
	/** A comment in the SVG (flamegraph.pl --notes). */
	notes?: string;
}

/** flamegraph.pl's tunables that it takes no option for. */
const XPAD = 10;
const FRAME_PAD = 1;
const FONT_WIDTH = 0.59;
const SEARCH_FILL = 'rgb(230,0,230)';
/** The annotations flamegraph.pl strips from names for display (kernel, waker, inlined, JIT). */
const ANNOTATION = /_\[[kwij]\]$/;

interface Page {
	width: number;
	height: number;
	fontSize: number;
	fontType: string;
	title: string;
	subtitle: string;
	countName: string;
	nameType: string;
	notes: string;
	colors: ColorOptions;
}

/** Folded stacks, merged in flamegraph.pl's sorted order (reversed first with `reverse`). */
export function renderFlameGraphSvg(stacks: FoldedStacks, options: FlameGraphSvgOptions & {reverse?: boolean} = {}): string {
	return flameGraphSvgBytes(stacks, options).toString('utf8');
}

/** renderFlameGraphSvg as the UTF-8 bytes of the file. */
export function flameGraphSvgBytes(stacks: FoldedStacks, options: FlameGraphSvgOptions & {reverse?: boolean} = {}): Buffer {
	return flowSvgBytes(sortedFlow(options.reverse ? reversed(stacks, (a, b) => a + b) : stacks), options);
}

/**
 * A differential flame graph, as `difffolded.pl | flamegraph.pl` draws it: the later
 * profile's widths, each frame red as its own samples grew and blue as they shrank
 * (swapped with `negate`), tooltips with the change as a share of all samples.
 */
export function renderDiffFlameGraphSvg(diff: FoldedDiff, options: FlameGraphSvgOptions & {reverse?: boolean} = {}): string {
	return diffFlameGraphSvgBytes(diff, options).toString('utf8');
}

export function diffFlameGraphSvgBytes(diff: FoldedDiff, options: FlameGraphSvgOptions & {reverse?: boolean} = {}): Buffer {
	return flowSvgBytes(sortedDiffFlow(options.reverse ? reversed(diff, ([b1, a1], [b2, a2]) => [b1 + b2, a1 + a2]) : diff), options);
}

function reversed<T>(stacks: ReadonlyMap<string, T>, merge: (a: T, b: T) => T): Map<string, T> {
	const out = new Map<string, T>();
	for (const [stack, value] of stacks) {
		const key = reverseStack(stack);
		const seen = out.get(key);
		out.set(key, seen === undefined ? value : merge(seen, value));
	}
	return out;
}

/** A flame graph of stacks already in merge order (models/flame-flow), as UTF-8. */
export function flowSvgBytes(input: FlowInput, options: FlameGraphSvgOptions = {}): Buffer {
	const width = options.width ?? 1200;
	const frameHeight = options.frameHeight ?? 16;
	const fontSize = options.fontSize ?? 12;
	const minWidth = options.minWidth ?? {value: 0.1, unit: 'px'};
	if (!Number.isFinite(width) || width <= 2 * XPAD) throw new RangeError(`flame graph width must be more than ${2 * XPAD} pixels: ${width}`);
	if (!Number.isFinite(minWidth.value) || minWidth.value < 0) throw new RangeError(`flame graph minimum frame width must be 0 or more: ${minWidth.value}`);
	if (!(frameHeight > FRAME_PAD) || !(fontSize > 0)) throw new RangeError(`flame graph frame height and font size must be positive: ${frameHeight}, ${fontSize}`);
	const inverted = options.inverted ?? false;
	const page: Omit<Page, 'height'> = {
		width,
		fontSize,
		fontType: options.fontType ?? 'Verdana, sans-serif',
		title: options.title || (options.flameChart ? 'Flame Chart' : inverted ? 'Icicle Graph' : 'Flame Graph'),
		subtitle: options.subtitle ?? '',
		countName: options.countName ?? 'samples',
		nameType: options.nameType ?? 'Function:',
		notes: options.notes ?? '',
		colors: options.colors ?? {},
	};
	let total = 0;
	for (let i = 0; i < input.counts.length; i++) total += input.counts[i]!;
	const ypad1 = fontSize * 3;
	const ypad2 = fontSize * 2 + 10;
	const ypad3 = page.subtitle === '' ? 0 : fontSize * 2;
	if (!(total > 0)) return Buffer.from(emptySvg({...page, height: ypad1 + ypad3 + fontSize * 3}));

	const perCount = (width - 2 * XPAD) / total;
	const minCount = minWidth.unit === '%' ? (total * minWidth.value) / 100 : minWidth.value / perCount;
	const frames = flowFrames(input, minCount);
	const height = (frames.maxDepth + 1) * frameHeight + ypad1 + ypad2 + ypad3;
	const full: Page = {...page, height};

	// Row geometry per depth, as flamegraph.pl computes it (the subtitle only moves a
	// flame graph down: an icicle is placed from the top margin).
	const rectY: Buffer[] = [];
	const textY: Buffer[] = [];
	for (let depth = 0; depth <= frames.maxDepth; depth++) {
		const y1 = inverted ? ypad1 + depth * frameHeight : height - ypad2 - (depth + 1) * frameHeight + FRAME_PAD;
		const y2 = inverted ? ypad1 + (depth + 1) * frameHeight - FRAME_PAD : height - ypad2 - depth * frameHeight;
		rectY.push(bytesOf(`" y="${perlNumber(y1)}" width="`));
		textY.push(bytesOf(`" y="${perlNumber(3 + (y1 + y2) / 2)}">`));
	}
	const heightFill = bytesOf(`" height="${perlNumber(frameHeight - FRAME_PAD)}" fill="`);
	const countName = bytesOf(` ${escapeText(page.countName)}, `);
	const charWidth = fontSize * FONT_WIDTH;
	const randomFill = page.colors.random === true;
	const negate = options.negate ?? false;
	const looks = new Map<string, NameLook>();

	const out = new ByteWriter(frames.length * 200);
	out.text(svgHead(full) + controls(full) + '<g id="frames">\n');
	for (let i = 0; i < frames.length; i++) {
		const depth = frames.depth[i]!;
		const name = frameName(frames, input.stacks, i);
		let look = looks.get(name);
		if (look === undefined) {
			look = nameLook(name, page.colors);
			looks.set(name, look);
		}
		const start = frames.start[i]!;
		const end = frames.end[i]!;
		const x1 = XPAD + start * perCount;
		const x2 = XPAD + end * perCount;
		const span = end - start;
		const samples = Number.isInteger(span) ? span : Number(fixed(span, 0));

		out.bytes(depth === 0 ? ALL : look.tooltip);
		out.uint(samples, true);
		out.bytes(countName);
		if (depth === 0) out.bytes(WHOLE);
		else {
			out.decimal(scaled((100 * samples) / total, 2), 2);
			if (frames.delta !== undefined) {
				const d = negate ? -frames.delta[i]! : frames.delta[i]!;
				out.text(`%; ${d > 0 ? '+' : ''}${fixed((100 * d) / total, 2)}`);
			}
			out.bytes(PERCENT_CLOSE);
		}
		const left = scaled(x1, 1);
		out.bytes(RECT_X);
		out.decimal(left, 1);
		out.bytes(rectY[depth]!);
		out.decimal(scaled(x2, 1) - left, 1);
		out.bytes(heightFill);
		if (look.grey === undefined && frames.delta !== undefined) out.text(deltaColor(frames.delta[i]!, frames.maxDelta, negate) + TEXT_X);
		else if (look.grey === undefined && randomFill) out.text(frameColor(name, page.colors) + TEXT_X);
		else out.bytes(look.fill);
		out.decimal(scaled(x1 + 3, 2), 2);
		out.bytes(textY[depth]!);
		if (depth !== 0) label(out, look, Math.trunc((x2 - x1) / charWidth));
		out.bytes(FRAME_END);
	}
	out.text(`</g>\n<script type="text/ecmascript"><![CDATA[${viewerScript({charWidth, nameType: page.nameType, searchFill: SEARCH_FILL})}]]></script>\n</svg>\n`);
	return out.result();
}

// A frame's markup, around what varies.
const FRAME_START = '<g><title>';
const ALL = bytesOf(`${FRAME_START}all (`);
const WHOLE = bytesOf('100%)');
const PERCENT_CLOSE = bytesOf('%)');
const RECT_X = bytesOf('</title><rect x="');
const TEXT_X = '" rx="2" ry="2"/><text x="';
const FRAME_END = bytesOf('</text></g>\n');
const DOTS = bytesOf('..');

/**
 * x in tenths (digits 1) or hundredths (2), rounded as printf("%.1f") or ("%.2f") rounds
 * it. Far from a tie the float product rounds like the exact value; near one, printf's
 * own rule decides.
 */
function scaled(x: number, digits: 1 | 2): number {
	const scale = digits === 1 ? 10 : 100;
	const product = x * scale;
	const floor = Math.floor(product);
	const fraction = product - floor;
	if (Math.abs(fraction - 0.5) > 1e-6) return fraction < 0.5 ? floor : floor + 1;
	return Math.round(Number(fixed(x, digits)) * scale);
}

interface NameLook {
	/** The display name (annotation stripped), escaped, as UTF-8: the whole label. */
	title: Buffer;
	/** The frame's markup up to its count: its start, the title and " (". */
	tooltip: Buffer;
	display: string;
	/** Characters (code points) in the display name. */
	chars: number;
	/** The fill and the markup after it, up to the label's x. */
	fill: Buffer;
	/** Set for the separators "--" and "-", which stay grey in a differential too. */
	grey?: true;
}

function nameLook(name: string, colors: ColorOptions): NameLook {
	const display = name.replace(ANNOTATION, '');
	const title = escapeText(display);
	const look: NameLook = {
		title: bytesOf(title),
		tooltip: bytesOf(`${FRAME_START}${title} (`),
		display,
		chars: codePoints(display),
		fill: bytesOf(frameColor(name, colors) + TEXT_X),
	};
	if (name === '--' || name === '-') look.grey = true;
	return look;
}

function codePoints(text: string): number {
	let n = text.length;
	for (let i = 0; i < text.length; i++) if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length) n--;
	return n;
}

/** As many characters as fit in `chars`, the last two ".." when cut, as flamegraph.pl labels. */
function label(out: ByteWriter, look: NameLook, chars: number): void {
	if (chars < 3) return;
	if (chars >= look.chars) {
		out.bytes(look.title);
		return;
	}
	const kept = look.chars === look.display.length ? look.display.slice(0, chars - 2) : Array.from(look.display).slice(0, chars - 2).join('');
	out.text(escapeText(kept));
	out.bytes(DOTS);
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

const XML_ESCAPES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;'};
// Control characters, U+FFFE/U+FFFF and lone surrogates are not allowed in XML even as
// character references, so they become U+FFFD. (With the u flag, the surrogate range
// only matches unpaired halves.)
const XML_UNSAFE = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/u;
const XML_UNSAFE_ALL = new RegExp(XML_UNSAFE.source, 'gu');

/** Text for an XML text node (never an attribute: quotes are left as they are). */
function escapeText(text: string): string {
	return XML_UNSAFE.test(text) ? text.replace(XML_UNSAFE_ALL, c => XML_ESCAPES[c] ?? '\uFFFD') : text;
}

function svgHead(page: Page): string {
	const {width, height, fontSize} = page;
	const middle = Math.trunc(width / 2);
	const [from, to] = background(page.colors.palette);
	return [
		'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n',
		`<svg version="1.1" width="${width}" height="${perlNumber(height)}" viewBox="0 0 ${width} ${perlNumber(height)}" xmlns="http://www.w3.org/2000/svg">\n`,
		page.notes === '' ? '' : `<!-- NOTES: ${page.notes} -->\n`,
		`<defs><linearGradient id="background" x1="0" x2="0" y1="0" y2="1"><stop stop-color="${from}" offset="5%"/><stop stop-color="${to}" offset="95%"/></linearGradient></defs>\n`,
		'<style type="text/css">\n',
		`text { font-family: ${escapeText(page.fontType)}; font-size: ${perlNumber(fontSize)}px; fill: black; }\n`,
		`#title { text-anchor: middle; font-size: ${perlNumber(fontSize + 5)}px; }\n`,
		'#subtitle { text-anchor: middle; fill: rgb(160,160,160); }\n',
		'#search, #ignorecase, #unzoom { cursor: pointer; }\n',
		'#search, #ignorecase { opacity: 0.1; }\n',
		'#search:hover, #search.show, #ignorecase:hover, #ignorecase.show { opacity: 1; }\n',
		'#frames > *:hover { stroke: black; stroke-width: 0.5; cursor: pointer; }\n',
		'.hide { display: none; }\n',
		'.parent { opacity: 0.5; }\n',
		'</style>\n',
		`<rect x="0" y="0" width="${width}" height="${perlNumber(height)}" fill="url(#background)"/>\n`,
		`<text id="title" x="${middle}" y="${perlNumber(fontSize * 2)}">${escapeText(page.title)}</text>\n`,
		page.subtitle === '' ? '' : `<text id="subtitle" x="${middle}" y="${perlNumber(fontSize * 4)}">${escapeText(page.subtitle)}</text>\n`,
	].join('');
}

function controls(page: Page): string {
	const top = perlNumber(page.fontSize * 2);
	const bottom = perlNumber(page.height - (page.fontSize * 2 + 10) / 2);
	return [
		`<text id="details" x="${XPAD}" y="${bottom}"> </text>\n`,
		`<text id="unzoom" class="hide" x="${XPAD}" y="${top}">Reset Zoom</text>\n`,
		`<text id="search" x="${page.width - XPAD - 100}" y="${top}">Search</text>\n`,
		`<text id="ignorecase" x="${page.width - XPAD - 16}" y="${top}">ic</text>\n`,
		`<text id="matched" x="${page.width - XPAD - 100}" y="${bottom}"> </text>\n`,
	].join('');
}

function emptySvg(page: Page): string {
	return [
		svgHead(page),
		`<text x="${Math.trunc(page.width / 2)}" y="${perlNumber(page.height - page.fontSize)}" text-anchor="middle">No ${escapeText(page.countName)} to draw</text>\n`,
		'</svg>\n',
	].join('');
}
