import React, {useEffect, useMemo, useState} from 'react';
import {Box, Text, useInput} from 'ink';
import {diffFlame} from '../../source/models/flame-diff.js';
import {buildFlameTree} from '../../source/models/flame-tree.js';
import {formatCount, formatMicros, signedPercent} from '../../source/models/format-units.js';
import {functionChanges, type FunctionChange} from '../../source/models/profile-diff.js';
import {
	callersAndCallees,
	functionRows,
	droppedSamples,
	mergeProfile,
	PROFILE_SORTS,
	summarizeProfile,
	toFolded,
	totalCount,
	type FrameFilter,
	type FunctionRow,
	type ProfileSample,
	type ProfileStack,
	type ProfileSummary,
} from '../../source/models/profile.js';
import {safeText} from '../../source/safety/terminal-text.js';
import type {Theme} from '../../themes/theme.js';
import type {PaneViewProps} from '../pane-view.js';
import {FlameGraph} from '../widgets/FlameGraph.js';
import {Table, type Column} from '../widgets/Table.js';

const dropped = droppedSamples;
const pct = (n: number, of: number): string => (of === 0 ? '-' : `${((100 * n) / of).toFixed(1)}%`);

/** Most [unknown] user frames means no frame pointers: say so, once, where it matters. */
const UNKNOWN_HINT_SHARE = 0.5;

interface Mode {
	offCpu: boolean;
	filter: FrameFilter;
	byProcess: boolean;
}

/** `change`: each row against the baseline, when one is marked. */
function columnsFor(mode: Mode, total: number, width: number, change: ((r: FunctionRow) => FunctionChange) | undefined): Array<Column<FunctionRow>> {
	const value = (n: number) => (mode.offCpu ? formatMicros(n) : formatCount(n));
	const columns: Array<Column<FunctionRow>> = [
		{title: 'SELF', width: 7, align: 'right', sortKey: 'self', cell: r => pct(r.self, total)},
		{title: 'TOTAL', width: 7, align: 'right', sortKey: 'total', cell: r => pct(r.total, total)},
		{title: mode.offCpu ? 'SELF TIME' : 'SAMPLES', width: 9, align: 'right', cell: r => value(r.self)},
		{title: '', width: 3, cell: r => (r.kernel ? '[k]' : '')},
	];
	if (change) {
		columns.splice(
			2,
			0,
			{title: 'ΔSELF', width: 7, align: 'right', cell: r => signedPercent(change(r).self)},
			{title: 'ΔTOTAL', width: 7, align: 'right', cell: r => signedPercent(change(r).total)},
		);
	}
	if (mode.byProcess) columns.push({title: 'PROCESS', width: 18, cell: r => `${r.process!.comm}/${r.process!.pid}`});
	const used = columns.reduce((n, c) => n + c.width + 1, 0);
	const moduleWidth = Math.min(24, Math.max(8, Math.floor((width - used) / 4)));
	columns.push({title: 'FUNCTION', width: Math.max(10, width - used - moduleWidth - 1), sortKey: 'name', cell: r => r.name});
	columns.push({title: 'MODULE', width: moduleWidth, cell: r => r.module});
	return columns;
}

interface HeaderProps {
	sample: ProfileSample;
	summary: ProfileSummary;
	stacks: readonly ProfileStack[];
	/** Sum over `stacks`: off-CPU microseconds in the off-CPU view. */
	total: number;
	mode: Mode;
	theme: Theme;
}

function Header({sample, summary: s, stacks, total, mode, theme}: HeaderProps) {
	if (mode.offCpu) {
		return (
			<Text wrap="truncate" color={theme.text}>
				{`off-CPU ${formatMicros(total)} blocked in ${sample.durationSec}s across ${new Set(stacks.map(s => s.pid)).size} processes  `}
				<Text color={theme.warn}>(off-CPU collector runs while this view is shown; it costs more than sampling)</Text>
			</Text>
		);
	}
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				<Text bold color={theme.accent}>{`${formatCount(s.perSecond)} samples/s  `}</Text>
				<Text color={theme.kernel}>{`kernel ${pct(s.kernel, 1)}  `}</Text>
				<Text color={theme.user}>{`user ${pct(s.user, 1)}  `}</Text>
				<Text color={theme.dim}>{`idle ${pct(s.idle, 1)}  unknown user frames ${pct(s.unknownUser, 1)}`}</Text>
			</Text>
			{dropped(sample) > 0 && (
				<Text wrap="truncate" color={theme.error}>
					{`${formatCount(dropped(sample))} samples dropped (${pct(dropped(sample), sample.sampled ?? 1)}): more distinct stacks than the stack map holds`}
				</Text>
			)}
			{s.unknownUser > UNKNOWN_HINT_SHARE && (
				<Text wrap="truncate" color={theme.warn}>
					user stacks are mostly [unknown]: binaries built without frame pointers (-fno-omit-frame-pointer) cannot be walked
				</Text>
			)}
		</Box>
	);
}

function Detail({row, stacks, mode, width, height, theme}: {row: FunctionRow; stacks: readonly ProfileStack[]; mode: Mode; width: number; height: number; theme: Theme}) {
	const {callers, callees, total} = callersAndCallees(stacks, row, mode.filter);
	const half = Math.max(2, Math.floor((height - 3) / 2));
	const line = (n: {name: string; kernel: boolean; count: number}) => (
		<Text key={`${n.kernel}${n.name}`} wrap="truncate" color={theme.text}>
			{`  ${pct(n.count, total).padStart(7)}  ${n.kernel ? '[k] ' : ''}${safeText(n.name)}`.slice(0, width)}
		</Text>
	);
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate" color={theme.accent}>{`${row.kernel ? '[k] ' : ''}${safeText(row.name)}  (Enter: back)`}</Text>
			<Text bold color={theme.dim}>callers</Text>
			{callers.slice(0, half).map(line)}
			<Text bold color={theme.dim}>callees</Text>
			{callees.slice(0, half).map(line)}
		</Box>
	);
}

/** The profile pane: hottest functions (perf top), callers/callees, flame graph, off-CPU. */
export function ProfileView({sample, history, baseline, width, height, theme, filter, sort, scroll, active, toggles, setScrollLimit}: PaneViewProps<ProfileSample>) {
	const [detail, setDetail] = useState<FunctionRow | null>(null);
	const mode: Mode = {
		offCpu: toggles.offCpu ?? false,
		filter: {kernel: !toggles.hideKernel, user: !toggles.hideUser},
		byProcess: toggles.byProcess ?? false,
	};
	const shown = useMemo(() => (toggles.all && history.length > 1 ? mergeProfile(history) : sample), [toggles.all, history, sample]);
	const stacks = shown ? (mode.offCpu ? shown.offCpu : shown.onCpu) : [];
	const summary = useMemo(() => (shown ? summarizeProfile(shown) : undefined), [shown]);
	const total = useMemo(() => totalCount(stacks), [stacks]);
	const by = PROFILE_SORTS[sort % PROFILE_SORTS.length]!;
	const rows = useMemo(
		() => functionRows(stacks, mode.filter, mode.byProcess, filter, by),
		[stacks, mode.filter.kernel, mode.filter.user, mode.byProcess, filter, by],
	);
	const selected = rows[Math.min(scroll, rows.length - 1)];
	const tree = useMemo(
		() => (toggles.flame ? buildFlameTree(toFolded(stacks, mode.filter)) : undefined),
		[toggles.flame, stacks, mode.filter.kernel, mode.filter.user],
	);
	const baseStacks = baseline ? (mode.offCpu ? baseline.offCpu : baseline.onCpu) : undefined;
	const change = useMemo(
		() => (baseStacks && !toggles.flame ? functionChanges(stacks, baseStacks, mode.filter, mode.byProcess) : undefined),
		[baseStacks, toggles.flame, stacks, mode.filter.kernel, mode.filter.user, mode.byProcess],
	);
	const diff = useMemo(
		() => (baseStacks && tree ? diffFlame(tree, buildFlameTree(toFolded(baseStacks, mode.filter))) : undefined),
		[baseStacks, tree],
	);

	useEffect(() => {
		// The flame graph moves with the arrows itself; nothing to scroll.
		if (toggles.flame) setScrollLimit(0);
	}, [toggles.flame, setScrollLimit]);

	useInput(
		(_input, key) => {
			if (toggles.flame) return;
			if (key.return) setDetail(d => (d ? null : (selected ?? null)));
			else if (key.backspace || key.delete) setDetail(null);
		},
		{isActive: active},
	);

	if (!shown || !summary) {
		return <Text color={theme.dim}>Waiting for the first interval of stack samples…</Text>;
	}
	if (mode.offCpu && stacks.length === 0) {
		return (
			<Box flexDirection="column">
				<Header sample={shown} summary={summary} stacks={stacks} total={total} mode={mode} theme={theme} />
				<Text color={theme.dim}>Waiting for off-CPU stacks (the collector starts when this view opens)…</Text>
			</Box>
		);
	}
	const headerRows = mode.offCpu ? 1 : 1 + (summary.unknownUser > UNKNOWN_HINT_SHARE ? 1 : 0) + (dropped(shown) > 0 ? 1 : 0);
	const bodyHeight = Math.max(3, height - headerRows);

	let body: React.ReactNode;
	if (tree) {
		body = <FlameGraph root={tree} width={width} height={bodyHeight} theme={theme} inverted={toggles.icicle ?? false} highlight={filter} active={active} diff={diff} />;
	} else if (detail) {
		body = <Detail row={detail} stacks={stacks} mode={mode} width={width} height={bodyHeight} theme={theme} />;
	} else {
		const columns = columnsFor(mode, total, width, change);
		body = (
			<Table
				columns={columns}
				rows={rows}
				rowKey={r => `${r.process?.pid ?? ''}/${r.kernel ? 'k' : 'u'}/${r.name}/${r.module}`}
				sortKey={by}
				scroll={scroll}
				height={bodyHeight}
				theme={theme}
				onScrollLimit={setScrollLimit}
				cursor
			/>
		);
	}
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Header sample={shown} summary={summary} stacks={stacks} total={total} mode={mode} theme={theme} />
			{body}
		</Box>
	);
}
