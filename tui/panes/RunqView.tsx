import {useMemo} from 'react';
import {Box, Text} from 'ink';
import {mergeHistograms, type Histogram} from '../../source/models/log2-histogram.js';
import {cpuRows, RUNQ_SORTS, runqSummary, type CpuRow, type RunqSample} from '../../source/models/runq.js';
import {formatCount, formatMicros} from '../../source/models/format-units.js';
import type {PaneViewProps} from '../pane-view.js';
import {HistogramBars} from '../widgets/HistogramBars.js';
import {Sparkline} from '../widgets/Sparkline.js';
import {Table, type Column} from '../widgets/Table.js';

const SHADES = ' ▁▂▃▄▅▆▇█';

/** One character per log2 bucket, shaded by count: a CPU's distribution in a table cell. */
function distributionStrip(h: Histogram, range: Histogram): string {
	const peak = Math.max(1, ...h.buckets.map(b => b.count));
	return range.buckets
		.map(slot => {
			const count = h.buckets.find(b => b.min === slot.min && b.max === slot.max)?.count ?? 0;
			return count === 0 ? '·' : SHADES[Math.max(1, Math.ceil((count / peak) * (SHADES.length - 1)))];
		})
		.join('');
}

export function RunqView({sample, history, width, height, theme, filter, sort, scroll, toggles, setScrollLimit}: PaneViewProps<RunqSample>) {
	const perCpu = toggles.perCpu ?? false;
	const sparkWidth = Math.max(10, width - 32);
	// Only the intervals the sparkline has room for.
	const p99History = useMemo(() => history.slice(-sparkWidth).map(h => runqSummary(h).p99), [history, sparkWidth]);

	if (!sample) {
		return <Text color={theme.dim}>Waiting for the first interval of run-queue latency…</Text>;
	}

	const s = runqSummary(sample);
	const rate = sample.durationSec > 0 ? s.count / sample.durationSec : s.count;

	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate">
				<Text bold color={theme.accent}>p50 </Text>
				<Text color={theme.text}>{formatMicros(s.p50).padEnd(9)}</Text>
				<Text bold color={theme.accent}>p90 </Text>
				<Text color={theme.text}>{formatMicros(s.p90).padEnd(9)}</Text>
				<Text bold color={theme.accent}>p99 </Text>
				<Text color={theme.text}>{formatMicros(s.p99).padEnd(9)}</Text>
				<Text bold color={theme.accent}>max </Text>
				<Text color={theme.text}>{formatMicros(s.max).padEnd(9)}</Text>
				<Text color={theme.dim}>{`${formatCount(rate)} wakeups/s`}</Text>
			</Text>
			<Text wrap="truncate">
				<Text color={theme.dim}>{`p99 over ${history.length} intervals `.padEnd(30)}</Text>
				<Sparkline values={p99History} width={sparkWidth} color={theme.accent} />
			</Text>
			<Text color={theme.dim} wrap="truncate">
				{perCpu ? 'per CPU (c: all CPUs)' : `all CPUs, ${sample.perCpu.size} CPUs (c: per CPU)`}
			</Text>
			{perCpu ? (
				<PerCpuTable
					sample={sample}
					height={height - 3}
					theme={theme}
					filter={filter}
					sort={sort}
					scroll={scroll}
					setScrollLimit={setScrollLimit}
				/>
			) : (
				<HistogramBars histogram={sample.all} unit="usecs" width={width} height={height - 3} theme={theme} />
			)}
		</Box>
	);
}

function PerCpuTable({
	sample,
	height,
	theme,
	filter,
	sort,
	scroll,
	setScrollLimit,
}: Pick<PaneViewProps<RunqSample>, 'theme' | 'filter' | 'sort' | 'scroll' | 'height' | 'setScrollLimit'> & {sample: RunqSample}) {
	const range = mergeHistograms([...sample.perCpu.values()]);
	const by = RUNQ_SORTS[sort % RUNQ_SORTS.length]!;
	const rows = cpuRows(sample, filter, by);
	const columns: Array<Column<CpuRow>> = [
		{title: 'CPU', width: 5, align: 'right', sortKey: 'cpu', cell: r => String(r.cpu)},
		{title: 'COUNT', width: 8, align: 'right', sortKey: 'count', cell: r => String(r.summary.count)},
		{title: 'P50', width: 8, align: 'right', cell: r => formatMicros(r.summary.p50)},
		{title: 'P90', width: 8, align: 'right', cell: r => formatMicros(r.summary.p90)},
		{title: 'P99', width: 8, align: 'right', sortKey: 'p99', cell: r => formatMicros(r.summary.p99)},
		{title: 'DISTRIBUTION', width: Math.max(12, range.buckets.length), cell: r => distributionStrip(r.histogram, range)},
	];
	return (
		<Table
			columns={columns}
			rows={rows}
			rowKey={r => String(r.cpu)}
			sortKey={by}
			scroll={scroll}
			height={height}
			theme={theme}
			onScrollLimit={setScrollLimit}
		/>
	);
}
