import {useMemo, useState} from 'react';
import {Box, Text, useInput} from 'ink';
import type {PaneViewProps} from '../pane-view.js';
import type {BioSample} from '../../source/models/bio.js';
import {
	allDeviceRows,
	bioDeviceRows,
	bioProcessRows,
	bioSlowRows,
	deviceP99History,
	sortKeyOf,
	type BioDeviceRow,
	type BioProcessRow,
} from '../../source/models/bio-rows.js';
import type {SlowIo} from '../../source/models/bio-slow.js';
import {safeText} from '../../source/safety/terminal-text.js';
import {formatBytes, formatCount, formatMicros} from '../../source/models/format-units.js';
import {summarize, type Histogram} from '../../source/models/log2-histogram.js';
import {HistogramBars} from '../widgets/HistogramBars.js';
import {Sparkline} from '../widgets/Sparkline.js';
import {Table, type Column} from '../widgets/Table.js';
import type {Theme} from '../../themes/theme.js';

/** Width one histogram needs to be readable (label, count and a short bar). */
const PANEL_WIDTH = 46;
/** What the slow-log threshold is when the recording does not say (the option's default). */
const DEFAULT_SLOW_US = 10_000;

const rate = (perSec: number): string => (perSec === 0 ? '0' : perSec < 10 ? perSec.toFixed(1) : formatCount(perSec));
const throughput = (bytesPerSec: number): string => (bytesPerSec === 0 ? '0' : `${formatBytes(bytesPerSec)}/s`);

const deviceColumns: ReadonlyArray<Column<BioDeviceRow>> = [
	{title: 'DEVICE', width: 12, sortKey: 'name', cell: r => safeText(r.name)},
	{title: 'R/S', width: 7, align: 'right', sortKey: 'io', cell: r => rate(r.readsPerSec)},
	{title: 'W/S', width: 7, align: 'right', cell: r => rate(r.writesPerSec)},
	{title: 'READ', width: 11, align: 'right', sortKey: 'throughput', cell: r => throughput(r.readBytesPerSec)},
	{title: 'WRITE', width: 11, align: 'right', cell: r => throughput(r.writeBytesPerSec)},
	{title: 'AVG', width: 8, align: 'right', cell: r => formatMicros(r.avgUs)},
	{title: 'P50', width: 8, align: 'right', cell: r => formatMicros(r.p50Us)},
	{title: 'P99', width: 8, align: 'right', sortKey: 'p99', cell: r => formatMicros(r.p99Us)},
	{title: 'MAX', width: 8, align: 'right', cell: r => formatMicros(r.maxUs)},
	{title: 'AVG SIZE', width: 9, align: 'right', cell: r => (r.avgBytes === null ? '-' : formatBytes(r.avgBytes))},
	{title: 'INFLIGHT', width: 8, align: 'right', cell: r => (r.inflight === null ? '-' : String(r.inflight))},
];

const processColumns: ReadonlyArray<Column<BioProcessRow>> = [
	{title: 'PID', width: 8, align: 'right', cell: r => (r.pid === null ? '' : String(r.pid))},
	{title: 'COMM', width: 16, cell: r => safeText(r.comm)},
	{title: 'DISKS', width: 12, cell: r => safeText(r.disks.join(','))},
	{title: 'READS', width: 7, align: 'right', cell: r => String(r.reads)},
	{title: 'WRITES', width: 7, align: 'right', cell: r => String(r.writes)},
	{title: 'READ', width: 10, align: 'right', cell: r => formatBytes(r.readBytes)},
	{title: 'WRITE', width: 10, align: 'right', cell: r => formatBytes(r.writeBytes)},
	{title: 'AVG', width: 8, align: 'right', cell: r => formatMicros(r.avgUs)},
];

function slowColumns(sample: BioSample): ReadonlyArray<Column<SlowIo>> {
	const name = (key: string | null): string => (key === null ? '' : safeText(sample.names[key]?.name ?? key));
	return [
		{title: 'TIME', width: 15, cell: r => r.time},
		{title: 'DEVICE', width: 10, cell: r => name(r.part ?? r.dev)},
		{title: 'T', width: 1, cell: r => r.direction[0]!.toUpperCase()},
		{title: 'SECTOR', width: 12, align: 'right', cell: r => String(r.sector)},
		{title: 'SIZE', width: 9, align: 'right', cell: r => formatBytes(r.bytes)},
		{title: 'LAT', width: 8, align: 'right', cell: r => formatMicros(r.us)},
		{title: 'QUEUE', width: 8, align: 'right', cell: r => formatMicros(r.queueUs)},
		{title: 'PID', width: 8, align: 'right', cell: r => String(r.pid)},
		{title: 'COMM', width: 16, cell: r => safeText(r.comm)},
	];
}

/**
 * Block I/O (biolatency + biotop + biosnoop): a table of devices, the selected one's
 * histograms below it; `g` processes, `l` the slow-I/O log, `P` partitions apart.
 */
export function BioView({sample, history, width, height, theme, filter, sort, scroll, active, toggles, setScrollLimit}: PaneViewProps<BioSample>) {
	const partitions = toggles.partitions ?? false;
	const processes = toggles.processes ?? false;
	const slowLog = toggles.slowLog ?? false;
	const floorUs = sample?.slowUs ?? DEFAULT_SLOW_US;
	// `+`/`-` move the log's threshold by factors of two, never below what the collector logged.
	const [shownUs, setShownUs] = useState<number | null>(null);
	const thresholdUs = Math.max(floorUs, shownUs ?? floorUs);
	useInput(
		input => {
			if (input === '+') setShownUs(Math.max(floorUs, thresholdUs) * 2 || 1000);
			if (input === '-') setShownUs(Math.max(floorUs, Math.floor(thresholdUs / 2)));
		},
		{isActive: active && slowLog},
	);

	const rows = useMemo(() => (sample ? bioDeviceRows(sample, {partitions, filter, sort}) : []), [sample, partitions, filter, sort]);
	const selected = rows[Math.min(scroll, rows.length - 1)];
	const sparkWidth = Math.max(10, width - 34);
	const p99History = useMemo(
		() => (selected ? deviceP99History(history.slice(-sparkWidth), selected.key, partitions) : []),
		[history, selected?.key, partitions, sparkWidth],
	);

	if (!sample) return <Text color={theme.dim}>Waiting for the first interval of block I/O…</Text>;

	const disks = allDeviceRows(sample, false);
	const sum = (f: (r: BioDeviceRow) => number): number => disks.reduce((n, r) => n + f(r), 0);
	const losses = [
		sample.evicted > 0 ? `${sample.evicted} evicted` : '',
		sample.untracked > 0 ? `${sample.untracked} untracked` : '',
	].filter(Boolean);

	const header = (
		<Text wrap="truncate">
			<Text bold color={theme.accent}>r/s </Text>
			<Text color={theme.text}>{rate(sum(r => r.readsPerSec)).padEnd(7)}</Text>
			<Text bold color={theme.accent}>w/s </Text>
			<Text color={theme.text}>{rate(sum(r => r.writesPerSec)).padEnd(7)}</Text>
			<Text bold color={theme.accent}>read </Text>
			<Text color={theme.text}>{throughput(sum(r => r.readBytesPerSec)).padEnd(12)}</Text>
			<Text bold color={theme.accent}>write </Text>
			<Text color={theme.text}>{throughput(sum(r => r.writeBytesPerSec)).padEnd(12)}</Text>
			<Text bold color={theme.accent}>slow </Text>
			<Text color={theme.text}>{`${sample.slow.length + sample.slowDropped} ≥ ${formatMicros(floorUs)}`.padEnd(14)}</Text>
			<Text color={losses.length > 0 ? theme.warn : theme.dim}>{losses.join(', ')}</Text>
		</Text>
	);

	if (slowLog) {
		const slow = bioSlowRows(sample, thresholdUs, filter);
		return (
			<Box flexDirection="column" width={width} height={height}>
				{header}
				<Text color={theme.dim} wrap="truncate">
					{`slow I/Os ≥ ${formatMicros(thresholdUs)} (+/- threshold, collector logs ≥ ${formatMicros(floorUs)}): ${slow.length} shown` +
						(sample.slowDropped > 0 ? `, ${sample.slowDropped} more not logged (cap per interval)` : '') +
						' · l: devices'}
				</Text>
				<Table
					columns={slowColumns(sample)}
					rows={slow}
					rowKey={r => `${r.time}|${r.dev}|${r.sector}|${r.pid}`}
					scroll={scroll}
					height={height - 2}
					theme={theme}
					onScrollLimit={setScrollLimit}
				/>
			</Box>
		);
	}

	if (processes) {
		const procs = bioProcessRows(sample, filter);
		return (
			<Box flexDirection="column" width={width} height={height}>
				{header}
				<Text color={theme.dim} wrap="truncate">
					processes by bytes (pid and comm at issue: writeback shows as kernel threads) · g: devices
				</Text>
				<Table
					columns={processColumns}
					rows={procs}
					rowKey={r => `${r.pid ?? 'others'}|${r.comm}`}
					scroll={scroll}
					height={height - 2}
					theme={theme}
					onScrollLimit={setScrollLimit}
				/>
			</Box>
		);
	}

	const tableHeight = Math.min(rows.length + 1, Math.max(3, Math.floor((height - 3) / 3)));
	const detailHeight = height - 3 - tableHeight - 1;
	return (
		<Box flexDirection="column" width={width} height={height}>
			{header}
			<Text wrap="truncate">
				<Text color={theme.dim}>{`${selected ? safeText(selected.name) : '-'} p99 over ${history.length} intervals `.padEnd(34)}</Text>
				<Sparkline values={p99History} width={sparkWidth} color={theme.accent} />
			</Text>
			<Text color={theme.dim} wrap="truncate">
				{`${partitions ? 'partitions apart (P: roll up)' : 'disks (P: partitions apart)'} · ↑↓ select · g processes · l slow log`}
			</Text>
			{rows.length === 0 ? (
				<Text color={theme.dim}>{filter ? `No device matches "${safeText(filter)}".` : 'No block I/O in this interval.'}</Text>
			) : (
				<Table
					columns={deviceColumns}
					rows={rows}
					rowKey={r => r.key}
					sortKey={sortKeyOf(sort)}
					scroll={scroll}
					height={tableHeight}
					theme={theme}
					onScrollLimit={setScrollLimit}
					cursor
				/>
			)}
			{selected && detailHeight >= 4 && <DeviceDetail row={selected} width={width} height={detailHeight} theme={theme} />}
		</Box>
	);
}

function DeviceDetail({row, width, height, theme}: {row: BioDeviceRow; width: number; height: number; theme: Theme}) {
	const q = summarize(row.queue);
	const d = summarize(row.device);
	const panels: Array<{title: string; unit: string; histogram: Histogram}> = [
		{title: `latency, ${row.latency.count} I/Os`, unit: 'usecs', histogram: row.latency},
		{title: 'sizes', unit: 'bytes', histogram: row.size},
	];
	if (row.queue.count > 0) {
		panels.push({title: 'queue (insert→issue)', unit: 'usecs', histogram: row.queue}, {title: 'device (issue→complete)', unit: 'usecs', histogram: row.device});
	}
	const fit = Math.max(1, Math.min(panels.length, Math.floor(width / PANEL_WIDTH)));
	const panelWidth = Math.floor(width / fit);
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text wrap="truncate" color={theme.dim}>
				{row.queue.count > 0
					? `queue p50 ${formatMicros(q.p50)} p99 ${formatMicros(q.p99)} · device p50 ${formatMicros(d.p50)} p99 ${formatMicros(d.p99)}`
					: 'no insert events: latency is issue→complete (device time only)'}
				{row.errors > 0 ? ` · ${row.errors} errors` : ''}
			</Text>
			<Box flexDirection="row">
				{panels.slice(0, fit).map(p => (
					<Box key={p.title} flexDirection="column" width={panelWidth}>
						<Text bold color={theme.accent} wrap="truncate">
							{p.title}
						</Text>
						<HistogramBars histogram={p.histogram} unit={p.unit} width={panelWidth - 1} height={height - 2} theme={theme} />
					</Box>
				))}
			</Box>
		</Box>
	);
}
