/**
 * The syscall pane's part of the snapshot: JSON (the shape README documents) and text
 * in the manner of BCC's `syscount -L`, plus the processes and the slow calls.
 */
import type {Bucket} from './log2-histogram.js';
import {safeText} from '../safety/terminal-text.js';
import {formatHistogram} from './histogram-text.js';
import {errnoName, syscallName} from './syscall-names.js';
import {groupedRows, returnText, slowRows, syscallRows} from './syscall-rows.js';
import {unattributedCalls, type SyscallsSample} from './syscalls.js';

export interface SyscallsJson {
	calls: Array<{
		name: string;
		nr: number;
		count: number;
		errors: number;
		errnos: Record<string, number>;
		totalNs: number;
		avgNs: number | null;
		p50Ns: number | null;
		p99Ns: number | null;
		maxNs: number | null;
		buckets: Bucket[];
	}>;
	slow: Array<{time: string; comm: string; pid: number; tid: number; name: string; durationNs: number; ret: number; error?: string}>;
	slowDropped: number;
	slowThresholdNs: number;
	processes: Array<{comm: string; pid: number; count: number; totalNs: number}>;
	others: {processes: number; count: number; totalNs: number};
	/** Calls counted in `calls` but in no process: the collector's process map was full. */
	unattributed: number;
}

const whole = (v: number | null): number | null => (v === null ? null : Math.round(v));

/** By total time, heaviest first, as the pane sorts by default. */
export function syscallsToJson(s: SyscallsSample): SyscallsJson {
	const byNr = new Map(s.calls.map(c => [c.nr, c]));
	return {
		calls: syscallRows(s, 'total').map(r => ({
			name: r.name,
			nr: r.nr,
			count: r.calls,
			errors: r.errors,
			errnos: Object.fromEntries((byNr.get(r.nr)?.errnos ?? []).map(([e, n]) => [errnoName(e), n])),
			totalNs: r.totalNs,
			avgNs: whole(r.avgNs),
			p50Ns: whole(r.p50Ns),
			p99Ns: whole(r.p99Ns),
			maxNs: r.maxNs,
			buckets: r.histogram.buckets.map(b => ({min: b.min, max: b.max, count: b.count})),
		})),
		slow: s.slow.map(c => ({
			time: c.time,
			comm: c.comm,
			pid: c.pid,
			tid: c.tid,
			name: syscallName(s.arch, c.nr),
			durationNs: c.durationNs,
			ret: c.ret,
			...(c.ret < 0 && c.ret >= -4095 ? {error: errnoName(-c.ret)} : {}),
		})),
		slowDropped: s.slowDropped,
		slowThresholdNs: s.slowThresholdNs,
		processes: s.processes.map(p => ({comm: p.comm, pid: p.pid, count: p.count, totalNs: p.totalNs})),
		others: {...s.others},
		unattributed: unattributedCalls(s),
	};
}

const us = (ns: number | null): string => (ns === null ? '-' : (ns / 1000).toFixed(3));

/** Rows printed per table in text, as syscount prints its top 10 by default, but more. */
const TEXT_ROWS = 20;

/**
 * `syscount -L` layout (SYSCALL, COUNT, TIME (us)), with errors and the commonest
 * errno, avg/p99/max, and the selected histogram style for the heaviest call.
 */
export function syscallsToText(s: SyscallsSample): string {
	const rows = syscallRows(s, 'total');
	const calls = rows.reduce((n, r) => n + r.calls, 0);
	const lines = [
		`Syscalls, ${s.durationSec}s, ${calls} calls, ${rows.length} syscalls, ${s.slow.length + s.slowDropped} slow at >= ${s.slowThresholdNs / 1e6} ms (${s.slowDropped} not logged)`,
		'',
		`${'SYSCALL'.padEnd(22)} ${'COUNT'.padStart(10)} ${'ERRORS'.padStart(8)} ${'ERRNO'.padEnd(12)} ${'TIME (us)'.padStart(16)} ${'AVG (us)'.padStart(12)} ${'P99 (us)'.padStart(12)} ${'MAX (us)'.padStart(14)}`,
		...rows
			.slice(0, TEXT_ROWS)
			.map(
				r =>
					`${r.name.padEnd(22)} ${String(r.calls).padStart(10)} ${String(r.errors).padStart(8)} ${(r.topErrno ?? '').padEnd(12)} ${us(r.totalNs).padStart(16)} ${us(r.avgNs).padStart(12)} ${us(r.p99Ns).padStart(12)} ${us(r.maxNs).padStart(14)}`,
			),
	];
	if (rows.length > TEXT_ROWS) lines.push(`(${rows.length - TEXT_ROWS} more syscalls in snapshot --json)`);
	const top = rows[0];
	if (top) lines.push('', `@ns[${top.name}]:`, formatHistogram(top.histogram));
	const procs = groupedRows(s, 'total', '', new Set()).slice(0, TEXT_ROWS);
	const unattributed = unattributedCalls(s);
	if (unattributed > 0) lines.push('', `${unattributed} calls in no process below: the process map was full`);
	if (procs.length > 0) {
		lines.push('', `${'PROCESS'.padEnd(22)} ${'PID'.padStart(8)} ${'COUNT'.padStart(10)} ${'TIME (us)'.padStart(16)}  TOP SYSCALL`);
		for (const p of procs) {
			if (p.kind === 'process') lines.push(`${safeText(p.comm).padEnd(22)} ${String(p.pid).padStart(8)} ${String(p.calls).padStart(10)} ${us(p.totalNs).padStart(16)}  ${p.topSyscall ?? ''}`);
			else if (p.kind === 'others') lines.push(`${`(${p.processes} others)`.padEnd(22)} ${''.padStart(8)} ${String(p.calls).padStart(10)} ${us(p.totalNs).padStart(16)}`);
		}
	}
	const slow = slowRows(s).slice(0, TEXT_ROWS);
	if (slow.length > 0) {
		lines.push('', `${'TIME'.padEnd(15)} ${'COMM'.padEnd(16)} ${'PID'.padStart(8)} ${'TID'.padStart(8)} ${'SYSCALL'.padEnd(18)} ${'MS'.padStart(10)}  RET`);
		for (const c of slow) {
			lines.push(`${c.time.padEnd(15)} ${safeText(c.comm).padEnd(16)} ${String(c.pid).padStart(8)} ${String(c.tid).padStart(8)} ${c.name.padEnd(18)} ${(c.durationNs / 1e6).toFixed(3).padStart(10)}  ${returnText(c.ret)}`);
		}
	}
	return lines.join('\n');
}
