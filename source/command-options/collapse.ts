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

/** stackcollapse-perf.pl's options, with its meaning; they apply to perf script input. */
export interface PerfScriptOptions {
	pid?: boolean;
	tid?: boolean;
	kernel?: boolean;
	jit?: boolean;
	addrs?: boolean;
	eventFilter?: string;
	inline?: boolean;
	context?: boolean;
	srcline?: boolean;
}

export interface CollapseCommand {
	name: 'collapse';
	inputFormat?: InputFormat;
	input: string;
	perf: PerfScriptOptions;
	/** Two profiles to difffolded.pl's three columns instead (input is then the first). */
	diff?: {before: string; after: string; normalize: boolean};
}

export const COLLAPSE_USAGE = `Usage: tracetop collapse [OPTIONS] [FILE|-]
       tracetop collapse --diff [--normalize] BEFORE AFTER

perf script output, bpftrace stack maps, folded stacks or pprof profiles (gzipped or
not) to folded
stacks on stdout, as stackcollapse-perf.pl prints them; it takes that script's options,
which apply to perf script input:

  --pid               process names with their PID (comm-PID)
  --tid               process names with PID and TID (comm-PID/TID)
  --kernel            _[k] after kernel frames
  --jit               _[j] after JIT frames (/tmp/perf-PID.map)
  --all               --kernel and --jit
  --addrs             [module <address>] where perf knows no symbol
  --event-filter EV   samples of event EV (default: the first event type seen)
  --inline            inlined functions unfolded with addr2line (binutils)
  --context           with --inline: each function's file:line
  --srcline           input of 'perf script -F+srcline': each frame's source line appended

  --input-format F    perf, bpftrace, folded or pprof (default: guessed from the input)
  --diff              two profiles as difffolded.pl prints them: stack, BEFORE's count, AFTER's count
  --normalize         with --diff: BEFORE's counts scaled to AFTER's total (difffolded.pl -n)
  -h, --help          this help`;

const COLLAPSE_OPTIONS = {
	pid: {type: 'boolean'},
	tid: {type: 'boolean'},
	kernel: {type: 'boolean'},
	jit: {type: 'boolean'},
	all: {type: 'boolean'},
	addrs: {type: 'boolean'},
	'event-filter': {type: 'string'},
	inline: {type: 'boolean'},
	context: {type: 'boolean'},
	srcline: {type: 'boolean'},
	'input-format': {type: 'string'},
	diff: {type: 'boolean'},
	normalize: {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
} as const;

/** `args`: what follows `collapse` on the command line. */
export function parseCollapse(args: readonly string[]): CollapseCommand | {name: 'help'} {
	let parsed;
	try {
		parsed = parseArgs({args: [...args], options: COLLAPSE_OPTIONS, allowPositionals: true, strict: true});
	} catch (error) {
		const text = error instanceof Error ? error.message.split('\n')[0]! : String(error);
		throw new UsageError(`collapse: ${text.charAt(0).toLowerCase()}${text.slice(1).replace(/\. To specify.*$/, '')} (see tracetop collapse --help)`);
	}
	const {values, positionals} = parsed;
	if (values.help) return {name: 'help'};
	if (values.normalize && !values.diff) throw new UsageError('collapse: --normalize applies to --diff only');
	if (values.diff) {
		if (positionals.length !== 2) throw new UsageError(`collapse --diff takes two profiles, BEFORE and AFTER (got ${positionals.length})`);
		if (positionals[0] === '-' && positionals[1] === '-') throw new UsageError('collapse --diff: BEFORE and AFTER cannot both be stdin');
		if (values['input-format'] !== undefined) throw new UsageError('collapse --diff guesses each input\'s format: --input-format does not apply');
		return {name: 'collapse', input: positionals[0]!, perf: {}, diff: {before: positionals[0]!, after: positionals[1]!, normalize: values.normalize ?? false}};
	}
	if (positionals.length > 1) throw new UsageError(`collapse: unexpected argument '${positionals[1]}' (one FILE, or - for stdin)`);
	const format = values['input-format'];
	if (format !== undefined && !(INPUT_FORMATS as readonly string[]).includes(format)) {
		throw new UsageError(`--input-format ${format}: choose one of ${INPUT_FORMATS.join(', ')}`);
	}
	if (values.context && !values.inline) throw new UsageError('collapse --context: adds file:line to --inline frames; give --inline too');
	const perf: PerfScriptOptions = {
		pid: values.pid,
		tid: values.tid,
		kernel: values.kernel || values.all,
		jit: values.jit || values.all,
		addrs: values.addrs,
		eventFilter: values['event-filter'] || undefined,
		inline: values.inline,
		context: values.context,
		srcline: values.srcline,
	};
	for (const key of Object.keys(perf) as Array<keyof PerfScriptOptions>) if (!perf[key]) delete perf[key];
	if (format !== undefined && format !== 'perf' && Object.keys(perf).length > 0) {
		throw new UsageError(`collapse --${perfOptionNames(perf)[0]}: applies to perf script input, not --input-format ${format}`);
	}
	return {name: 'collapse', inputFormat: format as InputFormat | undefined, input: positionals[0] ?? '-', perf};
}

/** The command-line names of the perf script options set, for messages. */
export function perfOptionNames(perf: PerfScriptOptions): string[] {
	return Object.keys(perf).map(key => (key === 'eventFilter' ? 'event-filter' : key));
}
