import {useEffect} from 'react';
import {Box, Text} from 'ink';
import {safeText} from '../../source/safety/terminal-text.js';
import type {Theme} from '../../themes/theme.js';

export interface Column<R> {
	title: string;
	width: number;
	align?: 'left' | 'right';
	/** The sort order this column shows, if any: its title is underlined while it sorts. */
	sortKey?: string;
	cell(row: R): string;
}

interface Props<R> {
	columns: ReadonlyArray<Column<R>>;
	rows: readonly R[];
	rowKey(row: R): string;
	/** The current sort order; the column with this sortKey is underlined. */
	sortKey?: string;
	scroll: number;
	height: number;
	theme: Theme;
	/** Told the largest useful scroll, so scrolling past the end stops there. */
	onScrollLimit?(max: number): void;
	/** With a cursor: `scroll` is the selected row, shown inverse, its page on screen. */
	cursor?: boolean;
}

/** A cell's text, made safe for the terminal (cells hold process and function names), cut to its width. */
const fit = (raw: string, width: number, align: 'left' | 'right' = 'left'): string => {
	const text = safeText(raw);
	const cut = text.length > width ? text.slice(0, Math.max(0, width - 1)) + '…' : text;
	return align === 'right' ? cut.padStart(width) : cut.padEnd(width);
};

/**
 * One row's text. A left-aligned last column is not padded: the spaces would only be
 * measured, tokenised and diffed for nothing. A selected row is padded to its full
 * width so its inverse bar spans the table.
 */
export function rowText<R>(columns: ReadonlyArray<Column<R>>, row: R, fill = false): string {
	const text = columns.map(c => fit(c.cell(row), c.width, c.align)).join(' ');
	return fill ? text : text.trimEnd();
}

/** A dense, fixed-width table drawn with one <Text> per row (ink-table cannot load under Ink 6). */
export function Table<R>({columns, rows, rowKey, sortKey, scroll, height, theme, onScrollLimit, cursor = false}: Props<R>) {
	// One row for the header, and one for the position line when the rows overflow.
	const bodyHeight = Math.max(0, rows.length > height - 1 ? height - 2 : height - 1);
	const maxScroll = cursor ? Math.max(0, rows.length - 1) : Math.max(0, rows.length - bodyHeight);
	const position = Math.min(Math.max(0, scroll), maxScroll);
	// A cursor pages like less(1): stateless, and the selected row is always on screen.
	const first = cursor ? Math.floor(position / Math.max(1, bodyHeight)) * bodyHeight : position;
	const shown = rows.slice(first, first + bodyHeight);
	useEffect(() => {
		onScrollLimit?.(maxScroll);
	}, [onScrollLimit, maxScroll]);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				{columns.map(c => (
					<Text key={c.title} bold underline={sortKey !== undefined && c.sortKey === sortKey} color={theme.accent}>
						{fit(c.title, c.width, c.align) + ' '}
					</Text>
				))}
			</Text>
			{shown.map((row, i) => (
				<Text key={rowKey(row)} wrap="truncate" color={theme.text} inverse={cursor && first + i === position}>
					{rowText(columns, row, cursor && first + i === position)}
				</Text>
			))}
			{rows.length > shown.length && shown.length > 0 && (
				<Text color={theme.dim}>{`rows ${first + 1}-${first + shown.length} of ${rows.length}`}</Text>
			)}
		</Box>
	);
}
