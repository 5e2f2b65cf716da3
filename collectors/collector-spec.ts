/**
 * What a pane asks for: one collector process and the values it is started with.
 * Filter values travel as bpftrace positional parameters, never as script text, and
 * every script takes the same ones: $1 interval seconds, $2 comm ("" = any),
 * $3..$10 process IDs (0 = unused slot; all 0 = any process), $11 sampling frequency
 * in Hz (for the profile collector).
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

export interface CollectorSpec {
	/** Unique name; panes that name the same collector share one process. */
	id: string;
	kind: 'bpftrace';
	/** Script file in collectors/. */
	script: string;
	args: string[];
	env: Record<string, string>;
	/** Tracepoints the script needs, for `doctor` and for a clear message when missing. */
	tracepoints: string[];
	/** Runs only while a view that needs it is on screen (costly collectors). */
	onDemand: boolean;
}

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
	options: {tracepoints: string[]; env?: Record<string, string>; onDemand?: boolean; script?: string},
): CollectorSpec {
	return {
		id,
		kind: 'bpftrace',
		script: options.script ?? `${id}.bt`,
		args: filterArgs(filters),
		env: options.env ?? {},
		tracepoints: options.tracepoints,
		onDemand: options.onDemand ?? false,
	};
}
