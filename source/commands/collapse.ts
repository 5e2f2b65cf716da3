/**
 * `tracetop collapse [OPTIONS] [FILE|-]`: `perf script` output, bpftrace stack maps,
 * folded stacks or pprof (gzipped or not) to folded stacks on stdout; the
 * stackcollapse-perf.pl replacement, with its options.
 */
import {perfOptionNames, type CollapseCommand} from '../command-options/collapse.js';
import {addr2lineResolver, requireAddr2line, systemTools} from '../importers/addr2line.js';
import type {PerfCollapseOptions} from '../importers/perf-script.js';
import {readStacks} from '../importers/read-stacks.js';
import {writeStdout} from '../safety/write-stdout.js';

export async function runCollapse(command: CollapseCommand): Promise<number> {
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
