/**
 * What a pane asks for: its collectors, each of one kind.
 *
 * - `bpftrace`: one bpftrace child process running a script from collectors/. Filter
 *   values travel as positional parameters, never as script text, and every script takes
 *   the same ones: $1 interval seconds, $2 comm ("" = any), $3..$10 process IDs (0 =
 *   unused slot; all 0 = any process), $11 sampling frequency in Hz (for the profile
 *   collector); a pane's own options follow from $12 on, in the order the pane passes
 *   them (`extraArgs`), documented in the script's header.
 * - `sampler`: an in-process reader of /proc and /sys (collectors/samplers/NAME.ts), run
 *   on the session's interval timer. It needs no child process and usually no privilege.
 *
 * Both kinds emit JSON lines and an interval marker into the same line stream.
 *
 * Every bpftrace collector double-buffers what it prints per interval. bpftrace runs a
 * probe's print() and clear() later, in its own process, one after the other: an event
 * that lands in a map between its print and its clear is lost, and that window is as
 * long as bpftrace takes to print (seconds for a map of many processes on a loaded
 * machine; half of all calls were lost so). So each map is two, `@NAME_0` and `@NAME_1`:
 * the probes write the half `@odd` names, and the interval probe flips `@odd` and prints
 * and clears the half no longer written. It flips only once bpftrace has cleared the half
 * it printed before (`@busy`, set at the flip and cleared by a clear() queued after the
 * others); while bpftrace is a whole interval behind, intervals are joined. Each printed
 * interval opens with `span INTERVALS FORCED`: how many intervals it covers, and 1 when
 * bpftrace was 10 intervals behind and the half was reused anyway (events may be missing).
 * The parser (interval-halves.ts) turns both halves into `@NAME` and the line into a
 * `span` record; the pipeline makes the sample that long and counts forced ones.
 */
import path from 'node:path';
import {packageRoot} from '../source/package-root.js';

export interface Filters {
	/** Seconds between samples. */
	intervalSec: number;
	/** Process IDs to keep (at most MAX_PIDS); empty keeps all. */
	pids: number[];
	/** Command name to keep; undefined keeps all. */
	comm?: string;
	/** Stack sampling frequency, Hz (default DEFAULT_HZ). */
	hz?: number;
}

/** What a collector needs from the machine before it can start. */
export type Requirement = 'root' | 'bpftrace' | 'tracefs';

interface CommonSpec {
	/** Unique name; panes that name the same collector share one process (or sampler). */
	id: string;
	/** Runs only while a view that needs it is on screen (costly collectors). */
	onDemand: boolean;
	requires: readonly Requirement[];
}

export interface BpftraceSpec extends CommonSpec {
	kind: 'bpftrace';
	/** Script file in collectors/. */
	script: string;
	args: string[];
	env: Record<string, string>;
	/** Tracepoints the script needs, for `doctor` and for a clear message when missing. */
	tracepoints: string[];
}

export interface SamplerSpec extends CommonSpec {
	kind: 'sampler';
	/** Module name in collectors/samplers/ (listed in collectors/samplers/registry.ts). */
	sampler: string;
}

export type CollectorSpec = BpftraceSpec | SamplerSpec;
export type CollectorKind = CollectorSpec['kind'];

export const MAX_PIDS = 8;
/** 99 Hz, not 100, so sampling does not run in lockstep with timer-driven work. */
export const DEFAULT_HZ = 99;

export const scriptPath = (script: string): string => path.join(packageRoot(), 'collectors', script);

export function filterArgs(filters: Filters): string[] {
	const pidSlots = Array.from({length: MAX_PIDS}, (_, i) => String(filters.pids[i] ?? 0));
	return [String(filters.intervalSec), filters.comm ?? '', ...pidSlots, String(filters.hz ?? DEFAULT_HZ)];
}

export function bpftraceCollector(
	id: string,
	filters: Filters,
	options: {
		tracepoints: string[];
		env?: Record<string, string>;
		onDemand?: boolean;
		script?: string;
		/** The pane's own parameters, $12 on (e.g. a threshold from a pane option). */
		extraArgs?: readonly string[];
	},
): BpftraceSpec {
	return {
		id,
		kind: 'bpftrace',
		script: options.script ?? `${id}.bt`,
		args: [...filterArgs(filters), ...(options.extraArgs ?? [])],
		env: options.env ?? {},
		tracepoints: options.tracepoints,
		onDemand: options.onDemand ?? false,
		// perf-event-only scripts (profile:hz) attach without tracefs.
		requires: options.tracepoints.length > 0 ? ['root', 'bpftrace', 'tracefs'] : ['root', 'bpftrace'],
	};
}

export function samplerCollector(id: string, sampler: string, options: {onDemand?: boolean; requires?: readonly Requirement[]} = {}): SamplerSpec {
	return {id, kind: 'sampler', sampler, onDemand: options.onDemand ?? false, requires: options.requires ?? []};
}
