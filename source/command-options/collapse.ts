/**
 * `tracetop collapse` options: stackcollapse-perf.pl's flags, which clash with the
 * dashboard's (its `--pid` is a switch, the dashboard's `-p PID` takes a value), so
 * collapse parses its own argument list. Loaded without the pane registry: collapse
 * starts in about the time Node does.
 */
import {parseArgs} from 'node:util';
import {UsageError} from '../errors.js';

export const INPUT_FORMATS = ['perf', 'bpftrace', 'folded', 'pprof'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export interface CollapseCommand {
	name: 'collapse';
	inputFormat?: InputFormat;
	input: string;
}

export const COLLAPSE_USAGE = `Usage: tracetop collapse [--input-format perf|bpftrace|folded|pprof] [FILE|-]

Options:
  --input-format F    perf, bpftrace, folded or pprof (default: guessed from the input)
  -h, --help          this help`;

const COLLAPSE_OPTIONS = {
	'input-format': {type: 'string'},
	help: {type: 'boolean', short: 'h'},
} as const;

/** `args`: what follows `collapse` on the command line. */
export function parseCollapse(args: readonly string[]): CollapseCommand | {name: 'help'} {
	let parsed;
	try {
		parsed = parseArgs({args: [...args], options: COLLAPSE_OPTIONS, allowPositionals: true, strict: true});
	} catch (error) {
		const text = error instanceof Error ? error.message.split('\n')[0]! : String(error);
		throw new UsageError(`collapse: ${text.replace(/^Unknown option/, 'unknown option').replace(/\. To specify.*$/, '')} (see tracetop collapse --help)`);
	}
	const {values, positionals} = parsed;
	if (values.help) return {name: 'help'};
	if (positionals.length > 1) throw new UsageError(`collapse: unexpected argument '${positionals[1]}' (one FILE, or - for stdin)`);
	const format = values['input-format'];
	if (format !== undefined && !(INPUT_FORMATS as readonly string[]).includes(format)) {
		throw new UsageError(`--input-format ${format}: choose one of ${INPUT_FORMATS.join(', ')}`);
	}
	return {name: 'collapse', inputFormat: format as InputFormat | undefined, input: positionals[0] ?? '-'};
}
