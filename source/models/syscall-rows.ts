/**
 * The syscall pane's rows, sorts and filters, computed here so the view only draws and
 * snapshot text reuses them: the per-syscall table, the table grouped by process, and
 * the slow-call log.
 */
import {summarize, type Histogram} from './log2-histogram.js';
import {errnoName, syscallName} from './syscall-names.js';
import type {ProcessStat, SlowCall, SyscallStat, SyscallsSample} from './syscalls.js';

/** Orders cycled by `s`; the first (total time) is the default. */
export const SYSCALL_SORTS = ['total', 'calls', 'errors', 'p99', 'max', 'name'] as const;
export type SyscallSort = (typeof SYSCALL_SORTS)[number];

export const sortAt = (index: number): SyscallSort => SYSCALL_SORTS[((index % SYSCALL_SORTS.length) + SYSCALL_SORTS.length) % SYSCALL_SORTS.length]!;

export interface SyscallRow {
	kind: 'syscall';
	/** Unique among the rows on screen. */
	key: string;
	nr: number;
	name: string;
	calls: number;
	callsPerSec: number;
	errors: number;
	errorsPerSec: number;
	/** The commonest errno's name, null without errors. */
	topErrno: string | null;
	totalNs: number;
	/** Time inside the call per second of wall time: 2.5 means 2.5 threads in it on average. */
	wallShare: number;
	avgNs: number | null;
	p50Ns: number | null;
	p99Ns: number | null;
	maxNs: number | null;
	histogram: Histogram;
}

const perSec = (n: number, sec: number): number => (sec > 0 ? n / sec : n);
const share = (ns: number, sec: number): number => (sec > 0 ? ns / (sec * 1e9) : 0);

export function syscallRow(stat: SyscallStat, arch: string, durationSec: number): SyscallRow {
	const s = summarize(stat.histogram, stat.maxNs);
	const calls = stat.histogram.count;
	const top = stat.errnos[0];
	return {
		kind: 'syscall',
		key: `s${stat.nr}`,
		nr: stat.nr,
		name: syscallName(arch, stat.nr),
		calls,
		callsPerSec: perSec(calls, durationSec),
		errors: stat.errors,
		errorsPerSec: perSec(stat.errors, durationSec),
		topErrno: top ? errnoName(top[0]) : null,
		totalNs: stat.totalNs,
		wallShare: share(stat.totalNs, durationSec),
		avgNs: calls > 0 ? stat.totalNs / calls : null,
		p50Ns: s.p50,
		p99Ns: s.p99,
		maxNs: s.max,
		histogram: stat.histogram,
	};
}

const compareSyscalls: Record<SyscallSort, (a: SyscallRow, b: SyscallRow) => number> = {
	total: (a, b) => b.totalNs - a.totalNs,
	calls: (a, b) => b.calls - a.calls,
	errors: (a, b) => b.errors - a.errors,
	p99: (a, b) => (b.p99Ns ?? -1) - (a.p99Ns ?? -1),
	max: (a, b) => (b.maxNs ?? -1) - (a.maxNs ?? -1),
	name: (a, b) => a.name.localeCompare(b.name),
};

const matches = (text: string, needle: string): boolean => text.toLowerCase().includes(needle);

/** Per-syscall rows, sorted (ties by total time, then number) and filtered by name. */
export function syscallRows(sample: SyscallsSample, sort: SyscallSort, filter = ''): SyscallRow[] {
	const needle = filter.trim().toLowerCase();
	return sample.calls
		.map(c => syscallRow(c, sample.arch, sample.durationSec))
		.filter(r => r.calls + r.errors > 0 && (needle === '' || matches(r.name, needle)))
		.sort((a, b) => compareSyscalls[sort](a, b) || b.totalNs - a.totalNs || a.nr - b.nr);
}

export interface ProcessRow {
	kind: 'process';
	key: string;
	pid: number;
	comm: string;
	calls: number;
	callsPerSec: number;
	totalNs: number;
	wallShare: number;
	avgNs: number | null;
	/** The syscall it spends most time in. */
	topSyscall: string | null;
	expanded: boolean;
}

/** One of an expanded process's syscalls (no histogram: the collector keeps those per syscall only). */
export interface ProcessSyscallRow {
	kind: 'process-syscall';
	key: string;
	pid: number;
	nr: number;
	name: string;
	calls: number;
	callsPerSec: number;
	totalNs: number;
	wallShare: number;
	avgNs: number | null;
}

export interface OthersRow {
	kind: 'others';
	key: 'others';
	processes: number;
	calls: number;
	callsPerSec: number;
	totalNs: number;
	wallShare: number;
	avgNs: number | null;
}

export type GroupedRow = ProcessRow | ProcessSyscallRow | OthersRow;

/** The key `g`'s expansion set holds for a process. */
export const processKey = (p: {pid: number; comm: string}): string => `p${p.pid}/${p.comm}`;

const compareProcesses = (sort: SyscallSort) => (a: ProcessStat, b: ProcessStat): number =>
	(sort === 'calls' ? b.count - a.count : sort === 'name' ? a.comm.localeCompare(b.comm) : 0) ||
	b.totalNs - a.totalNs ||
	a.pid - b.pid;

/**
 * The table grouped by process: the kept processes (by total time, or by calls or comm
 * with those sorts; per-syscall sorts fall back to total time), each followed by its
 * syscalls when its key is in `expanded`, and one "others" row for the processes past
 * the cap. The filter keeps a process when its comm, pid or one of its syscalls matches;
 * an expanded process then lists only the matching syscalls unless comm or pid matched.
 */
export function groupedRows(sample: SyscallsSample, sort: SyscallSort, filter: string, expanded: ReadonlySet<string>): GroupedRow[] {
	const needle = filter.trim().toLowerCase();
	const sec = sample.durationSec;
	const rows: GroupedRow[] = [];
	for (const p of [...sample.processes].sort(compareProcesses(sort))) {
		const named = p.bySyscall.map(s => ({...s, name: syscallName(sample.arch, s.nr)}));
		const selfMatch = needle === '' || matches(p.comm, needle) || String(p.pid) === needle;
		const children = selfMatch ? named : named.filter(s => matches(s.name, needle));
		if (!selfMatch && children.length === 0) continue;
		const key = processKey(p);
		const open = expanded.has(key);
		rows.push({
			kind: 'process',
			key,
			pid: p.pid,
			comm: p.comm,
			calls: p.count,
			callsPerSec: perSec(p.count, sec),
			totalNs: p.totalNs,
			wallShare: share(p.totalNs, sec),
			avgNs: p.count > 0 ? p.totalNs / p.count : null,
			topSyscall: named[0]?.name ?? null,
			expanded: open,
		});
		if (!open) continue;
		for (const s of sort === 'calls' ? [...children].sort((a, b) => b.count - a.count || a.nr - b.nr) : children) {
			rows.push({
				kind: 'process-syscall',
				key: `${key}/${s.nr}`,
				pid: p.pid,
				nr: s.nr,
				name: s.name,
				calls: s.count,
				callsPerSec: perSec(s.count, sec),
				totalNs: s.totalNs,
				wallShare: share(s.totalNs, sec),
				avgNs: s.count > 0 ? s.totalNs / s.count : null,
			});
		}
	}
	if (sample.others.count > 0 && (needle === '' || matches('others', needle))) {
		rows.push({
			kind: 'others',
			key: 'others',
			processes: sample.others.processes,
			calls: sample.others.count,
			callsPerSec: perSec(sample.others.count, sec),
			totalNs: sample.others.totalNs,
			wallShare: share(sample.others.totalNs, sec),
			avgNs: sample.others.count > 0 ? sample.others.totalNs / sample.others.count : null,
		});
	}
	return rows;
}

export interface SlowRow {
	key: string;
	time: string;
	comm: string;
	pid: number;
	tid: number;
	name: string;
	durationNs: number;
	ret: number;
	/** `-ENOENT` style for a failed call, else the number. */
	result: string;
}

const isErrorReturn = (ret: number): boolean => ret < 0 && ret >= -4095;

export const returnText = (ret: number): string => (isErrorReturn(ret) ? `-${errnoName(-ret)}` : String(ret));

/** The slow-call log, newest first, filtered by comm or syscall name or pid. */
export function slowRows(sample: SyscallsSample, filter = ''): SlowRow[] {
	const needle = filter.trim().toLowerCase();
	const rows = sample.slow.map((c: SlowCall, i): SlowRow => {
		const name = syscallName(sample.arch, c.nr);
		return {key: `${i}`, time: c.time, comm: c.comm, pid: c.pid, tid: c.tid, name, durationNs: c.durationNs, ret: c.ret, result: returnText(c.ret)};
	});
	return rows.filter(r => needle === '' || matches(r.comm, needle) || matches(r.name, needle) || String(r.pid) === needle).reverse();
}

/** The heaviest syscall (by total time): the one selected when the pane opens. */
export const heaviestSyscall = (sample: SyscallsSample): number | null => syscallRows(sample, 'total')[0]?.nr ?? null;

/** One syscall's p99 per sample (null where it made no calls), for the history sparkline. */
export function p99History(history: readonly SyscallsSample[], nr: number): Array<number | null> {
	return history.map(s => {
		const stat = s.calls.find(c => c.nr === nr);
		return stat && stat.histogram.count > 0 ? summarize(stat.histogram, stat.maxNs).p99 : null;
	});
}

/** All syscalls traced per second in a sample (the pane header's cost line). */
export const callsPerSecond = (sample: SyscallsSample): number =>
	perSec(
		sample.calls.reduce((n, c) => n + c.histogram.count, 0),
		sample.durationSec,
	);

/**
 * CPU time tracing adds to each syscall, ns: bench/syscall-overhead.mjs on this project's
 * machine (the getppid loop's CPU time under syscalls.bt minus untraced; README
 * "Measurements"). It varies by CPU and kernel; the header says it is a measurement.
 */
export const TRACING_NS_PER_CALL = 1700;

/** What tracing costs at this sample's rate: calls/s, ns per call, and the share of one CPU. */
export function tracingCost(sample: SyscallsSample): {callsPerSec: number; nsPerCall: number; cpuShare: number} {
	const rate = callsPerSecond(sample);
	return {callsPerSec: rate, nsPerCall: TRACING_NS_PER_CALL, cpuShare: (rate * TRACING_NS_PER_CALL) / 1e9};
}
