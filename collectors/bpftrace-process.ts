/**
 * Starts one bpftrace collector process. The only place that spawns bpftrace.
 *
 * bpftrace runs under `setpriv --pdeathsig KILL`, so the kernel kills it when tracetop
 * dies for any reason, SIGKILL included; stdout is streamed line by line (execa with
 * `buffer: false`), stderr is handed over line by line for messages.
 */
import {createInterface} from 'node:readline';
import {execa} from 'execa';
import type {CollectorSpec} from './collector-spec.js';
import {scriptPath} from './collector-spec.js';

export interface ProcessHandlers {
	line(line: string): void;
	stderr(line: string): void;
	exit(code: number | null, signal: string | null): void;
}

export interface RunningProcess {
	readonly pid: number | undefined;
	/** Ask it to stop (SIGTERM), then SIGKILL after `graceMs`; resolves once it exited. */
	stop(graceMs?: number): Promise<void>;
	/** Immediate SIGKILL, safe to call from a synchronous exit path. */
	kill(): void;
}

export type Launcher = (spec: CollectorSpec, handlers: ProcessHandlers) => RunningProcess;

/** Default map size for per-thread timestamp maps; bpftrace's own default is 4096. */
const MAP_KEYS_MAX = '65536';

function bpftraceCommand(spec: CollectorSpec): {file: string; args: string[]} {
	return {
		file: 'setpriv',
		args: ['--pdeathsig', 'KILL', 'bpftrace', '-f', 'json', scriptPath(spec.script), ...spec.args],
	};
}

export const launchBpftrace: Launcher = (spec, handlers) => {
	const {file, args} = bpftraceCommand(spec);
	const child = execa(file, args, {
		buffer: false,
		reject: false,
		stdin: 'ignore',
		env: {BPFTRACE_MAP_KEYS_MAX: MAP_KEYS_MAX, ...spec.env},
		// tracetop kills its children itself; execa's own exit hook would race it.
		cleanup: false,
	});
	createInterface({input: child.stdout!, crlfDelay: Infinity}).on('line', handlers.line);
	createInterface({input: child.stderr!, crlfDelay: Infinity}).on('line', handlers.stderr);
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
