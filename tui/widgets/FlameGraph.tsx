import {useMemo, useState} from 'react';
import {Box, Text, useInput, type Key} from 'ink';
import type {FlameDiff} from '../../source/models/flame-diff.js';
import {displayName} from '../../source/models/folded-stacks.js';
import {matchedSamples, type FlameNode} from '../../source/models/flame-tree.js';
import {
	clipRows,
	findCell,
	frameMatcher,
	layoutFlame,
	neighbor,
	zoomOut,
	type Direction,
	type FlameCell,
	type FlameLayout,
	type FlamePath,
	type FlameRow,
} from '../../source/models/flame-layout.js';
import {formatCount, signedPercent} from '../../source/models/format-units.js';
import {safeText} from '../../source/safety/terminal-text.js';
import type {Theme} from '../../themes/theme.js';
import {flameRowSpans} from './flame-spans.js';

interface Props {
	root: FlameNode;
	width: number;
	/** Rows available, footer included. */
	height: number;
	theme: Theme;
	/** Icicle (root on top) instead of a flame graph (root at the bottom). */
	inverted?: boolean;
	/** Search text: matching frames are marked and the footer shows their share. */
	highlight?: string;
	/** Whether the graph has the keyboard. */
	active: boolean;
	/** Against a baseline: frames coloured by their change, and the selected one's in the footer. */
	diff?: FlameDiff;
	onZoomChange?(zoom: FlamePath): void;
}

const percent = (part: number, whole: number): string => {
	if (whole <= 0) return '-';
	const p = (part / whole) * 100;
	if (p === 100) return '100%';
	return p > 0 && p < 0.1 ? '<0.1%' : `${p.toFixed(1)}%`;
};

const ARROWS: ReadonlyArray<[keyof Key, Direction]> = [
	['upArrow', 'up'],
	['downArrow', 'down'],
	['leftArrow', 'left'],
	['rightArrow', 'right'],
];

/**
 * A flame graph in text cells, like flamegraph.pl's: arrows move between frames, Enter
 * zooms into the selected frame (or back out to a caller shown as context), Backspace or
 * Delete zooms out one level. Zoom and selection are kept as paths, so they stay put as
 * new samples rebuild the tree.
 */
export function FlameGraph({root, width, height, theme, inverted = false, highlight = '', active, diff, onZoomChange}: Props) {
	const [zoom, setZoom] = useState<FlamePath>([]);
	const [selectedPath, setSelectedPath] = useState<FlamePath>([]);
	const full = useMemo(() => layoutFlame(root, {width, zoom, inverted}), [root, width, zoom, inverted]);
	// One row for the footer, and one for the note when levels or narrow frames are left
	// out, unless that would leave no row for the graph.
	const noted = height >= 3 && (full.rows.length > height - 1 || full.hidden.frames > 0);
	const layout = clipRows(full, height - (noted ? 2 : 1));
	const selected = findCell(layout, selectedPath);
	const search = useMemo(() => frameMatcher(highlight), [highlight]);
	const matches = search?.matches;
	// Nested matches count once: matchedSamples stops at the first matching frame.
	const matched = useMemo(() => (matches ? matchedSamples(root, matches) : 0), [root, matches]);

	const zoomInto = (path: FlamePath, select: FlamePath) => {
		setZoom(path);
		setSelectedPath(select);
		onZoomChange?.(path);
	};

	useInput(
		(_input, key) => {
			const arrow = ARROWS.find(([name]) => key[name]);
			if (arrow) return setSelectedPath(neighbor(layout, selected, arrow[1]).path);
			const current = layout.zoom.path;
			if (key.return && selected.path.length !== current.length) return zoomInto(selected.path, selected.path);
			if ((key.backspace || key.delete) && current.length > 0) zoomInto(zoomOut(current), selected.path);
		},
		{isActive: active},
	);

	if (root.value === 0) return <Text color={theme.dim}>No samples.</Text>;

	const note = noted && <Note layout={layout} theme={theme} />;
	return (
		<Box flexDirection="column" width={width}>
			{!inverted && note}
			{layout.rows.map(row => (
				<Row key={row.depth} row={row} width={width} selected={selected} matches={matches} theme={theme} diff={diff} />
			))}
			{inverted && note}
			<Footer layout={layout} selected={selected} matched={highlight === '' ? undefined : matched} searchNote={search?.note} diff={diff} width={width} theme={theme} />
		</Box>
	);
}

interface RowProps {
	row: FlameRow;
	width: number;
	selected: FlameCell;
	matches: ((name: string) => boolean) | undefined;
	theme: Theme;
	diff: FlameDiff | undefined;
}

function Row({row, width, selected, matches, theme, diff}: RowProps) {
	const spans = flameRowSpans(row, selected, matches, theme, diff);
	return (
		<Box width={width}>
			<Text wrap="truncate">
				{spans.map((span, i) =>
					span.style ? (
						<Text key={i} {...span.style}>
							{span.text}
						</Text>
					) : (
						span.text
					),
				)}
			</Text>
		</Box>
	);
}

function Note({layout, theme}: {layout: FlameLayout; theme: Theme}) {
	const parts: string[] = [];
	if (layout.deeper > 0) parts.push(`${layout.deeper} deeper level${layout.deeper === 1 ? '' : 's'}`);
	if (layout.outer > 0) parts.push(`${layout.outer} outer level${layout.outer === 1 ? '' : 's'}`);
	if (layout.hidden.frames > 0) {
		const {frames, samples} = layout.hidden;
		parts.push(`${frames} frame${frames === 1 ? '' : 's'} too narrow to draw: ${percent(samples, layout.zoom.node.value)} of view`);
	}
	const arrow = layout.deeper > 0 ? (layout.inverted ? '▼ ' : '▲ ') : '';
	return (
		<Text color={theme.dim} wrap="truncate">
			{arrow + parts.join(' · ')}
		</Text>
	);
}

interface FooterProps {
	layout: FlameLayout;
	selected: FlameCell;
	/** Samples in frames matching the search, when there is one. */
	matched: number | undefined;
	/** Why the search is not the regex asked for. */
	searchNote: string | undefined;
	diff: FlameDiff | undefined;
	width: number;
	theme: Theme;
}

/** The selected frame's numbers; its name gets what the numbers leave of the line. */
function Footer({layout, selected, matched, searchNote, diff, width, theme}: FooterProps) {
	const {node} = selected;
	const stats = [
		`${formatCount(node.value)} samples`,
		`${percent(node.value, layout.root.value)} of all`,
		...(selected.context ? [] : [`${percent(node.value, layout.zoom.node.value)} of view`]),
		node.kind,
	];
	if (diff) stats.push(`Δself ${signedPercent(diff.deltas.get(node) ?? 0)} (red grew, blue shrank)`);
	if (matched !== undefined) stats.push(`matched: ${percent(matched, layout.root.value)}`);
	if (searchNote) stats.push(searchNote);
	const tail = '  ' + stats.join('  ');
	const room = Math.max(8, width - tail.length);
	const name = safeText(displayName(node.name));
	return (
		<Text wrap="truncate">
			<Text bold color={theme.accent}>
				{name.length > room ? name.slice(0, room - 1) + '…' : name}
			</Text>
			<Text color={theme.text}>{tail}</Text>
		</Text>
	);
}
