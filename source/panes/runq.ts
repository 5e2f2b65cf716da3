/**
 * Run-queue latency pane: how long runnable threads wait for a CPU (runqlat), live per
 * interval, with p50/p90/p99/max, a p99 history and a per-CPU view.
 */
import {bpftraceCollector} from '../../collectors/collector-spec.js';
import {
	accumulateRunq,
	beginRunq,
	finishRunq,
	mergeRunq,
	runqToJson,
	runqToText,
	weighRunq,
	RUNQ_SORTS,
	type RunqAccumulator,
	type RunqSample,
} from '../models/runq.js';
import type {Pane} from './pane.js';

export const runqPane: Pane<RunqSample, RunqAccumulator> = {
	id: 'runq',
	title: 'Run queue',
	description: 'scheduler run-queue latency (runqlat): how long runnable threads wait for a CPU',
	snapshotKey: 'runq',
	sorts: RUNQ_SORTS,
	keys: [{key: 'c', help: 'all CPUs / per-CPU table', toggle: 'perCpu'}],
	collectors: filters => [
		bpftraceCollector('runqlat', filters, {
			tracepoints: ['sched:sched_wakeup', 'sched:sched_wakeup_new', 'sched:sched_switch', 'sched:sched_process_exit'],
		}),
	],
	begin: beginRunq,
	accumulate: accumulateRunq,
	finish: finishRunq,
	merge: mergeRunq,
	toJson: runqToJson,
	toText: runqToText,
	weigh: weighRunq,
};
