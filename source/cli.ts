#!/usr/bin/env node
/**
 * tracetop's entry point: parse the command line, run the command, and turn every
 * expected failure into one line on stderr and a non-zero exit, never a stack trace.
 */
import type {FlameCommand} from './command-options/flame.js';
import type {Command} from './options.js';

async function version(): Promise<string> {
	const [path, {packageRoot}, {readBounded}] = await Promise.all([import('node:path'), import('./package-root.js'), import('./safety/bounded-read.js')]);
	const pkg = JSON.parse(readBounded(path.join(packageRoot(), 'package.json'))) as {version: string};
	return pkg.version;
}

// React's development build keeps debugging data for every render, which grows without
// bound in a long-running dashboard; users run the production build.
process.env.NODE_ENV ??= 'production';

/**
 * Commands load lazily: `--help` and headless commands never load Ink, and collapse,
 * which parses its own options, loads neither the pane registry nor the dashboard's
 * options: one module (one file in the bundle) does all of it.
 */
const collapseMain = async (args: string[]): Promise<number> => (await import('./commands/collapse-main.js')).collapseMain(args);

/**
 * flame too (flamegraph.pl's options), but its recording needs the collectors: those load
 * from here, only to record.
 */
const record = async (command: FlameCommand) => (await import('./commands/flame-record.js')).record(command);
const flameMain = async (args: string[]): Promise<number> => (await import('./commands/flame-main.js')).flameMain(args, record);

async function main(argv: string[]): Promise<number> {
	if (argv[0] === 'collapse') return collapseMain(argv.slice(1));
	if (argv[0] === 'flame') return flameMain(argv.slice(1));
	const {parseCommand, USAGE} = await import('./options.js');
	const command: Command = parseCommand(argv);
	switch (command.name) {
		case 'help':
			process.stdout.write(USAGE + '\n');
			return 0;
		case 'version':
			process.stdout.write(`tracetop ${await version()}\n`);
			return 0;
		case 'doctor':
			return (await import('./commands/doctor.js')).runDoctor();
		case 'collapse':
			return (await import('./commands/collapse.js')).runCollapse(command);
		case 'flame':
			return (await import('./commands/flame.js')).runFlame(command, record);
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

/** Exit once stdout has drained: to a pipe, writes are asynchronous and exit would cut them. */
const exit = (code: number): void => {
	process.stdout.write('', () => process.exit(code));
};

// The failure path loads what it needs only when it is taken.
main(process.argv.slice(2)).then(exit, async error => exit((await import('./failure-exit.js')).reportFailure(error)));
