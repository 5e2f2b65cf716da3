/**
 * USE pane: utilization, saturation and errors of CPU, memory, disks, network interfaces
 * and TCP on one screen (Brendan Gregg's USE method), from the `use` sampler's readings
 * of /proc and /sys, which need no privilege. Two bpftrace collectors add to it where
 * tracing runs: the run-queue collector (shared with the Run queue pane) gives the CPU
 * saturation its run-queue p99, and blkerr counts failed block requests per disk while
 * the pane is on screen.
 */
import {bpftraceCollector, samplerCollector} from '../../collectors/collector-spec.js';
import {USE_SORTS} from '../models/use-matrix.js';
import {accumulateUse, beginUse, BLKERR_COLLECTOR, finishUse, mergeUse, weighUse, type UseAccumulator, type UseSample} from '../models/use-sample.js';
import {useToJson} from '../models/use-json.js';
import {useToText} from '../models/use-text.js';
import type {Pane} from './pane.js';
import {runqPane} from './runq.js';

export const usePane: Pane<UseSample, UseAccumulator> = {
	id: 'use',
	title: 'USE',
	description: 'utilization, saturation and errors of CPU, memory, disks and network (USE method, from /proc and /sys)',
	snapshotKey: 'use',
	sorts: USE_SORTS,
	keys: [
		{key: 'c', help: 'one row per CPU', toggle: 'perCpu'},
		{key: 'a', help: 'all devices (virtual and idle ones too)', toggle: 'all'},
		{key: 'Left/Right', help: 'move the cursor between utilization, saturation and errors (Up/Down: between resources)'},
		{key: 'Enter', help: 'open the pane that explains the selected cell, filtered to it'},
	],
	collectors: (filters, options) => [
		// First: the sampler's interval marker closes this pane's intervals.
		samplerCollector('use', 'use'),
		// The same spec as the Run queue pane's, so both share one bpftrace process.
		...runqPane.collectors(filters, options),
		bpftraceCollector(BLKERR_COLLECTOR, filters, {tracepoints: ['block:block_rq_error'], onDemand: true}),
	],
	onDemand: () => [BLKERR_COLLECTOR],
	begin: beginUse,
	accumulate: accumulateUse,
	finish: (acc, t) => finishUse(acc, t),
	merge: mergeUse,
	toJson: useToJson,
	toText: useToText,
	weigh: weighUse,
};
