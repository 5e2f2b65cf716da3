import {Box, Text} from 'ink';
import {foldLowBuckets, type Histogram} from '../../source/models/log2-histogram.js';
import {bucketLabel, histogramBar} from '../../source/models/histogram-text.js';
import type {Theme} from '../../themes/theme.js';

interface Props {
	histogram: Histogram;
	/** Column header for the bucket values, as BCC prints it: "usecs". */
	unit: string;
	width: number;
	/** Rows available, header included; the lowest buckets fold into one row when short. */
	height: number;
	theme: Theme;
}

const LABEL = 20;
const COUNT = 10;

/** A bpftrace/BCC-style histogram: bucket label, count, and a bar scaled to the peak. */
export function HistogramBars({histogram, unit, width, height, theme}: Props) {
	const barWidth = Math.max(10, width - LABEL - COUNT - 3);
	const rows = foldLowBuckets(histogram.buckets, height - 1);
	const peak = Math.max(0, ...rows.map(b => b.count));
	return (
		<Box flexDirection="column">
			<Text color={theme.dim}>
				{`${unit.padStart(LABEL - 2)}  ${'count'.padStart(COUNT - 2)}  distribution`}
			</Text>
			{rows.map(b => (
				<Text key={bucketLabel(b)} wrap="truncate">
					<Text color={theme.text}>{bucketLabel(b).padEnd(LABEL)}</Text>
					<Text color={theme.text}>{String(b.count).padStart(COUNT - 2)}  </Text>
					<Text color={theme.dim}>|</Text>
					<Text color={theme.bar}>{histogramBar(b.count, peak, barWidth)}</Text>
					<Text color={theme.dim}>|</Text>
				</Text>
			))}
		</Box>
	);
}
