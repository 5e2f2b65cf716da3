import {stripVTControlCharacters} from 'node:util';
import {afterEach, describe, expect, it} from 'vitest';
import {Table, type Column} from '../../tui/widgets/Table.js';
import {mono} from '../../themes/theme.js';
import {cleanupApps, renderTree, withColour} from './harness.js';

afterEach(cleanupApps);

interface Row {
	id: number;
	name: string;
}

const columns: Array<Column<Row>> = [
	{title: 'ID', width: 4, align: 'right', cell: r => String(r.id)},
	{title: 'NAME', width: 8, cell: r => r.name},
];

const makeRows = (n: number): Row[] => Array.from({length: n}, (_, i) => ({id: i + 1, name: `row${i + 1}`}));

async function draw(rows: Row[], height: number, scroll = 0) {
	const r = await renderTree(<Table columns={columns} rows={rows} rowKey={row => String(row.id)} scroll={scroll} height={height} theme={mono} />);
	return r.frame().split('\n');
}

/** The ids of the body rows shown. */
const ids = (lines: string[]) =>
	lines
		.map(l => /^ +(\d+) row\d+/.exec(l)?.[1])
		.filter((id): id is string => id !== undefined)
		.map(Number);

describe('Table', () => {
	it('draws a header and every row when they fit, with no position line', async () => {
		const lines = await draw(makeRows(3), 10);
		expect(lines[0]).toMatch(/^ {2}ID NAME/);
		expect(lines[1]).toBe('   1 row1');
		expect(ids(lines)).toEqual([1, 2, 3]);
		expect(lines.join('\n')).not.toContain('rows ');
	});

	it('fills the height exactly without a position line', async () => {
		const lines = await draw(makeRows(4), 5);
		expect(ids(lines)).toEqual([1, 2, 3, 4]);
		expect(lines.join('\n')).not.toContain(' of ');
	});

	it('shows "rows a-b of n" when the rows overflow', async () => {
		const lines = await draw(makeRows(10), 5);
		// Header, 3 rows, position line.
		expect(lines).toHaveLength(5);
		expect(ids(lines)).toEqual([1, 2, 3]);
		expect(lines.at(-1)).toBe('rows 1-3 of 10');
	});

	it('scrolls, and clamps the scroll to the last page', async () => {
		let lines = await draw(makeRows(10), 5, 4);
		expect(ids(lines)).toEqual([5, 6, 7]);
		expect(lines.at(-1)).toBe('rows 5-7 of 10');
		lines = await draw(makeRows(10), 5, 1000);
		expect(ids(lines)).toEqual([8, 9, 10]);
		expect(lines.at(-1)).toBe('rows 8-10 of 10');
		lines = await draw(makeRows(10), 5, -3);
		expect(lines.at(-1)).toBe('rows 1-3 of 10');
	});

	it('ignores scroll when everything fits', async () => {
		const lines = await draw(makeRows(3), 10, 2);
		expect(ids(lines)).toEqual([1, 2, 3]);
	});

	it('cuts long cells with an ellipsis and aligns right-aligned columns', async () => {
		const lines = await draw([{id: 7, name: 'averyverylongname'}], 5);
		expect(lines[1]).toBe('   7 averyve…');
	});
});

describe('sorted column', () => {
	withColour();

	const sortable: Array<Column<Row>> = [
		{title: 'ID', width: 4, align: 'right', sortKey: 'id', cell: r => String(r.id)},
		{title: 'NAME', width: 8, sortKey: 'name', cell: r => r.name},
	];
	const UNDERLINE = '\u001B[4m';

	it('underlines the title of the column whose sortKey is the current sort', async () => {
		for (const [key, title] of [
			['id', '  ID'],
			['name', 'NAME'],
		] as const) {
			const r = await renderTree(<Table columns={sortable} rows={makeRows(2)} rowKey={row => String(row.id)} sortKey={key} scroll={0} height={5} theme={mono} />);
			const header = (r.lastFrame() ?? '').split('\n')[0]!;
			expect(header.split(UNDERLINE)).toHaveLength(2);
			const underlined = stripVTControlCharacters(header.slice(header.indexOf(UNDERLINE), header.indexOf('\u001B[24m')));
			expect(underlined.trim()).toBe(title.trim());
		}
	});
});
