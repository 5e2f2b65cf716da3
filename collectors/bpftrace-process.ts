/**
 * Starts one bpftrace collector process. The only place that spawns bpftrace.
 *
 * bpftrace runs under `setpriv --pdeathsig KILL`, so the kernel kills it when tracetop
 * dies for any reason, SIGKILL included (and a parent check closes the moment before the
 * signal is set, see PARENT_CHECK); stdout is streamed line by line (execa with
 * `buffer: false`), stderr is handed over line by line for messages.
 */
import {execa} from 'execa';
import {scriptPath, type BpftraceSpec} from './collector-spec.js';
import type {Launcher} from './launcher.js';
import {DEFAULT_MAX_LINE_BYTES, MESSAGE_LINE_BYTES, streamLines} from '../source/safety/bounded-lines.js';

/** What a collector line cut by the line bound becomes: not JSON, so counted as unreadable. */
export const CUT_LINE = `tracetop: a collector line longer than ${DEFAULT_MAX_LINE_BYTES} bytes was cut`;

/** Default map size for per-thread timestamp maps; bpftrace's own default is 4096. */
const MAP_KEYS_MAX = '65536';

/**
 * Runs after setpriv has set the parent-death signal and before bpftrace starts: if
 * tracetop died before that (SIGKILL in the moment between fork and prctl, which the
 * parent-death signal cannot cover), the child's parent is no longer tracetop, and it
 * exits instead of starting an orphan bpftrace. After the check, the signal covers it.
 * $0 is tracetop's pid.
 */
export const PARENT_CHECK = 'test "$PPID" = "$0" || exit 111; exec "$@"';

/** `command` under setpriv's parent-death signal and the parent check: dies with tracetop, or never starts. */
export function guardedCommand(command: readonly string[], parentPid = process.pid): {file: string; args: string[]} {
	return {file: 'setpriv', args: ['--pdeathsig', 'KILL', '--', 'sh', '-c', PARENT_CHECK, String(parentPid), ...command]};
}

const bpftraceCommand = (spec: BpftraceSpec) => guardedCommand(['bpftrace', '-f', 'json', scriptPath(spec.script), ...spec.args]);

export const launchBpftrace: Launcher<BpftraceSpec> = (spec, handlers) => {
	const {file, args} = bpftraceCommand(spec);
	const child = execa(file, args, {
		buffer: false,
		reject: false,
		stdin: 'ignore',
		env: {BPFTRACE_MAP_KEYS_MAX: MAP_KEYS_MAX, ...spec.env},
		// tracetop kills its children itself; execa's own exit hook would race it.
		cleanup: false,
	});
	// Bounded lines: a collector printing without newlines cannot grow tracetop's heap. A
	// map line over the bound is dropped and passed on as CUT_LINE, which the parser
	// counts as unreadable, live and in a recording alike; a long stderr line keeps its
	// start (the message) and costs nothing more however long it runs.
	let reportedCuts = 0;
	const out = streamLines(child.stdout!, {maxLineBytes: DEFAULT_MAX_LINE_BYTES}, line => {
		for (; reportedCuts < out.cutLines; reportedCuts++) handlers.line(CUT_LINE);
		handlers.line(line);
	}, () => {
		for (; reportedCuts < out.cutLines; reportedCuts++) handlers.line(CUT_LINE);
	});
	streamLines(child.stderr!, {maxLineBytes: MESSAGE_LINE_BYTES, long: 'truncate'}, handlers.stderr);
	const exited = child.then(
		result => handlers.exit(result.exitCode ?? null, result.signal ?? null),
		(error: unknown) => handlers.exit(null, String(error)),
	);
	return {
		pid: child.pid,
		async stop(graceMs = 1500) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		},
		kill() {
			child.kill('SIGKILL');
		},
	};
};
