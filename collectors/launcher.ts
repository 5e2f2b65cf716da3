/**
 * How the supervisor starts a collector, whatever its kind: a launcher turns a spec
 * into something running that hands over lines and says when it ended.
 */
import type {CollectorSpec} from './collector-spec.js';

export interface ProcessHandlers {
	line(line: string): void;
	/** A message about the collector (bpftrace's stderr, a sampler's error). */
	stderr(line: string): void;
	exit(code: number | null, signal: string | null): void;
}

export interface RunningProcess {
	/** The child's pid; undefined for an in-process sampler. */
	readonly pid: number | undefined;
	/** Ask it to stop (SIGTERM), then SIGKILL after `graceMs`; resolves once it exited. */
	stop(graceMs?: number): Promise<void>;
	/** Immediate SIGKILL (or timer stop), safe to call from a synchronous exit path. */
	kill(): void;
}

export type Launcher<S extends CollectorSpec = CollectorSpec> = (spec: S, handlers: ProcessHandlers) => RunningProcess;

/** One launcher per kind, dispatched by the spec's kind. */
export function launcherByKind(launchers: {
	bpftrace: Launcher<Extract<CollectorSpec, {kind: 'bpftrace'}>>;
	sampler: Launcher<Extract<CollectorSpec, {kind: 'sampler'}>>;
}): Launcher {
	return (spec, handlers) => (spec.kind === 'bpftrace' ? launchers.bpftrace(spec, handlers) : launchers.sampler(spec, handlers));
}
