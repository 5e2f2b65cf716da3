import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {renderFlameGraphSvg} from '../../source/exporters/flamegraph-svg.js';
import type {FoldedStacks} from '../../source/models/folded-stacks.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flamegraph-svg-test-'));
afterAll(() => fs.rmSync(tmp, {recursive: true, force: true}));

/** Throws with xmllint's message unless the document is well-formed XML. */
function xmllint(svg: string): void {
	const file = path.join(tmp, 'graph.svg');
	fs.writeFileSync(file, svg);
	execFileSync('/usr/bin/xmllint', ['--noout', file], {stdio: 'pipe'});
}

const stacksOf = (lines: Record<string, number>): FoldedStacks => new Map(Object.entries(lines));

/**
 * Just enough of a DOM to read the SVG back and run its script: elements with
 * attributes, element children, parentNode and textContent. The renderer's output has no
 * mixed content, so an element's text is the concatenation of its text pieces.
 */
class FakeElement {
	parentNode: FakeElement | null = null;
	children: FakeElement[] = [];
	private readonly attributes = new Map<string, string>();
	private text = '';

	constructor(readonly tagName: string) {}

	getAttribute(name: string): string | null {
		return this.attributes.get(name) ?? null;
	}

	setAttribute(name: string, value: unknown): void {
		this.attributes.set(name, String(value));
	}

	get textContent(): string {
		return this.text + this.children.map(child => child.textContent).join('');
	}

	set textContent(value: string) {
		this.text = value;
		this.children = [];
	}

	appendText(text: string): void {
		this.text += text;
	}
}

const ENTITIES: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"};
const decode = (text: string): string => text.replace(/&(\w+);/g, (entity, name: string) => ENTITIES[name] ?? entity);

function parseSvg(svg: string): {root: FakeElement; byId: Map<string, FakeElement>} {
	const token = /<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<(\/?)([\w:-]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|([^<]+)/gy;
	const document = new FakeElement('#document');
	const byId = new Map<string, FakeElement>();
	let open = document;
	let parsed = 0;
	for (let m = token.exec(svg); m; m = token.exec(svg)) {
		parsed = token.lastIndex;
		const [, cdata, closing, tag, attributes, selfClosing, text] = m;
		if (cdata !== undefined) open.appendText(cdata);
		else if (text !== undefined) open.appendText(decode(text));
		else if (tag === undefined) continue;
		else if (closing) {
			expect(open.tagName).toBe(tag);
			open = open.parentNode!;
		} else {
			const element = new FakeElement(tag);
			for (const [, name, value] of (attributes ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)) element.setAttribute(name!, decode(value!));
			element.parentNode = open;
			open.children.push(element);
			const id = element.getAttribute('id');
			if (id !== null) byId.set(id, element);
			if (!selfClosing) open = element;
		}
	}
	expect(parsed).toBe(svg.length);
	expect(open).toBe(document);
	return {root: document.children[0]!, byId};
}

interface Frame {
	element: FakeElement;
	tooltip: string;
	x: number;
	y: number;
	width: number;
	fill: string;
	label: string;
	className: string;
}

function framesOf(byId: Map<string, FakeElement>): Frame[] {
	return byId.get('frames')!.children.map(element => {
		const [title, rect, text] = element.children;
		return {
			element,
			tooltip: title!.textContent,
			x: Number(rect!.getAttribute('x')),
			y: Number(rect!.getAttribute('y')),
			width: Number(rect!.getAttribute('width')),
			fill: rect!.getAttribute('fill')!,
			label: text!.textContent,
			className: element.getAttribute('class') ?? '',
		};
	});
}

const frames = (svg: string): Frame[] => framesOf(parseSvg(svg).byId);

/** The frame whose tooltip starts with `name (`. */
function frame(list: Frame[], name: string): Frame {
	const found = list.filter(f => f.tooltip.startsWith(`${name} (`));
	expect(found, name).toHaveLength(1);
	return found[0]!;
}

const rgbOf = (fill: string): number[] => /^rgb\((\d+),(\d+),(\d+)\)$/.exec(fill)!.slice(1).map(Number);

describe('renderFlameGraphSvg', () => {
	const profile = stacksOf({
		'bash;main;read_[k];vfs_read_[k]': 300,
		'bash;main;compute': 900,
		'bash;main': 100,
		'bash;[unknown]': 200,
		'sshd;poll_[k]': 500,
	});

	it('writes well-formed XML with a title, tooltips and one script', () => {
		const svg = renderFlameGraphSvg(profile, {title: 'CPU on web-1', subtitle: 'interval 14:29:28'});
		xmllint(svg);
		const {root, byId} = parseSvg(svg);
		expect(root.tagName).toBe('svg');
		expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
		expect(byId.get('title')!.textContent).toBe('CPU on web-1');
		expect(byId.get('subtitle')!.textContent).toBe('interval 14:29:28');
		expect(byId.get('unzoom')!.textContent).toBe('Reset Zoom');
		expect(byId.get('search')!.textContent).toBe('Search');
		expect(svg.match(/<script\b/g)).toHaveLength(1);
		expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg")/);
	});

	it('gives each frame a tooltip with its count and share, and kernel frames without _[k], callers first', () => {
		const list = frames(renderFlameGraphSvg(profile));
		expect(list.map(f => f.tooltip).sort()).toEqual([
			'[unknown] (200 samples, 10.00%)',
			'all (2,000 samples, 100%)',
			'bash (1,500 samples, 75.00%)',
			'compute (900 samples, 45.00%)',
			'main (1,300 samples, 65.00%)',
			'poll (500 samples, 25.00%)',
			'read (300 samples, 15.00%)',
			'sshd (500 samples, 25.00%)',
			'vfs_read (300 samples, 15.00%)',
		]);
		// The viewer needs each frame's callees after it, up to the next frame at its depth.
		const at = (name: string) => list.findIndex(f => f.tooltip.startsWith(`${name} (`));
		expect(at('all')).toBe(0);
		expect(at('bash')).toBeLessThan(at('main'));
		expect(at('main')).toBeLessThan(at('compute'));
		expect(at('sshd')).toBeLessThan(at('poll'));
		// As flamegraph.pl: counts are whole (1.5 rounds to even), the share is of the rounded count.
		expect(frame(frames(renderFlameGraphSvg(stacksOf({'a;b': 1.5, a: 1}), {countName: 'us'})), 'b').tooltip).toBe('b (2 us, 80.00%)');
	});

	it('makes widths proportional to counts, with own samples left of the callees', () => {
		const list = frames(renderFlameGraphSvg(profile));
		const all = frame(list, 'all');
		expect(all).toMatchObject({x: 10, width: 1180});
		for (const f of list) expect(f.width).toBeCloseTo((1180 * Number(/\(([\d,]+) /.exec(f.tooltip)![1]!.replace(/,/g, ''))) / 2000, 0);
		const main = frame(list, 'main');
		// main has 100 samples of its own: its callees start 59 px (100 of 2000) in.
		expect(frame(list, 'compute').x).toBeCloseTo(main.x + 59, 1);
		expect(frame(list, 'read').x).toBeCloseTo(main.x + 59 + 531, 1);
		// Siblings in name order, each starting where the previous one ends.
		expect(frame(list, '[unknown]').x).toBeCloseTo(frame(list, 'bash').x, 1);
		expect(frame(list, 'main').x).toBeCloseTo(frame(list, '[unknown]').x + frame(list, '[unknown]').width, 1);
		expect(frame(list, 'sshd').x).toBeCloseTo(frame(list, 'bash').x + frame(list, 'bash').width, 1);
	});

	it('draws the root at the bottom, or at the top as an icicle graph', () => {
		const flame = frames(renderFlameGraphSvg(profile));
		expect(Math.max(...flame.map(f => f.y))).toBe(frame(flame, 'all').y);
		expect(frame(flame, 'bash').y).toBe(frame(flame, 'all').y - 16);

		const svg = renderFlameGraphSvg(profile, {inverted: true});
		xmllint(svg);
		expect(parseSvg(svg).byId.get('title')!.textContent).toBe('Icicle Graph');
		const icicle = frames(svg);
		expect(Math.min(...icicle.map(f => f.y))).toBe(frame(icicle, 'all').y);
		expect(frame(icicle, 'vfs_read').y).toBe(frame(icicle, 'all').y + 4 * 16);
		expect(icicle.map(f => [f.tooltip, f.x, f.width])).toEqual(flame.map(f => [f.tooltip, f.x, f.width]));
	});

	it('colours frames by kind, the same name always alike', () => {
		const list = frames(renderFlameGraphSvg(profile));
		for (const name of ['read', 'vfs_read', 'poll']) {
			const [r, g, b] = rgbOf(frame(list, name).fill);
			expect(r).toBeGreaterThanOrEqual(235);
			expect(g).toBeGreaterThanOrEqual(130);
			expect(b).toBeGreaterThanOrEqual(70);
		}
		for (const name of ['bash', 'main', 'compute', 'sshd']) {
			const [r, , b] = rgbOf(frame(list, name).fill);
			expect(r).toBeGreaterThanOrEqual(205);
			expect(b).toBeLessThanOrEqual(55);
		}
		const [r, g, b] = rgbOf(frame(list, '[unknown]').fill);
		expect(r === g && g === b).toBe(true);
		const other = frames(renderFlameGraphSvg(stacksOf({'x;compute': 5, 'y;read_[k]': 1})));
		expect(frame(other, 'compute').fill).toBe(frame(list, 'compute').fill);
		expect(frame(other, 'read').fill).toBe(frame(list, 'read').fill);
	});

	it('cuts labels to fit with "..", and leaves frames too narrow for three characters blank', () => {
		const long = 'a_very_long_function_name_that_cannot_fit_in_a_small_frame';
		const list = frames(renderFlameGraphSvg(stacksOf({[long]: 100, wide: 900, narrow: 2}), {width: 1022}));
		const cut = frame(list, long);
		// 100 of 1002 samples in 1002 px: 100 px hold 14 characters of 7.08 px, the last two "..".
		expect(cut.label).toBe('a_very_long_..');
		expect(cut.label.length).toBe(Math.floor(cut.width / 7.08));
		expect(frame(list, 'wide').label).toBe('wide');
		expect(frame(list, 'narrow').label).toBe('');
		expect(frame(list, 'all').label).toBe('');
	});

	it('escapes hostile names and titles: they stay text, never markup', () => {
		const hostile = ['<script>alert(1)</script>', 'a&b"c\'d', 'x]]>y', '<!--', 'ctl\u0001\u001f', 'half\ud800'];
		const svg = renderFlameGraphSvg(new Map(hostile.map(name => [`main;${name}`, 10] as const)), {
			title: '</text><script>alert(2)</script>',
			subtitle: ']]><x>&',
			countName: '<b>',
		});
		xmllint(svg);
		expect(svg.match(/<script\b/g)).toHaveLength(1);
		expect(svg.match(/<\/script>/g)).toHaveLength(1);
		// The script's CDATA section is the only place "]]>" appears raw.
		expect(svg.split(']]>')).toHaveLength(2);
		expect(svg).not.toContain('<!--');
		expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(svg).toContain('a&amp;b"c\'d');
		const {byId} = parseSvg(svg);
		expect(byId.get('title')!.textContent).toBe('</text><script>alert(2)</script>');
		expect(byId.get('subtitle')!.textContent).toBe(']]><x>&');
		const tooltips = framesOf(byId).map(f => f.tooltip);
		for (const name of ['<script>alert(1)</script>', 'a&b"c\'d', 'x]]>y', '<!--', 'ctl\ufffd\ufffd', 'half\ufffd']) {
			expect(tooltips).toContain(`${name} (10 <b>, 16.67%)`);
		}
		const script = svg.slice(svg.indexOf('<script'), svg.indexOf('</script>'));
		for (const name of ['alert', 'a&b', 'ctl', 'half']) expect(script).not.toContain(name);
	});

	it('counts a label in characters, as perl does, never cutting a surrogate pair', () => {
		// 100 px hold 14 characters: 12 emoji (24 UTF-16 units) then "..".
		const svg = renderFlameGraphSvg(stacksOf({['🔥'.repeat(40)]: 30, rest: 30}), {width: 220});
		xmllint(svg);
		const label = frame(frames(svg), '🔥'.repeat(40)).label;
		expect(label).toBe(`${'🔥'.repeat(12)}..`);
	});

	it('leaves out frames narrower than the minimum width, their samples kept in their parent', () => {
		const stacks = stacksOf({'a;b0': 1, 'a;big': 1000, 'a;big;deep': 500, 'a;tiny;deeper': 1, 'a;z': 1});
		const names = (list: Frame[]) => list.map(f => f.tooltip.split(' ')[0]).sort();
		const all = frames(renderFlameGraphSvg(stacks, {minWidth: {value: 0, unit: 'px'}}));
		expect(names(all)).toEqual(['a', 'all', 'b0', 'big', 'deep', 'deeper', 'tiny', 'z']);

		const list = frames(renderFlameGraphSvg(stacks, {minWidth: {value: 2, unit: 'px'}}));
		expect(names(list)).toEqual(['a', 'all', 'big', 'deep']);
		// The same cut as a share of all samples: 2 px of 1180 is 0.17%.
		expect(names(frames(renderFlameGraphSvg(stacks, {minWidth: {value: 0.17, unit: '%'}})))).toEqual(names(list));
		expect(frame(list, 'a').tooltip).toBe('a (1,503 samples, 100.00%)');
		// big keeps its place right of the dropped b0, as in the full graph.
		expect(frame(list, 'big')).toMatchObject({x: frame(all, 'big').x, width: frame(all, 'big').width});
	});

	it('keeps a frame that is wide only because of many narrow stacks through it', () => {
		const stacks: FoldedStacks = new Map([['a;other', 100_000]]);
		for (let i = 0; i < 2000; i++) stacks.set(`a;shared;leaf${i};more`, 1);
		const list = frames(renderFlameGraphSvg(stacks, {minWidth: {value: 1, unit: 'px'}}));
		expect(frame(list, 'shared').tooltip).toBe('shared (2,000 samples, 1.96%)');
		expect(list.some(f => f.tooltip.startsWith('leaf'))).toBe(false);
		expect(list).toHaveLength(4);
	});

	it('is deterministic: the same stacks in any order give the same bytes', () => {
		const entries = [...profile];
		const svg = renderFlameGraphSvg(profile, {title: 't'});
		expect(renderFlameGraphSvg(new Map(entries), {title: 't'})).toBe(svg);
		expect(renderFlameGraphSvg(new Map(entries.reverse()), {title: 't'})).toBe(svg);
	});

	it('says there are no samples when there are none', () => {
		for (const stacks of [new Map<string, number>(), stacksOf({'a;b': 0})]) {
			const svg = renderFlameGraphSvg(stacks);
			xmllint(svg);
			expect(svg).toContain('No samples to draw');
			expect(svg).not.toContain('<script');
			expect(parseSvg(svg).byId.get('title')!.textContent).toBe('Flame Graph');
		}
	});

	it('rejects a width or minimum width it cannot draw', () => {
		expect(() => renderFlameGraphSvg(profile, {width: 20})).toThrow(RangeError);
		expect(() => renderFlameGraphSvg(profile, {width: Number.NaN})).toThrow(RangeError);
		expect(() => renderFlameGraphSvg(profile, {minWidth: {value: -1, unit: 'px'}})).toThrow(RangeError);
	});
});

describe('the flame graph viewer script', () => {
	type Handler = (event: Record<string, unknown>) => void;

	function open(stacks: FoldedStacks, answer: string | null = null) {
		const svg = renderFlameGraphSvg(stacks);
		const {byId} = parseSvg(svg);
		const handlers = new Map<string, Handler>();
		const window = {
			addEventListener: (type: string, handler: Handler) => handlers.set(type, handler),
			prompt: () => answer,
		};
		const document = {getElementById: (id: string) => byId.get(id) ?? null};
		const script = byId.get('frames')!.parentNode!.children.find(e => e.tagName === 'script')!.textContent;
		new Function('document', 'window', script)(document, window);
		const fire = (type: string, target: FakeElement, extra: Record<string, unknown> = {}) => handlers.get(type)!({target, preventDefault: () => {}, ...extra});
		const original = framesOf(byId);
		return {byId, fire, original, now: () => framesOf(byId), text: (id: string) => byId.get(id)!.textContent};
	}

	const stacks = stacksOf({'main;foo;foo': 30, 'main;foo': 10, 'main;bar;baz': 40, 'other;foo': 20});

	it('zooms a clicked frame to full width, fades its ancestors and hides the rest', () => {
		const viewer = open(stacks);
		const bar = frame(viewer.original, 'bar');
		// A click on the label finds its frame too.
		viewer.fire('click', bar.element.children[2]!);
		const list = viewer.now();
		expect(frame(list, 'bar')).toMatchObject({x: 10, width: 1180, className: '', label: 'bar'});
		expect(frame(list, 'baz')).toMatchObject({x: 10, width: 1180, className: ''});
		for (const name of ['all', 'main']) expect(frame(list, name)).toMatchObject({x: 10, width: 1180, className: 'parent'});
		for (const f of list.filter(f => /^(foo|other) /.test(f.tooltip))) expect(f.className).toBe('hide');
		expect(viewer.byId.get('unzoom')!.getAttribute('class')).toBe('');

		viewer.fire('click', viewer.byId.get('unzoom')!);
		expect(viewer.now().map(({element, ...rest}) => rest)).toEqual(viewer.original.map(({element, ...rest}) => rest));
		expect(viewer.byId.get('unzoom')!.getAttribute('class')).toBe('hide');
	});

	it('scales the descendants of a zoomed frame and relabels them', () => {
		const viewer = open(stacks);
		viewer.fire('click', frame(viewer.original, 'main').element.children[1]!);
		const list = viewer.now();
		const foos = list.filter(f => f.tooltip.startsWith('foo (') && f.className === '');
		// main (80 samples) now spans 1180 px: foo (40, 10 its own) and its foo (30) scale with it.
		expect(foos.map(f => [f.x, f.width])).toEqual([
			[600, 590],
			[600 + 147.5, 442.5],
		]);
		expect(frame(list, 'bar')).toMatchObject({x: 10, width: 590});
		expect(frame(list, 'other').className).toBe('hide');
	});

	it('highlights search matches and counts nested matches once', () => {
		const viewer = open(stacks, '^foo$');
		viewer.fire('click', viewer.byId.get('search')!);
		// foo under main (40, with a nested foo of 30) and foo under other (20): 60 of 100.
		expect(viewer.text('matched')).toBe('Matched: 60.0%');
		expect(viewer.text('search')).toBe('Reset Search');
		const list = viewer.now();
		for (const f of list) expect(f.fill === 'rgb(230,0,230)').toBe(f.tooltip.startsWith('foo ('));

		viewer.fire('click', viewer.byId.get('search')!);
		expect(viewer.now().map(f => f.fill)).toEqual(viewer.original.map(f => f.fill));
		expect(viewer.text('search')).toBe('Search');
	});

	it('finds hostile names by their text, says so when a regex is invalid, and resets on Esc', () => {
		const viewer = open(stacksOf({'main;<script>x</script>': 1, main: 3}), '<script>');
		viewer.fire('keydown', viewer.byId.get('frames')!, {key: 'f', ctrlKey: true});
		expect(viewer.text('matched')).toBe('Matched: 25.0%');
		viewer.fire('click', frame(viewer.original, 'main').element);
		viewer.fire('keydown', viewer.byId.get('frames')!, {key: 'Escape'});
		expect(viewer.now().map(({element, ...rest}) => rest)).toEqual(viewer.original.map(({element, ...rest}) => rest));

		const broken = open(stacks, '(');
		broken.fire('keydown', broken.byId.get('frames')!, {key: 'F3'});
		expect(broken.text('matched')).toBe('Invalid regex');
	});

	it('shows the tooltip of the hovered frame in the details line', () => {
		const viewer = open(stacks);
		viewer.fire('mouseover', frame(viewer.original, 'bar').element.children[1]!);
		expect(viewer.text('details')).toBe('Function: bar (40 samples, 40.00%)');
		viewer.fire('mouseout', frame(viewer.original, 'bar').element.children[1]!);
		expect(viewer.text('details')).toBe(' ');
	});
});
