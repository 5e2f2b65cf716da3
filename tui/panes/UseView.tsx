import {useEffect, useMemo, useState} from 'react';
import {Box, Text, useInput} from 'ink';
import type {PaneViewProps} from '../pane-view.js';
import {USE_COLUMNS, useMatrix, type UseCell, type UseRow} from '../../source/models/use-matrix.js';
import type {UseSample} from '../../source/models/use-sample.js';
import {stateMark} from '../../source/models/use-state-mark.js';
import type {CellState} from '../../source/models/use-thresholds.js';
import {safeText} from '../../source/safety/terminal-text.js';
import type {Theme} from '../../themes/theme.js';
import {Sparkline} from '../widgets/Sparkline.js';

const LABEL = 12;
/** Longest cell text ("12.3MiB/s", "100% psi", "p99 12.0ms"). */
const CELL_TEXT = 11;
const TITLES: Record<(typeof USE_COLUMNS)[number], string> = {utilization: 'UTILIZATION', saturation: 'SATURATION', errors: 'ERRORS'};
/** Header, column titles, and below the matrix: the folded note, the cell's figures, its jump. */
const CHROME_ROWS = 5;

/** Colour on top of the marks, never instead of them: the mono theme keeps marks and bold. */
function stateStyle(state: CellState, theme: Theme): {color: string | undefined; bold: boolean; dimColor: boolean} {
	switch (state) {
		case 'bad':
			return {color: theme.error, bold: true, dimColor: false};
		case 'warn':
			return {color: theme.warn, bold: !theme.color, dimColor: false};
		case 'na':
			return {color: theme.dim, bold: false, dimColor: !theme.color};
		default:
			return {color: theme.text, bold: false, dimColor: false};
	}
}

const fit = (text: string, width: number): string => (text.length > width ? text.slice(0, Math.max(0, width - 1)) + '…' : text.padEnd(width));

function Cell({cell, width, selected, theme}: {cell: UseCell; width: number; selected: boolean; theme: Theme}) {
	const style = stateStyle(cell.state, theme);
	// The value, then its sparkline right after it, then padding to the column's width.
	const textWidth = Math.min(CELL_TEXT, width - 2);
	const sparkWidth = Math.max(0, Math.min(cell.history.length, width - 3 - textWidth));
	return (
		<Text>
			<Text {...style} inverse={selected}>
				{stateMark(cell.state) + fit(cell.text, textWidth)}
			</Text>
			{sparkWidth > 0 && (
				<>
					<Text> </Text>
					<Sparkline values={cell.history} width={sparkWidth} color={style.color} maximum={cell.scaleMax} />
				</>
			)}
			{' '.repeat(Math.max(0, width - 2 - textWidth - sparkWidth - (sparkWidth > 0 ? 1 : 0)))}
		</Text>
	);
}

/** The USE method on one screen: utilization, saturation and errors of every resource. */
export function UseView({sample, history, width, height, theme, filter, sort, scroll, active, toggles, setScrollLimit, navigate}: PaneViewProps<UseSample>) {
	const [column, setColumn] = useState(0);
	const cellWidth = Math.max(14, Math.floor((width - LABEL - 1) / 3) - 1);
	const matrix = useMemo(
		() =>
			sample
				? useMatrix(sample, history, {perCpu: toggles.perCpu ?? false, all: toggles.all ?? false, filter, sort, historyLength: Math.max(1, cellWidth - 3 - CELL_TEXT)})
				: undefined,
		[sample, history, toggles.perCpu, toggles.all, filter, sort, cellWidth],
	);
	const rows = matrix?.rows ?? [];
	const cursor = Math.min(Math.max(0, scroll), Math.max(0, rows.length - 1));
	const selectedRow: UseRow | undefined = rows[cursor];
	const selected = selectedRow?.cells[column];

	useEffect(() => {
		setScrollLimit(Math.max(0, rows.length - 1));
	}, [rows.length, setScrollLimit]);

	useInput(
		(_input, key) => {
			if (key.leftArrow) setColumn(c => Math.max(0, c - 1));
			else if (key.rightArrow) setColumn(c => Math.min(USE_COLUMNS.length - 1, c + 1));
			else if (key.return && selected?.target && navigate) {
				const {pane, filter: paneFilter, toggles: paneToggles} = selected.target;
				navigate(pane, {filter: paneFilter, toggles: paneToggles});
			}
		},
		{isActive: active},
	);

	if (!sample || !matrix) {
		return (
			<Text color={theme.dim} wrap="wrap">
				Waiting for the first two readings of /proc (rates need two)… A recording made before the USE pane has none.
			</Text>
		);
	}

	// Pages like less(1), so the cursor row is always on screen.
	const body = Math.max(1, height - CHROME_ROWS);
	const first = Math.floor(cursor / body) * body;
	const shown = rows.slice(first, first + body);
	const notes = [
		matrix.folded > 0 && !toggles.all ? `${matrix.folded} virtual or idle devices folded (a: all)` : '',
		rows.length > shown.length ? `rows ${first + 1}-${first + shown.length} of ${rows.length}` : '',
		toggles.perCpu ? 'c: CPUs together' : 'c: per CPU',
	].filter(n => n !== '');
	const target = selected?.target;

	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate" color={theme.dim}>
				{`USE over ${sample.durationSec.toFixed(1)}s   marks: !! bad  ! warn  - n/a   arrows: cell  Enter: explain`}
			</Text>
			<Text wrap="truncate">
				<Text bold color={theme.accent}>
					{fit('RESOURCE', LABEL) + ' '}
				</Text>
				{USE_COLUMNS.map(c => (
					<Text key={c} bold color={theme.accent}>
						{fit(TITLES[c], cellWidth) + ' '}
					</Text>
				))}
			</Text>
			{shown.map((r, i) => (
				<Text key={r.id} wrap="truncate">
					<Text bold={first + i === cursor} color={theme.text}>
						{fit(safeText(r.label), LABEL) + ' '}
					</Text>
					{r.cells.map((cell, c) => (
						<Text key={cell.column}>
							<Cell cell={cell} width={cellWidth} selected={first + i === cursor && c === column} theme={theme} />
							<Text> </Text>
						</Text>
					))}
				</Text>
			))}
			{rows.length === 0 && <Text color={theme.dim}>{`no resource matches "${safeText(filter)}"`}</Text>}
			<Text wrap="truncate" color={theme.dim}>
				{notes.join('   ')}
			</Text>
			{selectedRow && selected && (
				<Text wrap="truncate" color={theme.text}>
					<Text bold>{`${safeText(selectedRow.label)} ${selected.column}: `}</Text>
					{safeText(selected.detail)}
				</Text>
			)}
			{selected && (
				<Text wrap="truncate" color={target ? theme.accent : theme.dim}>
					{target
						? `Enter → ${target.pane}${target.filter ? ` (filter ${safeText(target.filter)})` : ''}: ${target.why}`
						: 'no pane explains this cell yet'}
				</Text>
			)}
		</Box>
	);
}
