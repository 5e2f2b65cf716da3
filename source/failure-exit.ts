/**
 * How the CLI ends on a failure: one line on stderr, never a stack trace, and the exit
 * code that says what kind of failure it was. Shared by the entry point and the collapse
 * command, which is bundled apart from it (see commands/collapse-main.ts).
 */
import {RecordingError, StartError, UsageError} from './errors.js';

/** Prints the failure and returns the exit code: 2 a bad command line, 1 what stopped the command, 70 an internal error. */
export function reportFailure(error: unknown): number {
	if (error instanceof UsageError) {
		process.stderr.write(`tracetop: ${error.message}\n`);
		return 2;
	}
	if (error instanceof StartError || error instanceof RecordingError) {
		process.stderr.write(`tracetop: ${error.message}\n`);
		return 1;
	}
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code && typeof (error as Error).message === 'string') {
		process.stderr.write(`tracetop: ${(error as Error).message}\n`);
		return 1;
	}
	process.stderr.write(`tracetop: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
	if (process.env.TRACETOP_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
	return 70;
}
