/**
 * `tracetop flame -o FILE`: the output format follows the file name, as in flamegraph.pl
 * pipelines: .svg, .folded, .speedscope.json, .pb.gz (pprof), or - for folded stacks on stdout.
 */
import {formatFolded, type FoldedStacks} from '../models/folded-stacks.js';
import {UsageError} from '../errors.js';
import {flameGraphSvgBytes, type FlameGraphSvgOptions} from './flamegraph-svg.js';
import {toSpeedscope} from './speedscope.js';

export type FlameFormat = 'svg' | 'folded' | 'speedscope' | 'pprof' | 'stdout';

export function flameFormat(output: string): FlameFormat {
	if (output === '-') return 'stdout';
	if (output.endsWith('.speedscope.json')) return 'speedscope';
	if (output.endsWith('.svg')) return 'svg';
	if (output.endsWith('.folded')) return 'folded';
	if (output.endsWith('.pb.gz')) return 'pprof';
	throw new UsageError(`-o ${output}: name the output .svg, .folded, .speedscope.json or .pb.gz (or - for folded on stdout)`);
}

export interface FlameLabels {
	title: string;
	/** What a count is: 'samples', or 'us' for off-CPU time. */
	countName: string;
}

/**
 * Text formats and the SVG (drawn with `svg`, labels and all, as its UTF-8 bytes); pprof
 * is binary and needs more than folded stacks (see exporters/pprof).
 */
export function renderFlame(format: Exclude<FlameFormat, 'pprof'>, stacks: FoldedStacks, labels: FlameLabels, svg: FlameGraphSvgOptions & {reverse?: boolean}): string | Uint8Array {
	switch (format) {
		case 'svg':
			return flameGraphSvgBytes(stacks, svg);
		case 'speedscope':
			return JSON.stringify(toSpeedscope(stacks, {name: labels.title, unit: labels.countName === 'us' ? 'microseconds' : 'none'}));
		default:
			return formatFolded(stacks);
	}
}
