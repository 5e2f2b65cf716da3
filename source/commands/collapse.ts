/**
 * `tracetop collapse [OPTIONS] [FILE|-]`: `perf script` output, bpftrace stack maps,
 * folded stacks or pprof (gzipped or not) to folded stacks on stdout; the
 * stackcollapse-perf.pl replacement, with its options. With --diff, two profiles to
 * difffolded.pl's three columns.
 */
import {perfOptionNames, type CollapseCommand} from '../command-options/collapse.js';
import {addr2lineResolver, requireAddr2line, systemTools} from '../importers/addr2line.js';
import type {PerfCollapseOptions} from '../importers/perf-script.js';
import {readStacks} from '../importers/read-stacks.js';
import {diffFolded} from '../models/diff-folded.js';
import {writeStdout} from '../safety/write-stdout.js';

export async function runCollapse(command: CollapseCommand): Promise<number> {
	if (command.diff) {
		const [before, after] = await Promise.all([readStacks(command.diff.before), readStacks(command.diff.after)]);
		await writeStdout(diffFolded(before.stacks, after.stacks, {normalize: command.diff.normalize}));
		return 0;
	}
	const {inline, context, ...rules} = command.perf;
	const options: PerfCollapseOptions = rules;
	if (inline) {
		const tools = await systemTools();
		requireAddr2line(tools);
		options.inline = addr2lineResolver({context}, tools);
	}
	const collapsed = await readStacks(command.input, command.inputFormat, {options, flags: perfOptionNames(command.perf)});
	if (collapsed.note) process.stderr.write(`tracetop: ${command.input === '-' ? 'stdin' : command.input}: ${collapsed.note}\n`);
	await writeStdout(collapsed.folded());
	return 0;
}
