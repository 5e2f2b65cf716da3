/**
 * `tracetop flame` from its arguments to its exit code. The bundle builds this module into
 * one file of its own (package.json `bundle`), as it does collapse-main: rendering stacks
 * should start in about the time Node does, and loading a command from a dozen shared
 * chunks cost a fifth of that. Recording needs the collectors, panes and store of the
 * main bundle: the entry point passes `record`, which loads them from there.
 */
import {FLAME_USAGE, parseFlame} from '../command-options/flame.js';
import {reportFailure} from '../failure-exit.js';
import {runFlame, type Recorder} from './flame.js';

export async function flameMain(args: readonly string[], record: Recorder): Promise<number> {
	try {
		const command = parseFlame(args);
		if (command.name === 'help') {
			process.stdout.write(FLAME_USAGE + '\n');
			return 0;
		}
		return await runFlame(command, record);
	} catch (error) {
		return reportFailure(error);
	}
}
