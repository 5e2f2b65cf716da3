/**
 * Command line: BCC-style flags (-p PID, -c COMM, -i SECS) and subcommands. Pure: it
 * validates and returns what to do, or throws a UsageError with one line to print.
 */
import {parseArgs} from 'node:util';
import {MAX_PIDS, type Filters} from '../collectors/collector-spec.js';
import {UsageError} from './errors.js';
import {RANGES} from './option-ranges.js';
import {isBuilt, type AnyPane} from './panes/pane.js';
import {optionProblem, type PaneOption, type PaneOptionValues} from './panes/pane-options.js';
import {allPanes} from './panes/registry.js';
import {themeNames} from '../themes/theme.js';
import {parseCollapse, type CollapseCommand} from './command-options/collapse.js';
import type {FlameCommand} from './command-options/flame.js';
import {filtersFrom, processExists, processOf, rangedNumber} from './command-options/live-filters.js';
import {joinNegativeValues, usageErrorOf} from './command-options/parse-args.js';

export type Command =
	| {name: 'tui'; filters: Filters; paneOptions: PaneOptionValues; theme?: string; recordTo?: string; force: boolean; replay?: string; speed: number; demo: boolean; historySec: number}
	| {name: 'record'; filters: Filters; paneOptions: PaneOptionValues; output: string; durationSec?: number; force: boolean}
	| {name: 'snapshot'; filters: Filters; paneOptions: PaneOptionValues; durationSec: number; json: boolean; replay?: string}
	| CollapseCommand
	| FlameCommand
	| {name: 'open'; file: string}
	| {name: 'doctor'}
	| {name: 'help'}
	| {name: 'version'};

export const USAGE = `Usage: tracetop [options]                 live dashboard (root)
       tracetop --replay FILE [--speed N]  show a recording (no root needed)
       tracetop --demo                     show the bundled recording
       tracetop record -o FILE [-d SECS]   record headless (Ctrl-C stops)
       tracetop snapshot [-d SECS] [--json] [--replay FILE]
       tracetop flame [-d SECS] [-F HZ] [-p PID] [--off-cpu] -o FILE   record a flame graph (.svg, .folded, .speedscope.json, .pb.gz; -o - for folded on stdout)
       tracetop flame --input STACKS -o FILE  render existing stacks; --diff BEFORE AFTER, flamegraph.pl's options (tracetop flame --help)
       tracetop collapse [OPTIONS] [FILE|-]   perf script / bpftrace stacks / pprof to folded (tracetop collapse --help)
       tracetop open FILE                  a folded file, perf script capture or pprof in the terminal flame graph
       tracetop doctor                     check what tracing needs

Options:
  -p, --pid PID       only these processes (repeatable, up to ${MAX_PIDS})
  -c, --comm COMM     only this command name (at most 15 characters)
  -i, --interval SECS seconds per sample (default 1)
  -F, --frequency HZ  stack sampling rate for the profile (default 99)
  -d, --duration SECS record/snapshot length (snapshot default 5)
  --record FILE       record while showing the dashboard
  --replay FILE       replay a recording instead of tracing
  --speed N           replay speed factor (default 1)
  --theme NAME        ${themeNames.join(', ')} (default: dark; mono with NO_COLOR or 16 colours)
  --history SECS      history kept for stepping back (default 600)
  --json              snapshot as one JSON document
  --force             record, --record: replace an existing file (never through a symlink)
  -h, --help          this help
  -V, --version       version${paneOptionsUsage()}`;

/** The global flags; pane option flags are added to these (and must not clash: a test checks). */
export const OPTIONS = {
	pid: {type: 'string', short: 'p', multiple: true},
	comm: {type: 'string', short: 'c'},
	interval: {type: 'string', short: 'i'},
	frequency: {type: 'string', short: 'F'},
	duration: {type: 'string', short: 'd'},
	output: {type: 'string', short: 'o'},
	record: {type: 'string'},
	replay: {type: 'string'},
	speed: {type: 'string'},
	theme: {type: 'string'},
	history: {type: 'string'},
	json: {type: 'boolean'},
	force: {type: 'boolean'},
	demo: {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean', short: 'V'},
} as const;

/** Each built pane's own options, with the pane they belong to. */
function paneOptionList(panes: readonly AnyPane[] = allPanes): Array<{paneId: string; option: PaneOption}> {
	return panes.filter(isBuilt).flatMap(p => (p.options ?? []).map(option => ({paneId: p.id, option})));
}

function paneOptionsUsage(): string {
	const lines = paneOptionList().map(({paneId, option}) => `  ${`${option.flag} N`.padEnd(19)} ${paneId}: ${option.help} (default ${option.default})`);
	return lines.length === 0 ? '' : `\n\nPane options:\n${lines.join('\n')}`;
}

/** The long flags of every pane option, for parseArgs (names without the leading --). */
export const paneOptionFlags = (panes: readonly AnyPane[] = allPanes): Record<string, {type: 'string'}> =>
	Object.fromEntries(paneOptionList(panes).map(({option}) => [option.flag.replace(/^--/, ''), {type: 'string' as const}]));

/** The pane option values given on the command line, validated; the session fills in defaults. */
function paneOptionsFrom(values: Record<string, unknown>, panes: readonly AnyPane[]): PaneOptionValues {
	const given: Record<string, Record<string, number>> = {};
	for (const {paneId, option} of paneOptionList(panes)) {
		const text = values[option.flag.replace(/^--/, '')];
		if (typeof text !== 'string') continue;
		const value = text.trim() === '' ? Number.NaN : Number(text);
		const problem = optionProblem(option, value);
		if (problem) throw new UsageError(`${option.flag} ${text}: ${problem} (${option.help})`);
		given[paneId] = {...given[paneId], [option.name]: value};
	}
	return given;
}

const SUBCOMMANDS = ['record', 'snapshot', 'flame', 'collapse', 'open', 'doctor'] as const;
/** Subcommands that take one file argument. */
const WITH_FILE: readonly string[] = ['open'];

type Values = ReturnType<typeof parseArgs<{options: typeof OPTIONS; allowPositionals: true}>>['values'];

/**
 * The options each command takes (pane options go with the commands that collect). Any
 * other option given is an error rather than silently ignored (`snapshot --speed 0`).
 */
const LIVE = ['pid', 'comm', 'interval', 'frequency'] as const;
const APPLIES: Record<string, readonly string[]> = {
	tui: [...LIVE, 'record', 'force', 'replay', 'speed', 'theme', 'history', 'demo'],
	record: [...LIVE, 'output', 'duration', 'force'],
	snapshot: [...LIVE, 'duration', 'json', 'replay'],
	open: [],
	doctor: [],
};
const WITH_PANE_OPTIONS = ['tui', 'record', 'snapshot'];

const flagName = (name: string): string => {
	const short = (OPTIONS as Record<string, {short?: string}>)[name]?.short;
	return short ? `-${short}` : `--${name}`;
};

/** Options that mean nothing together with others: replay decides what live options would. */
function refuseInapplicable(command: string, values: Record<string, unknown>, paneFlags: readonly string[]): void {
	const given = Object.keys(values).filter(k => values[k] !== undefined && k !== 'help' && k !== 'version');
	const allowed = new Set([...APPLIES[command]!, ...(WITH_PANE_OPTIONS.includes(command) ? paneFlags : [])]);
	const name = command === 'tui' ? 'the dashboard' : command;
	for (const key of given) {
		if (!allowed.has(key)) throw new UsageError(`${flagName(key)} does not apply to ${name} (see tracetop --help)`);
	}
	const replaying = values.replay !== undefined || values.demo === true;
	if (replaying) {
		for (const key of [...LIVE, 'duration', 'record']) {
			if (key === 'duration' && command !== 'snapshot') continue;
			if (values[key] !== undefined) throw new UsageError(`${flagName(key)} does not apply here: a replay shows what was recorded`);
		}
	}
	if (values.speed !== undefined && !replaying) throw new UsageError('--speed applies to --replay and --demo only');
	if (command === 'tui' && values.force !== undefined && values.record === undefined) throw new UsageError('--force applies to --record (and to record -o)');
}

/** `panes`: whose option flags are accepted (every pane this build knows, by default). */
export function parseCommand(
	argv: readonly string[],
	exists: (pid: number) => boolean = processExists,
	panes: readonly AnyPane[] = allPanes,
	owner: (pid: number) => number | undefined = processOf,
): Command {
	if (argv[0] === 'collapse') return parseCollapse(argv.slice(1));
	let parsed: {values: Values; positionals: string[]};
	try {
		parsed = parseArgs({args: joinNegativeValues(argv, OPTIONS), options: {...OPTIONS, ...paneOptionFlags(panes)}, allowPositionals: true, strict: true}) as typeof parsed;
	} catch (error) {
		throw usageErrorOf(error, '', 'tracetop --help');
	}
	const {values, positionals} = parsed;
	if (values.help) return {name: 'help'};
	if (values.version) return {name: 'version'};
	const [sub, ...extra] = positionals;
	if (sub === 'collapse') throw new UsageError('collapse takes options of its own: give them after it (tracetop collapse [OPTIONS] [FILE|-])');
	if (sub === 'flame') throw new UsageError('flame takes options of its own: give them after it (tracetop flame --help)');
	if (sub !== undefined && !(SUBCOMMANDS as readonly string[]).includes(sub)) {
		throw new UsageError(`unknown command '${sub}' (commands: ${SUBCOMMANDS.join(', ')}; see tracetop --help)`);
	}
	const fileArg = sub !== undefined && WITH_FILE.includes(sub) ? extra.shift() : undefined;
	if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}' (see tracetop --help)`);
	if (values.theme !== undefined && !themeNames.includes(values.theme)) {
		throw new UsageError(`--theme ${values.theme}: choose one of ${themeNames.join(', ')}`);
	}
	refuseInapplicable(sub ?? 'tui', values as Record<string, unknown>, Object.keys(paneOptionFlags(panes)));
	const filters = filtersFrom(values, exists, owner);
	const paneOptions = paneOptionsFrom(values as Record<string, unknown>, panes);
	const duration = rangedNumber(RANGES.duration, values.duration);
	switch (sub) {
		case 'doctor':
			return {name: 'doctor'};
		case 'open':
			if (!fileArg) throw new UsageError('open needs a FILE (folded stacks or a perf script capture)');
			return {name: 'open', file: fileArg};
		case 'record':
			if (!values.output) throw new UsageError('record needs -o FILE (where to write the recording)');
			return {name: 'record', filters, paneOptions, output: values.output, durationSec: duration, force: values.force ?? false};
		case 'snapshot':
			return {name: 'snapshot', filters, paneOptions, durationSec: duration ?? 5, json: values.json ?? false, replay: values.replay};
		default:
			if (values.replay && values.demo) throw new UsageError('--replay and --demo both choose what to show: give one');
			if (values.record && (values.replay || values.demo)) throw new UsageError('--record records live tracing: it cannot be combined with --replay or --demo');
			return {
				name: 'tui',
				filters,
				paneOptions,
				theme: values.theme,
				recordTo: values.record,
				force: values.force ?? false,
				replay: values.replay,
				speed: rangedNumber(RANGES.speed, values.speed) ?? 1,
				demo: values.demo ?? false,
				historySec: rangedNumber(RANGES.history, values.history) ?? 600,
			};
	}
}
