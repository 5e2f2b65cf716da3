import {expect, it} from 'vitest';
import {rowText, type Column} from '../../tui/widgets/Table.js';

const columns: Column<{n: number; name: string}>[] = [
	{title: 'N', width: 5, align: 'right', cell: r => String(r.n)},
	{title: 'NAME', width: 30, cell: r => r.name},
];

it('does not pad the last column of a row with spaces', () => {
	expect(rowText(columns, {n: 7, name: 'bash'})).toBe('    7 bash');
});

it('pads a selected row to the full width of the table, for its inverse bar', () => {
	expect(rowText(columns, {n: 7, name: 'bash'}, true)).toBe('    7 ' + 'bash'.padEnd(30));
});
