import {expect, it} from 'vitest';
import type {FlameCell, FlameRow} from '../../source/models/flame-layout.js';
import type {FlameNode} from '../../source/models/flame-tree.js';
import type {FlameDiff} from '../../source/models/flame-diff.js';
import {cellStyle, flameRowSpans} from '../../tui/widgets/flame-spans.js';
import {dark, light, mixColors, mono} from '../../themes/theme.js';

const node = (name: string, kind: FlameNode['kind']): FlameNode => ({name, kind, value: 1, self: 1, children: [], depth: 1});
const cell = (x: number, width: number, kind: FlameNode['kind'], name = `f${x}`): FlameCell => ({node: node(name, kind), path: [name], x, width, depth: 1, context: false});

it('draws a run of narrow frames of one kind as one styled span', () => {
	const row: FlameRow = {depth: 1, cells: [0, 1, 2, 3, 4].map(x => cell(x, 1, 'kernel'))};
	const selected = cell(99, 1, 'user');
	const spans = flameRowSpans(row, selected, undefined, dark);
	expect(spans).toHaveLength(1);
	expect(spans[0]).toMatchObject({text: '▌▌▌▌▌', style: {color: dark.kernel, inverse: false}});
});

it('starts a new span where the style changes, and keeps blanks and gaps plain', () => {
	const row: FlameRow = {depth: 1, cells: [cell(2, 1, 'kernel'), cell(3, 1, 'user'), cell(4, 6, 'user', 'main')]};
	const spans = flameRowSpans(row, cell(99, 1, 'user'), undefined, dark);
	expect(spans.map(s => [s.text, s.style?.color, s.style?.inverse])).toEqual([
		['  ', undefined, undefined],
		['▌', dark.kernel, false],
		['▌', dark.user, false],
		['main ', dark.user, true],
		[' ', undefined, undefined],
	]);
});

it('marks the selected frame in its own span', () => {
	const frames = [cell(0, 1, 'user'), cell(1, 1, 'user'), cell(2, 1, 'user')];
	const spans = flameRowSpans({depth: 1, cells: frames}, frames[1]!, undefined, dark);
	expect(spans.map(s => [s.text, s.style?.bold])).toEqual([
		['▌', false],
		['▌', true],
		['▌', false],
	]);
});

it('against a baseline colours frames from unchanged to red (grew) or blue (shrank) by their change, in steps', () => {
	const [grew, shrank, half, tiny] = [cell(0, 4, 'user'), cell(4, 4, 'kernel'), cell(8, 4, 'user'), cell(12, 4, 'user')];
	const diff: FlameDiff = {deltas: new Map([[grew.node, 0.2], [shrank.node, -0.2], [half.node, 0.1], [tiny.node, 0.001]]), max: 0.2};
	const colour = (c: FlameCell) => cellStyle(c, false, undefined, light, diff).color;
	expect(colour(grew)).toBe(light.grew);
	expect(colour(shrank)).toBe(light.shrank);
	expect(colour(half)).toBe(mixColors(light.same!, light.grew!, 0.5));
	expect(colour(tiny)).toBe(light.same);
	expect(mixColors('#000000', '#ff8040', 0.5)).toBe('#804020');
});

it('without colour, frames that grew much are bold and frames that shrank much dim', () => {
	const [grew, shrank, same] = [cell(0, 4, 'user'), cell(4, 4, 'user'), cell(8, 4, 'user')];
	const diff: FlameDiff = {deltas: new Map([[grew.node, 0.3], [shrank.node, -0.3], [same.node, 0.01]]), max: 0.3};
	const style = (c: FlameCell) => cellStyle(c, false, undefined, mono, diff);
	expect([style(grew).bold, style(grew).dimColor]).toEqual([true, false]);
	expect([style(shrank).bold, style(shrank).dimColor]).toEqual([false, true]);
	expect([style(same).bold, style(same).dimColor]).toEqual([false, false]);
});
