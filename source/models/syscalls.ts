/**
 * Syscall samples: pure functions from the syscalls collector's records to one
 * interval's sample (per syscall: latency histogram, total time, max, errors by errno;
 * per process: calls and time by syscall; the slow calls), and from samples to a merged
 * range. Every value comes from a collector's output or a recording: untrusted, checked
 * here before it is kept.
 */
import type {CollectorRecord} from '../../collectors/collector-record.js';
import {emptyHistogram, histogramFromBuckets, mergeHistograms, type Histogram} from './log2-histogram.js';

/** One syscall number's interval. */
export interface SyscallStat {
	nr: number;
	/** Latency, ns, in bpftrace's log2 buckets; its count is the exact number of calls. */
	histogram: Histogram;
	/** Summed over the processes that made it (the collector's @proc stats). */
	totalNs: number;
	/** Exact longest call, ns (bpftrace max()); null when the collector sent none. */
	maxNs: number | null;
	/** Failed calls by errno, most frequent first. */
	errnos: ReadonlyArray<readonly [errno: number, count: number]>;
	errors: number;
}

export interface ProcessSyscall {
	nr: number;
	count: number;
	totalNs: number;
}

export interface ProcessStat {
	pid: number;
	comm: string;
	count: number;
	totalNs: number;
	/** By total time, heaviest first. */
	bySyscall: readonly ProcessSyscall[];
}

/** The processes folded together past the cap. */
export interface OthersStat {
	/** Processes folded in (after a merge: at least this many). */
	processes: number;
	count: number;
	totalNs: number;
}

export interface SlowCall {
	/** Time of day the call ended, as bpftrace prints it (HH:MM:SS.uuuuuu, the host's zone). */
	time: string;
	comm: string;
	pid: number;
	tid: number;
	nr: number;
	durationNs: number;
	/** Return value; -4095..-1 is -errno. */
	ret: number;
}

export interface SyscallsSample {
	/** End of the interval, ms since the session started. */
	t: number;
	durationSec: number;
	/** Architecture of the traced machine (host facts), which numbers the syscalls. */
	arch: string;
	/** By syscall number, ascending. */
	calls: readonly SyscallStat[];
	/** The heaviest processes by syscall time, at most PROCESS_CAP. */
	processes: readonly ProcessStat[];
	others: OthersStat;
	/** Slow calls in the order they ended, at most SLOW_KEEP. */
	slow: readonly SlowCall[];
	/** Slow calls the kernel saw but did not print (past its per-interval cap) or that were not kept. */
	slowDropped: number;
	/** The threshold the collector logged slow calls at, ns (as it reported it, else the pane option). */
	slowThresholdNs: number;
}

/** Processes kept per sample; the rest become one "others" row, so a sample stays small. */
export const PROCESS_CAP = 50;
/** Slow calls kept per sample (the collector prints at most its cap per interval). */
export const SLOW_KEEP = 1000;
/** Longest comm kept from the collector: the kernel's is 15 bytes; anything longer is not a comm. */
const COMM_MAX = 64;

interface ProcAcc {
	pid: number;
	comm: string;
	bySyscall: Map<number, ProcessSyscall>;
}

export interface SyscallsAccumulator {
	histograms: ReadonlyMap<number, Histogram>;
	maxNs: ReadonlyMap<number, number>;
	procs: ReadonlyMap<string, ProcAcc>;
	errnos: ReadonlyMap<number, ReadonlyMap<number, number>>;
	slow: readonly SlowCall[];
	/** Slow calls the kernel counted in this interval (printed or not), null until @slow_calls arrives. */
	slowSeen: number | null;
	/** Slow lines beyond SLOW_KEEP, not kept. */
	slowOverflow: number;
	/** The collector's `slow_threshold` line, when it came. */
	slowThresholdNs: number | null;
}

export const beginSyscalls = (): SyscallsAccumulator => ({
	histograms: new Map(),
	maxNs: new Map(),
	procs: new Map(),
	errnos: new Map(),
	slow: [],
	slowSeen: null,
	slowOverflow: 0,
	slowThresholdNs: null,
});

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** An errno or pid as printed in a map key: a small non-negative integer. */
function keyNumber(text: string): number | null {
	if (!/^\d{1,10}$/.test(text.trim())) return null;
	return Number(text.trim());
}

/**
 * A syscall number as printed in a map key. -1 is real: the kernel reports it at
 * sys_exit for a call that seccomp or a tracer (strace, gdb) cancelled.
 */
function syscallNumber(text: string): number | null {
	if (text.trim() === '-1') return -1;
	const n = keyNumber(text);
	return n !== null && n < 1_000_000 ? n : null;
}

/**
 * `@proc`'s key `pid,comm,id`: bpftrace 0.17 joins the parts with commas and a comm can
 * hold commas itself, so the pid is up to the first comma and the id after the last.
 */
export function parseProcKey(key: string): {pid: number; comm: string; nr: number} | null {
	const first = key.indexOf(',');
	const last = key.lastIndexOf(',');
	if (first < 0 || last <= first) return null;
	const pid = keyNumber(key.slice(0, first));
	const nr = syscallNumber(key.slice(last + 1));
	const comm = key.slice(first + 1, last);
	if (pid === null || nr === null || comm.length > COMM_MAX) return null;
	return {pid, comm, nr};
}

/** `slow ID NS RET PID TID HH:MM:SS.uuuuuu COMM\n`; comm last, it may hold spaces. */
const SLOW_LINE = /^slow (-1|\d{1,6}) (\d{1,19}) (-?\d{1,20}) (\d{1,10}) (\d{1,10}) (\d\d:\d\d:\d\d(?:\.\d{1,9})?) ([^]*)$/;

const SLOW_THRESHOLD_LINE = /^slow_threshold (\d{1,15}) \d{1,10}\n?$/;

export function parseSlowLine(text: string): SlowCall | null {
	const m = SLOW_LINE.exec(text.endsWith('\n') ? text.slice(0, -1) : text);
	if (!m) return null;
	const [, nr, ns, ret, pid, tid, time, comm] = m;
	const values = [nr, ns, ret, pid, tid].map(Number);
	if (!values.every(Number.isSafeInteger) || comm!.length > COMM_MAX) return null;
	return {time: time!, comm: comm!, pid: values[3]!, tid: values[4]!, nr: values[0]!, durationNs: values[1]!, ret: values[2]!};
}

export function accumulateSyscalls(acc: SyscallsAccumulator, record: CollectorRecord): SyscallsAccumulator {
	switch (record.type) {
		case 'hist': {
			if (record.map !== '@ns') return acc;
			const histograms = new Map<number, Histogram>();
			for (const {key, value} of record.entries) {
				const nr = syscallNumber(key);
				if (nr !== null) histograms.set(nr, histogramFromBuckets(value.filter(b => isCount(b.count))));
			}
			return {...acc, histograms};
		}
		case 'map':
			return accumulateMap(acc, record.map, record.entries);
		case 'stats': {
			if (record.map !== '@proc') return acc;
			const procs = new Map<string, ProcAcc>();
			for (const {key, value} of record.entries) {
				const k = parseProcKey(key);
				if (!k || !isCount(value.count) || !isCount(value.total)) continue;
				const id = `${k.pid}\u0000${k.comm}`;
				const proc = procs.get(id) ?? {pid: k.pid, comm: k.comm, bySyscall: new Map()};
				proc.bySyscall.set(k.nr, {nr: k.nr, count: value.count, totalNs: value.total});
				procs.set(id, proc);
			}
			return {...acc, procs};
		}
		case 'printf': {
			const threshold = SLOW_THRESHOLD_LINE.exec(record.text);
			if (threshold) return {...acc, slowThresholdNs: Number(threshold[1])};
			const call = parseSlowLine(record.text);
			if (!call) return acc;
			if (acc.slow.length >= SLOW_KEEP) return {...acc, slowOverflow: acc.slowOverflow + 1};
			return {...acc, slow: [...acc.slow, call]};
		}
		default:
			return acc;
	}
}

function accumulateMap(acc: SyscallsAccumulator, map: string, entries: ReadonlyArray<{key: string; value: number | string}>): SyscallsAccumulator {
	if (map === '@max_ns') {
		const maxNs = new Map<number, number>();
		for (const {key, value} of entries) {
			const nr = syscallNumber(key);
			if (nr !== null && isCount(value)) maxNs.set(nr, value);
		}
		return {...acc, maxNs};
	}
	if (map === '@errno') {
		const errnos = new Map<number, Map<number, number>>();
		for (const {key, value} of entries) {
			const [nrText, errnoText, extra] = key.split(',');
			const nr = syscallNumber(nrText ?? '');
			const errno = keyNumber(errnoText ?? '');
			if (nr === null || errno === null || extra !== undefined || !isCount(value)) continue;
			const byErrno = errnos.get(nr) ?? new Map<number, number>();
			byErrno.set(errno, value);
			errnos.set(nr, byErrno);
		}
		return {...acc, errnos};
	}
	if (map === '@slow_calls') {
		const value = entries.find(e => e.key === '')?.value;
		return isCount(value) ? {...acc, slowSeen: value} : acc;
	}
	return acc;
}

/** What finish needs from the session: the interval, the traced machine's architecture, the pane's options. */
export interface SyscallsFinishContext {
	intervalSec: number;
	host: {arch: string};
	options: Readonly<Record<string, number>>;
}

/** The pane option `slowMs` (the collector's threshold before it reports one). */
export const DEFAULT_SLOW_MS = 10;

const byTotalThenNr = (a: {totalNs: number; nr: number}, b: {totalNs: number; nr: number}) => b.totalNs - a.totalNs || a.nr - b.nr;
const byTotalThenPid = (a: ProcessStat, b: ProcessStat) => b.totalNs - a.totalNs || a.pid - b.pid || a.comm.localeCompare(b.comm);

const sortedErrnos = (m: ReadonlyMap<number, number>): Array<readonly [number, number]> =>
	[...m].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]);

function processStat(p: ProcAcc): ProcessStat {
	const bySyscall = [...p.bySyscall.values()].sort(byTotalThenNr);
	return {
		pid: p.pid,
		comm: p.comm,
		count: bySyscall.reduce((n, s) => n + s.count, 0),
		totalNs: bySyscall.reduce((n, s) => n + s.totalNs, 0),
		bySyscall,
	};
}

/** The heaviest `cap` processes; the rest summed into `others` (with what was already there). */
function capProcesses(all: ProcessStat[], others: OthersStat, cap = PROCESS_CAP): {processes: ProcessStat[]; others: OthersStat} {
	const sorted = all.sort(byTotalThenPid);
	const rest = sorted.slice(cap);
	return {
		processes: sorted.slice(0, cap),
		others: {
			processes: others.processes + rest.length,
			count: others.count + rest.reduce((n, p) => n + p.count, 0),
			totalNs: others.totalNs + rest.reduce((n, p) => n + p.totalNs, 0),
		},
	};
}

const noOthers: OthersStat = {processes: 0, count: 0, totalNs: 0};

export function finishSyscalls(acc: SyscallsAccumulator, t: number, ctx: SyscallsFinishContext): SyscallsSample {
	const procs = [...acc.procs.values()].map(processStat);
	const totals = new Map<number, number>();
	for (const p of procs) for (const s of p.bySyscall) totals.set(s.nr, (totals.get(s.nr) ?? 0) + s.totalNs);
	const numbers = new Set([...acc.histograms.keys(), ...acc.errnos.keys()]);
	const calls: SyscallStat[] = [...numbers]
		.sort((a, b) => a - b)
		.map(nr => {
			const errnos = sortedErrnos(acc.errnos.get(nr) ?? new Map());
			return {
				nr,
				histogram: acc.histograms.get(nr) ?? emptyHistogram,
				totalNs: totals.get(nr) ?? 0,
				maxNs: acc.maxNs.get(nr) ?? null,
				errnos,
				errors: errnos.reduce((n, [, c]) => n + c, 0),
			};
		});
	const printed = acc.slow.length + acc.slowOverflow;
	return {
		t,
		durationSec: ctx.intervalSec,
		arch: ctx.host.arch,
		calls,
		...capProcesses(procs, noOthers),
		slow: acc.slow,
		slowDropped: acc.slowOverflow + Math.max(0, (acc.slowSeen ?? printed) - printed),
		slowThresholdNs: acc.slowThresholdNs ?? (ctx.options.slowMs ?? DEFAULT_SLOW_MS) * 1e6,
	};
}

function mergeCalls(samples: readonly SyscallsSample[]): SyscallStat[] {
	const byNr = new Map<number, SyscallStat[]>();
	for (const s of samples) for (const c of s.calls) byNr.set(c.nr, [...(byNr.get(c.nr) ?? []), c]);
	return [...byNr]
		.sort((a, b) => a[0] - b[0])
		.map(([nr, stats]) => {
			const errnoCounts = new Map<number, number>();
			for (const st of stats) for (const [e, n] of st.errnos) errnoCounts.set(e, (errnoCounts.get(e) ?? 0) + n);
			const maxes = stats.map(st => st.maxNs).filter((m): m is number => m !== null);
			const errnos = sortedErrnos(errnoCounts);
			return {
				nr,
				histogram: mergeHistograms(stats.map(st => st.histogram)),
				totalNs: stats.reduce((n, st) => n + st.totalNs, 0),
				maxNs: maxes.length > 0 ? Math.max(...maxes) : null,
				errnos,
				errors: errnos.reduce((n, [, c]) => n + c, 0),
			};
		});
}

function mergeProcesses(samples: readonly SyscallsSample[]): {processes: ProcessStat[]; others: OthersStat} {
	const procs = new Map<string, ProcAcc>();
	for (const s of samples) {
		for (const p of s.processes) {
			const id = `${p.pid}\u0000${p.comm}`;
			const acc = procs.get(id) ?? {pid: p.pid, comm: p.comm, bySyscall: new Map<number, ProcessSyscall>()};
			for (const c of p.bySyscall) {
				const prev = acc.bySyscall.get(c.nr);
				acc.bySyscall.set(c.nr, {nr: c.nr, count: (prev?.count ?? 0) + c.count, totalNs: (prev?.totalNs ?? 0) + c.totalNs});
			}
			procs.set(id, acc);
		}
	}
	// A process outside the cap in one interval is in that interval's others only.
	const others: OthersStat = {
		processes: Math.max(0, ...samples.map(s => s.others.processes)),
		count: samples.reduce((n, s) => n + s.others.count, 0),
		totalNs: samples.reduce((n, s) => n + s.others.totalNs, 0),
	};
	return capProcesses([...procs.values()].map(processStat), others);
}

/** Consecutive samples as one covering their whole range (snapshot, exports). */
export function mergeSyscalls(samples: readonly SyscallsSample[]): SyscallsSample {
	const thresholds = samples.map(s => s.slowThresholdNs);
	const slowAll = samples.flatMap(s => s.slow);
	const slow = slowAll.slice(-SLOW_KEEP);
	return {
		t: samples.at(-1)?.t ?? 0,
		durationSec: samples.reduce((n, s) => n + s.durationSec, 0),
		arch: samples.at(-1)?.arch ?? '',
		calls: mergeCalls(samples),
		...mergeProcesses(samples),
		slow,
		slowDropped: samples.reduce((n, s) => n + s.slowDropped, 0) + slowAll.length - slow.length,
		// The lowest in the range: slow calls at or above it may be in the log.
		slowThresholdNs: thresholds.length > 0 ? Math.min(...thresholds) : DEFAULT_SLOW_MS * 1e6,
	};
}

/**
 * Calls the histograms counted that the per-process table lacks: the collector's process
 * map was full (bpftrace drops updates to a full map silently). Both are updated by the
 * same probe and printed from the same half, so they agree whenever the map had room.
 */
export function unattributedCalls(s: SyscallsSample): number {
	const counted = s.calls.reduce((n, c) => n + c.histogram.count, 0);
	const attributed = s.processes.reduce((n, p) => n + p.count, 0) + s.others.count;
	return Math.max(0, counted - attributed);
}

/** Bytes a sample holds, roughly: buckets, per-process syscalls and slow calls. */
export const weighSyscalls = (s: SyscallsSample): number =>
	256 +
	s.calls.reduce((n, c) => n + 96 + 48 * c.histogram.buckets.length + 32 * c.errnos.length, 0) +
	s.processes.reduce((n, p) => n + 96 + 2 * p.comm.length + 48 * p.bySyscall.length, 0) +
	s.slow.reduce((n, c) => n + 128 + 2 * c.comm.length, 0);
