/**
 * The live tracing filters of the command line (-p PID, -c COMM, -i SECS, -F HZ), checked
 * and turned into the collectors' Filters. A module of its own, without the pane
 * registry, so that commands with parsers of their own (flame) check them alike.
 */
import fs from 'node:fs';
import {MAX_PIDS, type Filters} from '../../collectors/collector-spec.js';
import {UsageError} from '../errors.js';
import {COMM, DECIMAL, MAX_PID, RANGES, rangeProblem, type NumberRange} from '../option-ranges.js';
import {readBoundedOrUndefined} from '../safety/bounded-read.js';

export interface LiveValues {
	pid?: string[];
	comm?: string;
	interval?: string;
	frequency?: string;
}

/** A number option checked against its documented range (option-ranges): plain decimals only, so `1e9`, `0x10` and `Infinity` are refused. */
export function rangedNumber(range: NumberRange, text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	const value = DECIMAL.test(text.trim()) ? Number(text) : Number.NaN;
	const problem = rangeProblem(range, value);
	if (problem) throw new UsageError(`${range.flag} ${text}: ${problem}`);
	return value;
}

/** The process a pid belongs to (its Tgid), or undefined when there is no such task. */
export function processOf(pid: number): number | undefined {
	const status = readBoundedOrUndefined(`/proc/${pid}/status`);
	const tgid = status === undefined ? undefined : /^Tgid:\s*(\d+)/m.exec(status)?.[1];
	return tgid === undefined ? undefined : Number(tgid);
}

/**
 * A -p value: a process id that exists. A thread id is refused with its process named:
 * the collectors match processes, so a thread id would silently match nothing.
 */
export function validatePid(text: string, exists: (pid: number) => boolean, owner: (pid: number) => number | undefined = processOf): number {
	if (!/^\d+$/.test(text) || Number(text) <= 0 || Number(text) > MAX_PID) {
		throw new UsageError(`-p ${text}: a PID is a whole number from 1 to ${MAX_PID}`);
	}
	const pid = Number(text);
	if (!exists(pid)) throw new UsageError(`-p ${pid}: no such process`);
	const process = owner(pid);
	if (process !== undefined && process !== pid) {
		throw new UsageError(`-p ${pid}: a thread of process ${process}; give -p ${process} (tracetop follows whole processes, all their threads)`);
	}
	return pid;
}

export function validateComm(text: string): string {
	if (!COMM.test(text)) {
		throw new UsageError(`-c ${JSON.stringify(text)}: a command name is 1 to 15 printable characters (as in /proc/PID/comm)`);
	}
	return text;
}

export const processExists = (pid: number): boolean => fs.existsSync(`/proc/${pid}`);

export function filtersFrom(values: LiveValues, exists: (pid: number) => boolean = processExists, owner?: (pid: number) => number | undefined): Filters {
	const pids = [...new Set((values.pid ?? []).map(p => validatePid(p, exists, owner)))];
	if (pids.length > MAX_PIDS) throw new UsageError(`-p: at most ${MAX_PIDS} processes (got ${pids.length})`);
	return {
		intervalSec: rangedNumber(RANGES.interval, values.interval) ?? 1,
		hz: rangedNumber(RANGES.frequency, values.frequency),
		pids,
		comm: values.comm === undefined ? undefined : validateComm(values.comm),
	};
}
