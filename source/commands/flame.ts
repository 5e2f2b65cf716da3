/**
 * `tracetop flame`: record stacks for a while and write a flame graph; or, with --input,
 * render stacks someone else collected (the flamegraph.pl replacement, with its options);
 * or, with --diff, a differential flame graph of two profiles (difffolded.pl |
 * flamegraph.pl). A three-column --input (difffolded.pl's output) is drawn as a
 * differential too, as flamegraph.pl draws it.
 */
import type {FlameCommand} from '../command-options/flame.js';

import {StartError} from '../errors.js';
import {flameFormat, renderFlame, type FlameFormat, type FlameLabels} from '../exporters/flame-output.js';
import {diffFlameGraphSvgBytes, flowSvgBytes} from '../exporters/flamegraph-svg.js';
import type {PprofOptions, PprofStack} from '../exporters/pprof.js';
import {readFoldedLines} from '../importers/read-folded-lines.js';
import {readStacks} from '../importers/read-stacks.js';
import {diffColumns} from '../models/diff-columns.js';
import {foldedDiff, formatFoldedDiff} from '../models/diff-folded.js';
import {inputOrderFlow} from '../models/flame-flow.js';
import {totalSamples, type FoldedStacks} from '../models/folded-stacks.js';
import {writeFileSafe} from '../safety/safe-file.js';
import {writeStdout} from '../safety/write-stdout.js';

async function write(command: FlameCommand, format: FlameFormat, content: string | Uint8Array, summary: string): Promise<number> {
	if (format === 'stdout') await writeStdout(content);
	else {
		writeFileSafe(command.output, content, {force: command.force});
		process.stderr.write(`tracetop: wrote ${command.output} (${summary})\n`);
	}
	return 0;
}

async function runDiff(command: FlameCommand, format: FlameFormat, diff: NonNullable<FlameCommand['diff']>): Promise<number> {
	const [before, after] = await Promise.all([readStacks(diff.before), readStacks(diff.after)]);
	const pairs = foldedDiff(before.stacks, after.stacks, {normalize: diff.normalize});
	const content = format === 'svg' ? diffFlameGraphSvgBytes(pairs, command.svg) : formatFoldedDiff(pairs);
	return write(command, format, content, `${pairs.size} stacks, ${totalSamples(after.stacks)} samples after, ${totalSamples(before.stacks)} before`);
}

async function runFlameChart(command: FlameCommand, input: string): Promise<number> {
	const lines = await readFoldedLines(input);
	const flow = inputOrderFlow(lines, command.svg.reverse);
	return write(command, 'svg', flowSvgBytes(flow, command.svg), `${lines.length} lines`);
}

/** Stacks to draw; a recording also brings them with their modules, for pprof. */
interface Stacks {
	stacks: FoldedStacks;
	pprof?: {stacks: PprofStack[]; options: PprofOptions};
}

/** Records what `command` asks for (commands/flame-record, loaded only to record). */
export type Recorder = (command: FlameCommand) => Promise<Stacks>;

export async function runFlame(command: FlameCommand, record: Recorder): Promise<number> {
	const format = flameFormat(command.output);
	if (command.diff) return runDiff(command, format, command.diff);
	if (command.input !== undefined && command.svg.flameChart) return runFlameChart(command, command.input);
	const {stacks, pprof}: Stacks = command.input !== undefined ? await readStacks(command.input) : await record(command);
	if (stacks.size === 0) throw new StartError('no stacks were sampled; nothing written');
	const labels: FlameLabels = command.offCpu
		? {title: 'Off-CPU Time Flame Graph', countName: 'us'}
		: {title: command.input !== undefined ? 'Flame Graph' : 'CPU Flame Graph', countName: 'samples'};
	const summary = (countName: string) => `${totalSamples(stacks)} ${countName}, ${stacks.size} stacks`;
	if (format === 'pprof') {
		// pprof's encoder loads only for pprof output.
		const {encodePprof, pprofStacksFromFolded, SAMPLES} = await import('../exporters/pprof.js');
		return write(command, format, encodePprof(pprof?.stacks ?? pprofStacksFromFolded(stacks), pprof?.options ?? {sampleType: SAMPLES}), summary(labels.countName));
	}
	const diff = command.input !== undefined && format === 'svg' ? diffColumns(stacks) : undefined;
	// flamegraph.pl's default title follows --inverted and --flamechart; a recording names what it sampled.
	const svg = {countName: labels.countName, ...(command.input === undefined ? {title: labels.title} : {}), ...command.svg};
	const content = diff ? diffFlameGraphSvgBytes(diff, svg) : renderFlame(format, stacks, labels, svg);
	return write(command, format, content, summary(svg.countName));
}
