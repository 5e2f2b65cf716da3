/**
 * Block I/O pane: biolatency per disk and direction with queue vs device time, sizes,
 * the processes issuing I/O (biotop) and a log of slow I/Os (biosnoop for the slow ones).
 */
import {bpftraceCollector} from '../../collectors/collector-spec.js';
import {accumulateBio, beginBio, finishBio, mergeBio, weighBio, type BioAccumulator, type BioSample} from '../models/bio.js';
import {BIO_SORTS} from '../models/bio-rows.js';
import {bioToJson, bioToText} from '../models/bio-output.js';
import type {Pane} from './pane.js';

/** Slow I/Os the collector prints per interval at most; the rest are only counted. */
export const SLOW_CAP = 200;

export const bioPane: Pane<BioSample, BioAccumulator> = {
	id: 'bio',
	title: 'Block I/O',
	description: 'block I/O latency per disk and direction (biolatency), queue vs device time, sizes, processes, slow I/Os',
	snapshotKey: 'bio',
	sorts: [...BIO_SORTS],
	keys: [
		{key: 'P', help: 'partitions apart / rolled up into their disk', toggle: 'partitions'},
		{key: 'g', help: 'processes issuing I/O', toggle: 'processes'},
		{key: 'l', help: 'slow-I/O log', toggle: 'slowLog'},
		{key: '+', help: 'slow-I/O log: double the threshold shown'},
		{key: '-', help: 'slow-I/O log: halve the threshold shown (not below --slow-io)'},
	],
	options: [
		{
			name: 'slowMs',
			flag: '--slow-io',
			help: 'block I/Os at least this slow are logged one by one (the Block I/O pane’s l), ms; 0 logs every I/O',
			default: 10,
			min: 0,
			max: 60_000,
			integer: true,
		},
	],
	collectors: (filters, options) => [
		bpftraceCollector('biolatency', filters, {
			tracepoints: [
				'block:block_rq_insert',
				'block:block_rq_issue',
				'block:block_rq_complete',
				'block:block_rq_merge',
				'block:block_bio_remap',
				'block:block_bio_backmerge',
			],
			// Start entries of every request in flight, in two generations.
			env: {BPFTRACE_MAP_KEYS_MAX: '65536'},
			extraArgs: [String((options.slowMs ?? 10) * 1000), String(SLOW_CAP)],
		}),
	],
	begin: beginBio,
	accumulate: accumulateBio,
	finish: finishBio,
	merge: mergeBio,
	toJson: bioToJson,
	toText: bioToText,
	weigh: weighBio,
};
