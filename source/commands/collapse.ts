/**
 * `tracetop collapse [FILE|-]`: `perf script` output, bpftrace stack maps or folded stacks
 * (gzipped or not) to folded stacks on stdout; the stackcollapse-perf.pl replacement.
 */
import {readStacks} from '../importers/read-stacks.js';
import {formatFolded} from '../models/folded-stacks.js';
import type {Command} from '../options.js';
import {writeStdout} from '../safety/write-stdout.js';

export async function runCollapse(command: Extract<Command, {name: 'collapse'}>): Promise<number> {
	const {stacks, encoding, note} = await readStacks(command.input, command.inputFormat);
	if (note) process.stderr.write(`tracetop: ${command.input === '-' ? 'stdin' : command.input}: ${note}\n`);
	await writeStdout(formatFolded(stacks), encoding);
	return 0;
}
