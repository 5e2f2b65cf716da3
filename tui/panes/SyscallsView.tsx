import {useMemo, useState} from 'react';
import {Box, Text, useInput} from 'ink';
import type {PaneViewProps} from '../pane-view.js';
import {formatCount, formatNanos} from '../../source/models/format-units.js';
import {
	groupedRows,
	p99History,
	slowRows,
	sortAt,
	syscallRows,
	tracingCost,
	type GroupedRow,
	type SyscallRow,
} from '../../source/models/syscall-rows.js';
import {unattributedCalls, type SyscallsSample} from '../../source/models/syscalls.js';
import type {Theme} from '../../themes/theme.js';
import {HistogramBars} from '../widgets/HistogramBars.js';
import {Sparkline} from '../widgets/Sparkline.js';
import {Table, type Column} from '../widgets/Table.js';

const pct = (share: number): string => `${(share * 100).toFixed(share < 0.1 ? 2 : 1)}%`;
const rate = (n: number): string => formatCount(n);

const syscallColumns = (width: number): Array<Column<SyscallRow>> => {
	const columns: Array<Column<SyscallRow>> = [
		{title: 'CALLS/s', width: 8, align: 'right', sortKey: 'calls', cell: r => rate(r.callsPerSec)},
		{title: 'ERR/s', width: 7, align: 'right', sortKey: 'errors', cell: r => (r.errors > 0 ? rate(r.errorsPerSec) : '')},
		{title: 'ERRNO', width: 10, cell: r => r.topErrno ?? ''},
		{title: 'TIME/s', width: 8, align: 'right', sortKey: 'total', cell: r => formatNanos(r.wallShare * 1e9)},
		{title: '%WALL', width: 7, align: 'right', cell: r => pct(r.wallShare)},
		{title: 'AVG', width: 8, align: 'right', cell: r => formatNanos(r.avgNs)},
		{title: 'P50', width: 8, align: 'right', cell: r => formatNanos(r.p50Ns)},
		{title: 'P99', width: 8, align: 'right', sortKey: 'p99', cell: r => formatNanos(r.p99Ns)},
		{title: 'MAX', width: 8, align: 'right', sortKey: 'max', cell: r => formatNanos(r.maxNs)},
	];
	const used = columns.reduce((n, c) => n + c.width + 1, 0);
	return [{title: 'SYSCALL', width: Math.max(12, Math.min(24, width - used - 1)), sortKey: 'name', cell: r => r.name}, ...columns];
};

const groupedName = (r: GroupedRow): string =>
	r.kind === 'process' ? `${r.expanded ? '▾' : '▸'} ${r.comm}` : r.kind === 'others' ? `  (${r.processes} other processes)` : `    ${r.name}`;

const groupedColumns = (width: number): Array<Column<GroupedRow>> => {
	const columns: Array<Column<GroupedRow>> = [
		{title: 'PID', width: 8, align: 'right', cell: r => (r.kind === 'process' ? String(r.pid) : '')},
		{title: 'CALLS/s', width: 8, align: 'right', sortKey: 'calls', cell: r => rate(r.callsPerSec)},
		{title: 'TIME/s', width: 8, align: 'right', sortKey: 'total', cell: r => formatNanos(r.wallShare * 1e9)},
		{title: '%WALL', width: 7, align: 'right', cell: r => pct(r.wallShare)},
		{title: 'AVG', width: 8, align: 'right', cell: r => formatNanos(r.avgNs)},
		{title: 'TOP SYSCALL', width: 16, cell: r => (r.kind === 'process' ? (r.topSyscall ?? '') : '')},
	];
	const used = columns.reduce((n, c) => n + c.width + 1, 0);
	return [{title: 'PROCESS', width: Math.max(14, Math.min(30, width - used - 1)), sortKey: 'name', cell: groupedName}, ...columns];
};

function SelectedHistogram({row, sample, history, width, height, theme}: {row: SyscallRow; sample: SyscallsSample; history: readonly SyscallsSample[]; width: number; height: number; theme: Theme}) {
	const sparkWidth = Math.max(10, width - 34);
	const p99s = useMemo(() => p99History(history.slice(-sparkWidth), row.nr), [history, sparkWidth, row.nr]);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				<Text bold color={theme.accent}>{`${row.name} `}</Text>
				<Text color={theme.text}>{`${formatCount(row.calls)} calls in ${sample.durationSec}s  avg ${formatNanos(row.avgNs)}  p50 ${formatNanos(row.p50Ns)}  p99 ${formatNanos(row.p99Ns)}  max ${formatNanos(row.maxNs)}`}</Text>
			</Text>
			<Text wrap="truncate">
				<Text color={theme.dim}>{`p99 over ${p99s.length} intervals `.padEnd(34)}</Text>
				<Sparkline values={p99s} width={sparkWidth} color={theme.accent} />
			</Text>
			<HistogramBars histogram={row.histogram} unit="nsecs" width={width} height={Math.max(2, height - 2)} theme={theme} />
		</Box>
	);
}

function SlowLog({sample, filter, width, height, theme}: {sample: SyscallsSample; filter: string; width: number; height: number; theme: Theme}) {
	const rows = slowRows(sample, filter);
	const columns: Array<Column<(typeof rows)[number]>> = [
		{title: 'TIME', width: 15, cell: r => r.time},
		{title: 'COMM', width: 16, cell: r => r.comm},
		{title: 'PID', width: 8, align: 'right', cell: r => String(r.pid)},
		{title: 'TID', width: 8, align: 'right', cell: r => String(r.tid)},
		{title: 'SYSCALL', width: 18, cell: r => r.name},
		{title: 'DURATION', width: 9, align: 'right', cell: r => formatNanos(r.durationNs)},
		// The rest of the line: the fixed columns, their separators and the header's trailing spaces.
		{title: 'RET', width: Math.max(6, width - 82), cell: r => r.result},
	];
	return (
		<Box flexDirection="column">
			<Text wrap="truncate" color={theme.dim}>
				{`slow calls ≥ ${formatNanos(sample.slowThresholdNs)}: ${sample.slow.length} logged in ${sample.durationSec}s`}
				{sample.slowDropped > 0 ? <Text color={theme.warn}>{`, ${sample.slowDropped} more not logged (past the per-interval cap)`}</Text> : ''}
				{'  (+/-: threshold, l: histogram)'}
			</Text>
			{rows.length === 0 ? (
				<Text color={theme.dim}>none</Text>
			) : (
				<Table columns={columns} rows={rows} rowKey={r => r.key} scroll={0} height={Math.max(2, height - 1)} theme={theme} />
			)}
		</Box>
	);
}

/**
 * The syscall pane: per-syscall (or per-process) table, the selected call's histogram,
 * the slow-call log. Outside strings (comm) are drawn only through Table, which passes
 * every cell through safeText.
 */
export function SyscallsView({sample, history, width, height, theme, filter, sort, scroll, active, toggles, setScrollLimit}: PaneViewProps<SyscallsSample>) {
	const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
	const byProcess = toggles.byProcess ?? false;
	const showLog = toggles.slowLog ?? false;
	const by = sortAt(sort);
	const rows = useMemo(() => (sample ? syscallRows(sample, by, filter) : []), [sample, by, filter]);
	const grouped = useMemo(() => (sample && byProcess ? groupedRows(sample, by, filter, expanded) : []), [sample, byProcess, by, filter, expanded]);
	const cursor = Math.max(0, scroll);
	const selectedGroup = grouped[Math.min(cursor, grouped.length - 1)];

	useInput(
		(_input, key) => {
			if (!key.return || !byProcess || selectedGroup?.kind !== 'process') return;
			const k = selectedGroup.key;
			setExpanded(prev => {
				const next = new Set(prev);
				if (!next.delete(k)) next.add(k);
				return next;
			});
		},
		{isActive: active},
	);

	if (!sample) return <Text color={theme.dim}>Waiting for the first interval of syscalls…</Text>;

	const cost = tracingCost(sample);
	const unattributed = byProcess ? unattributedCalls(sample) : 0;
	// The selected syscall: the cursor's row; in the process table, the syscall under it.
	const selected: SyscallRow | undefined = byProcess
		? selectedGroup?.kind === 'process-syscall'
			? syscallRows(sample, 'total').find(r => r.nr === selectedGroup.nr)
			: undefined
		: rows[Math.min(cursor, rows.length - 1)];
	const body = Math.max(4, height - 2);
	const tableHeight = Math.max(3, Math.ceil(body / 2));
	const lowerHeight = Math.max(2, body - tableHeight);

	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate">
				<Text bold color={theme.accent}>{`${formatCount(cost.callsPerSec)} syscalls/s traced`}</Text>
				<Text color={theme.dim}>{`  tracing costs ~${formatNanos(cost.nsPerCall)} per call (measured) ≈ ${pct(cost.cpuShare)} of one CPU`}</Text>
			</Text>
			<Text wrap="truncate" color={theme.dim}>
				{byProcess ? 'by process (g: by syscall, Enter: expand)' : `${rows.length} syscalls (g: by process)`}
				{unattributed > 0 && <Text color={theme.warn}>{`  ${formatCount(unattributed)} calls in no process: the process map was full`}</Text>}
				{`  sort ${by}  slow ≥ ${formatNanos(sample.slowThresholdNs)} (+/-)  l: ${showLog ? 'histogram' : 'slow-call log'}`}
			</Text>
			{byProcess ? (
				<Table
					columns={groupedColumns(width)}
					rows={grouped}
					rowKey={r => r.key}
					sortKey={by}
					scroll={cursor}
					height={tableHeight}
					theme={theme}
					onScrollLimit={setScrollLimit}
					cursor
				/>
			) : (
				<Table
					columns={syscallColumns(width)}
					rows={rows}
					rowKey={r => r.key}
					sortKey={by}
					scroll={cursor}
					height={tableHeight}
					theme={theme}
					onScrollLimit={setScrollLimit}
					cursor
				/>
			)}
			{showLog ? (
				<SlowLog sample={sample} filter={filter} width={width} height={lowerHeight} theme={theme} />
			) : selected ? (
				<SelectedHistogram row={selected} sample={sample} history={history} width={width} height={lowerHeight} theme={theme} />
			) : (
				<Text color={theme.dim}>{byProcess ? 'Enter on a process lists its syscalls; select one to see its latency histogram (all processes)' : 'no syscalls match'}</Text>
			)}
		</Box>
	);
}
