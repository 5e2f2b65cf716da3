/**
 * Syscall pane: per-syscall counts, errors and latency histograms (syscount -L, perf
 * trace -s), grouped by process on request, and a log of the individual slow calls
 * (perf trace --duration), from one in-kernel aggregating collector.
 */
import {bpftraceCollector} from '../../collectors/collector-spec.js';
import {SYSCALL_SORTS} from '../models/syscall-rows.js';
import {syscallsToJson, syscallsToText} from '../models/syscalls-report.js';
import {
	accumulateSyscalls,
	beginSyscalls,
	DEFAULT_SLOW_MS,
	finishSyscalls,
	mergeSyscalls,
	weighSyscalls,
	type SyscallsAccumulator,
	type SyscallsSample,
} from '../models/syscalls.js';
import type {Pane} from './pane.js';

/** Slow calls the kernel prints per interval at most; the rest are counted as dropped. */
export const SLOW_CAP = 100;

export const syscallsPane: Pane<SyscallsSample, SyscallsAccumulator> = {
	id: 'syscalls',
	title: 'Syscalls',
	description: 'syscall counts, errors and latency histograms per syscall and process, and the slow calls',
	snapshotKey: 'syscalls',
	sorts: [...SYSCALL_SORTS],
	keys: [
		{key: 'g', help: 'group by process (Enter expands one)', toggle: 'byProcess'},
		{key: 'l', help: 'slow-call log in the lower half', toggle: 'slowLog'},
		{key: '+', help: 'double the slow-call threshold (restarts the collector)', adjust: {option: 'slowMs', factor: 2}},
		{key: '-', help: 'halve the slow-call threshold (0: no log)', adjust: {option: 'slowMs', factor: 0.5}},
	],
	options: [
		{
			name: 'slowMs',
			flag: '--slow',
			help: 'log syscalls taking at least MS milliseconds in the syscall pane (0: none)',
			default: DEFAULT_SLOW_MS,
			min: 0,
			max: 60_000,
			integer: true,
		},
	],
	collectors: (filters, options) => [
		bpftraceCollector('syscalls', filters, {
			tracepoints: ['raw_syscalls:sys_enter', 'raw_syscalls:sys_exit', 'sched:sched_process_exit'],
			// One start time per thread in a call, and one @proc entry per process and syscall.
			env: {BPFTRACE_MAP_KEYS_MAX: '65536'},
			extraArgs: [String((options.slowMs ?? DEFAULT_SLOW_MS) * 1_000_000), String(SLOW_CAP)],
		}),
	],
	begin: beginSyscalls,
	accumulate: accumulateSyscalls,
	finish: finishSyscalls,
	merge: mergeSyscalls,
	toJson: syscallsToJson,
	toText: syscallsToText,
	weigh: weighSyscalls,
};
