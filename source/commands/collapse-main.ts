/**
 * `tracetop collapse` from its arguments to its exit code. The bundle builds this module
 * into one file of its own (package.json `bundle`), which the entry point imports for
 * collapse: loading a command from a dozen shared chunks cost a quarter of Node's own
 * start, and collapse is a command that should start in about the time Node does.
 */
import {COLLAPSE_USAGE, parseCollapse} from '../command-options/collapse.js';
import {reportFailure} from '../failure-exit.js';
import {runCollapse} from './collapse.js';

export async function collapseMain(args: readonly string[]): Promise<number> {
	try {
		const command = parseCollapse(args);
		if (command.name === 'help') {
			process.stdout.write(COLLAPSE_USAGE + '\n');
			return 0;
		}
		return await runCollapse(command);
	} catch (error) {
		return reportFailure(error);
	}
}
