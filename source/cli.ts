#!/usr/bin/env node
/**
 * tracetop's entry point: parse the command line, run the command, and turn every
 * expected failure into one line on stderr and a non-zero exit, never a stack trace.
 */
import path from 'node:path';
import {StartError, UsageError} from './errors.js';
import type {Command} from './options.js';
import {packageRoot} from './package-root.js';
import {RecordingError} from './recording/recording-format.js';
import {readBounded} from './safety/bounded-read.js';

function version(): string {
	const pkg = JSON.parse(readBounded(path.join(packageRoot(), 'package.json'))) as {version: string};
	return pkg.version;
}

// React's development build keeps debugging data for every render, which grows without
// bound in a long-running dashboard; users run the production build.
process.env.NODE_ENV ??= 'production';

/**
 * Commands load lazily: `--help` and headless commands never load Ink, and collapse,
 * which parses its own options, does not even load the pane registry.
 */
async function parse(argv: string[]): Promise<{command: Command; usage: () => string}> {
	if (argv[0] === 'collapse') {
		const {parseCollapse, COLLAPSE_USAGE} = await import('./command-options/collapse.js');
		return {command: parseCollapse(argv.slice(1)), usage: () => COLLAPSE_USAGE};
	}
	const {parseCommand, USAGE} = await import('./options.js');
	return {command: parseCommand(argv), usage: () => USAGE};
}

async function main(argv: string[]): Promise<number> {
	const {command, usage} = await parse(argv);
	switch (command.name) {
		case 'help':
			process.stdout.write(usage() + '\n');
			return 0;
		case 'version':
			process.stdout.write(`tracetop ${version()}\n`);
			return 0;
		case 'doctor':
			return (await import('./commands/doctor.js')).runDoctor();
		case 'collapse':
			return (await import('./commands/collapse.js')).runCollapse(command);
		case 'flame':
			return (await import('./commands/flame.js')).runFlame(command);
		case 'open':
			return (await import('./commands/open.js')).runOpen(command);
		case 'record':
			return (await import('./commands/record.js')).runRecord(command);
		case 'snapshot':
			return (await import('./commands/snapshot.js')).runSnapshot(command);
		case 'tui':
			return (await import('./commands/tui.js')).runTui(command);
	}
}

const fail = (error: unknown): number => {
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
};

/** Exit once stdout has drained: to a pipe, writes are asynchronous and exit would cut them. */
const exit = (code: number): void => {
	process.stdout.write('', () => process.exit(code));
};

main(process.argv.slice(2)).then(exit, error => exit(fail(error)));
