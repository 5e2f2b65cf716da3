/**
 * `tracetop flame` options: recording (-d, -F, -p, -c, --off-cpu), or rendering stacks
 * someone else collected (--input FILE, --diff BEFORE AFTER), and flamegraph.pl's own
 * options with the same meaning, so scripts written for flamegraph.pl keep working.
 * Parsed without the pane registry or the dashboard's options: `flame --input` starts in
 * about the time Node does.
 */
import {parseArgs} from 'node:util';
import type {Filters} from '../../collectors/collector-spec.js';
import {UsageError} from '../errors.js';
import {PALETTES, type Palette} from '../exporters/flamegraph-colors.js';
import type {FlameGraphSvgOptions} from '../exporters/flamegraph-svg.js';
import {RANGES} from '../option-ranges.js';
import {filtersFrom, rangedNumber} from './live-filters.js';
import {joinNegativeValues, usageErrorOf} from './parse-args.js';

export interface FlameSvgChoices extends FlameGraphSvgOptions {
	/** flamegraph.pl --reverse: each stack's frames in the other order before merging. */
	reverse?: boolean;
}

export interface FlameCommand {
	name: 'flame';
	filters: Filters;
	durationSec: number;
	offCpu: boolean;
	output: string;
	/** Render these stacks instead of recording. */
	input?: string;
	/** A differential of two profiles instead of recording (difffolded.pl | flamegraph.pl). */
	diff?: {before: string; after: string; normalize: boolean};
	force: boolean;
	/** flamegraph.pl's options given on the command line. */
	svg: FlameSvgChoices;
}

export const FLAME_USAGE = `Usage: tracetop flame [-d SECS] [-F HZ] [-p PID]... [-c COMM] [--off-cpu] [OPTIONS] -o FILE   record, then write FILE
       tracetop flame --input STACKS [OPTIONS] -o FILE               render stacks (folded, perf script, bpftrace, pprof)
       tracetop flame --diff BEFORE AFTER [--normalize] [OPTIONS] -o FILE   a differential flame graph

FILE by its extension: .svg, .folded, .speedscope.json, .pb.gz (pprof), or - for folded stacks on stdout.

Recording:
  -d, --duration SECS  how long (default 10)        -F, --frequency HZ  samples per second (default 99)
  -p, --pid PID        only these processes         -c, --comm COMM     only this command name
  -i, --interval SECS  seconds per sample           --off-cpu           where threads block, in microseconds
Input:
  --input FILE         stacks to render instead of recording
  --diff BEFORE AFTER  AFTER's shape, red where a frame's own samples grew, blue where they shrank
  --normalize          with --diff: scale BEFORE to AFTER's total first (difffolded.pl -n)
  --force              replace an existing FILE (never through a symlink)
SVG, as flamegraph.pl:
  --title TEXT  --subtitle TEXT    --width PX (1200)  --height PX (frame height, 16)
  --minwidth PX|N%  (0.1)          --fonttype FONT (Verdana)  --fontsize PX (12)
  --countname TEXT (samples)       --nametype TEXT (Function:)
  --colors ${PALETTES.join('|')}
  --hash  --random                 colour by name hash, or at random
  --reverse  --inverted  --flamechart  --negate  --notes TEXT
  -h, --help`;

const FLAME_OPTIONS = {
	output: {type: 'string', short: 'o'},
	input: {type: 'string'},
	diff: {type: 'boolean'},
	normalize: {type: 'boolean'},
	force: {type: 'boolean'},
	pid: {type: 'string', short: 'p', multiple: true},
	comm: {type: 'string', short: 'c'},
	interval: {type: 'string', short: 'i'},
	frequency: {type: 'string', short: 'F'},
	duration: {type: 'string', short: 'd'},
	'off-cpu': {type: 'boolean'},
	title: {type: 'string'},
	subtitle: {type: 'string'},
	width: {type: 'string'},
	height: {type: 'string'},
	minwidth: {type: 'string'},
	fonttype: {type: 'string'},
	fontsize: {type: 'string'},
	countname: {type: 'string'},
	nametype: {type: 'string'},
	colors: {type: 'string'},
	// flamegraph.pl's own documentation spells it --color (Getopt::Long takes the prefix).
	color: {type: 'string'},
	hash: {type: 'boolean'},
	random: {type: 'boolean'},
	reverse: {type: 'boolean'},
	inverted: {type: 'boolean'},
	flamechart: {type: 'boolean'},
	negate: {type: 'boolean'},
	notes: {type: 'string'},
	help: {type: 'boolean', short: 'h'},
} as const;

const RECORDING = ['pid', 'comm', 'interval', 'frequency', 'duration', 'off-cpu'] as const;
const SVG_ONLY = ['title', 'subtitle', 'width', 'height', 'minwidth', 'fonttype', 'fontsize', 'countname', 'nametype', 'colors', 'color', 'hash', 'random', 'reverse', 'inverted', 'flamechart', 'negate', 'notes'] as const;

type Values = ReturnType<typeof parseArgs<{options: typeof FLAME_OPTIONS; allowPositionals: true}>>['values'];

const flag = (name: string): string => {
	const short = (FLAME_OPTIONS as Record<string, {short?: string}>)[name]?.short;
	return short ? `-${short}` : `--${name}`;
};

/** A whole number of pixels in [min, max] (flamegraph.pl reads --width and --height as integers). */
function pixels(name: string, text: string | undefined, min: number, max: number): number | undefined {
	if (text === undefined) return undefined;
	const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
	if (!(value >= min && value <= max)) throw new UsageError(`--${name} ${text}: expected a whole number of pixels from ${min} to ${max}`);
	return value;
}

function fontSize(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	const value = /^(?:\d+(?:\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
	if (!(value > 0 && value <= 1000)) throw new UsageError(`--fontsize ${text}: expected a number of pixels above 0, up to 1000`);
	return value;
}

/** flamegraph.pl's --minwidth: pixels, or a percentage of all samples with a % sign. */
function minWidth(text: string | undefined): FlameGraphSvgOptions['minWidth'] {
	if (text === undefined) return undefined;
	const m = /^(\d+(?:\.\d*)?|\.\d+)(%?)$/.exec(text);
	const value = m ? Number(m[1]) : Number.NaN;
	const percent = m?.[2] === '%';
	if (!Number.isFinite(value) || (percent && value > 100)) throw new UsageError(`--minwidth ${text}: expected pixels (0.1) or a percentage of all samples up to 100 (0.5%)`);
	return {value, unit: percent ? '%' : 'px'};
}

function palette(values: Values): Palette | undefined {
	if (values.colors !== undefined && values.color !== undefined) throw new UsageError('--colors and --color are the same option: give one');
	const text = values.colors ?? values.color;
	if (text === undefined) return undefined;
	if (!(PALETTES as readonly string[]).includes(text)) throw new UsageError(`--colors ${text}: choose one of ${PALETTES.join(', ')}`);
	return text as Palette;
}

function fontType(text: string | undefined): string | undefined {
	if (text === undefined) return undefined;
	// It goes into the SVG's CSS: a font list, nothing that could end the rule.
	if (!/^[\w .,'"-]{1,200}$/.test(text)) throw new UsageError(`--fonttype ${JSON.stringify(text)}: a font family list (letters, digits, spaces, commas, quotes, - and .)`);
	return text;
}

function notes(text: string | undefined): string | undefined {
	if (text === undefined) return undefined;
	// An XML comment: flamegraph.pl refuses < and >; "--" or a control character would break the comment.
	if (/[<>\u0000-\u001f\u007f]|--|-$/.test(text)) throw new UsageError('--notes: the text may not contain <, >, "--", a trailing - or control characters (it becomes an XML comment)');
	return text;
}

function svgChoices(values: Values): FlameSvgChoices {
	const choices: FlameSvgChoices = {
		title: values.title,
		subtitle: values.subtitle,
		width: pixels('width', values.width, 2 * 10 + 1, 100_000),
		frameHeight: pixels('height', values.height, 2, 1000),
		minWidth: minWidth(values.minwidth),
		fontType: fontType(values.fonttype),
		fontSize: fontSize(values.fontsize),
		countName: values.countname,
		nameType: values.nametype,
		colors: {palette: palette(values), hash: values.hash, random: values.random},
		inverted: values.inverted,
		flameChart: values.flamechart,
		negate: values.negate,
		notes: notes(values.notes),
		reverse: values.reverse,
	};
	return Object.fromEntries(Object.entries(choices).filter(([, v]) => v !== undefined)) as FlameSvgChoices;
}

function refuse(values: Values, names: readonly string[], why: string): void {
	for (const name of names) if ((values as Record<string, unknown>)[name] !== undefined) throw new UsageError(`${flag(name)} ${why}`);
}

/** `args`: what follows `flame` on the command line. */
export function parseFlame(args: readonly string[]): FlameCommand | {name: 'help'} {
	let parsed;
	try {
		parsed = parseArgs({args: joinNegativeValues(args, FLAME_OPTIONS), options: FLAME_OPTIONS, allowPositionals: true, strict: true});
	} catch (error) {
		throw usageErrorOf(error, 'flame: ', 'tracetop flame --help');
	}
	const {values, positionals} = parsed;
	if (values.help) return {name: 'help'};
	if (values.diff) {
		if (positionals.length !== 2) throw new UsageError(`flame --diff takes two profiles, BEFORE and AFTER (got ${positionals.length})`);
		if (values.input !== undefined) throw new UsageError('flame: --input and --diff both choose what to draw: give one');
		if (positionals[0] === '-' && positionals[1] === '-') throw new UsageError('flame --diff: BEFORE and AFTER cannot both be stdin');
	} else if (positionals.length > 0) throw new UsageError(`flame: unexpected argument '${positionals[0]}' (--input FILE renders a file; see tracetop flame --help)`);
	if (values.normalize && !values.diff) throw new UsageError('--normalize applies to --diff only');
	if (values.input !== undefined || values.diff) {
		refuse(values, RECORDING, `does not apply here: flame ${values.diff ? '--diff' : '--input'} renders existing stacks`);
	}
	if (values.flamechart && values.input === undefined) throw new UsageError('--flamechart needs --input: folded stacks in time order');
	if (!values.output) throw new UsageError('flame needs -o FILE (.svg, .folded, .speedscope.json or .pb.gz; - for folded on stdout)');
	if (!values.output.endsWith('.svg')) refuse(values, SVG_ONLY, `applies to an SVG only (-o FILE.svg)`);
	if (values.diff && !/\.(?:svg|folded)$/.test(values.output) && values.output !== '-') throw new UsageError(`flame --diff -o ${values.output}: writes .svg, or .folded or - for difffolded.pl's three columns`);
	return {
		name: 'flame',
		filters: filtersFrom(values),
		durationSec: rangedNumber(RANGES.duration, values.duration) ?? 10,
		offCpu: values['off-cpu'] ?? false,
		output: values.output,
		input: values.input,
		diff: values.diff ? {before: positionals[0]!, after: positionals[1]!, normalize: values.normalize ?? false} : undefined,
		force: values.force ?? false,
		svg: svgChoices(values),
	};
}
