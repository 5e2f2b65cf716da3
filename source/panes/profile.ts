/**
 * Profile pane: where CPU time goes (perf top), from sampled kernel and user stacks;
 * a flame graph of the same data; and, while its view is open, off-CPU time by stack.
 */
import os from 'node:os';
import {bpftraceCollector, DEFAULT_HZ, type Filters} from '../../collectors/collector-spec.js';
import {renderDiffFlameGraphSvg, renderFlameGraphSvg} from '../exporters/flamegraph-svg.js';
import {encodePprof, OFF_CPU, pprofStacksOf, SAMPLES, type PprofOptions} from '../exporters/pprof.js';
import {toSpeedscope} from '../exporters/speedscope.js';
import {foldedDiff, formatFoldedDiff} from '../models/diff-folded.js';
import {formatFolded} from '../models/folded-stacks.js';
import {
	accumulateProfile,
	beginProfile,
	finishProfile,
	mergeProfile,
	profileToJson,
	PROFILE_SORTS,
	toFolded,
	weighProfile,
	type ProfileAccumulator,
	type ProfileSample,
} from '../models/profile.js';
import {profileToText} from '../models/profile-text.js';
import type {ExportContext, ExportFile, Pane} from './pane.js';

/** The stack map's size: every sample of an interval distinct, at least the 4096 bpftrace gives, at most MAX_STACK_KEYS. */
export const MIN_STACK_KEYS = 4096;
/** Kernel memory for the stack maps grows with their size; past this a full map is reported (profile.bt's @samples). */
export const MAX_STACK_KEYS = 131_072;

export function stackMapKeys(cpus: number, hz: number, intervalSec: number): number {
	return Math.min(MAX_STACK_KEYS, Math.max(MIN_STACK_KEYS, Math.ceil(cpus * hz * intervalSec)));
}

/**
 * Stack collectors: room for every sample an interval can take on this machine (a 16384
 * cap dropped ~40% of samples on big machines, silently), and user symbols cached per
 * process: without it bpftrace re-reads every binary's symbol table on every print when
 * ASLR is on, which here took 1-4 s an interval.
 */
const stackEnv = (filters: Filters): Record<string, string> => ({
	BPFTRACE_MAP_KEYS_MAX: String(stackMapKeys(os.cpus().length, filters.hz ?? DEFAULT_HZ, filters.intervalSec)),
	BPFTRACE_CACHE_USER_SYMBOLS: '1',
});

/**
 * Per profile (on-CPU, and off-CPU when it ran): folded stacks, flame graph, speedscope
 * and pprof; with a baseline marked, the on-CPU change against it in difffolded.pl's
 * three columns, normalized as the pane shows it, and drawn as flamegraph.pl draws them.
 */
function exportFiles(sample: ProfileSample, context: ExportContext<ProfileSample>): ExportFile[] {
	const files: ExportFile[] = [];
	const durationMs = sample.durationSec * 1000;
	const time = {startMs: context.endMs - durationMs, durationMs};
	const add = (prefix: string, title: string, stacks: ProfileSample['onCpu'], countName: string, pprof: PprofOptions) => {
		if (stacks.length === 0) return;
		const folded = toFolded(stacks);
		files.push({name: `${prefix}.folded`, content: formatFolded(folded)});
		files.push({name: `${prefix}.svg`, content: renderFlameGraphSvg(folded, {title, countName})});
		files.push({name: `${prefix}.speedscope.json`, content: JSON.stringify(toSpeedscope(folded, {name: title, unit: countName === 'us' ? 'microseconds' : 'none'}))});
		files.push({name: `${prefix}.pb.gz`, content: encodePprof(pprofStacksOf(stacks), pprof)});
	};
	add('cpu', 'CPU flame graph', sample.onCpu, 'samples', {sampleType: SAMPLES, hz: context.hz, ...time});
	add('offcpu', 'Off-CPU time flame graph', sample.offCpu, 'us', {sampleType: OFF_CPU, scale: 1000, ...time});
	if (context.baseline && sample.onCpu.length > 0) {
		const diff = foldedDiff(toFolded(context.baseline.onCpu), toFolded(sample.onCpu), {normalize: true});
		files.push({name: 'cpu-diff.folded', content: formatFoldedDiff(diff)});
		files.push({name: 'cpu-diff.svg', content: renderDiffFlameGraphSvg(diff, {title: 'CPU flame graph: change against the baseline', countName: 'samples'})});
	}
	return files;
}

export const profilePane: Pane<ProfileSample, ProfileAccumulator> = {
	id: 'profile',
	title: 'Profile',
	description: 'sampled on-CPU stacks, hottest functions and a flame graph (perf top)',
	snapshotKey: 'profile',
	sorts: PROFILE_SORTS,
	keys: [
		{key: 'Enter', help: 'callers and callees of the selected function (again: back)'},
		{key: 'k', help: 'hide / show kernel frames', toggle: 'hideKernel'},
		{key: 'u', help: 'hide / show user frames', toggle: 'hideUser'},
		{key: 'g', help: 'group by process (comm/pid)', toggle: 'byProcess'},
		{key: 'o', help: 'off-CPU time instead of on-CPU samples (runs its collector only while shown)', toggle: 'offCpu'},
		{key: 'f', help: 'flame graph (arrows move, Enter zooms, Backspace zooms out, / highlights)', toggle: 'flame'},
		{key: 'i', help: 'flame graph: icicle (root on top)', toggle: 'icicle'},
		{key: 'a', help: 'flame graph: whole time since start instead of one interval', toggle: 'all'},
		{key: 'b', help: 'mark this interval as the baseline: table shows Δ, flame graph red grew / blue shrank (again: clear)', baseline: true},
	],
	collectors: filters => [
		bpftraceCollector('profile', filters, {tracepoints: [], env: stackEnv(filters)}),
		bpftraceCollector('offcpu', filters, {tracepoints: ['sched:sched_switch', 'sched:sched_process_exit'], env: stackEnv(filters), onDemand: true}),
	],
	onDemand: toggles => (toggles.offCpu ? ['offcpu'] : []),
	begin: beginProfile,
	accumulate: accumulateProfile,
	finish: finishProfile,
	merge: mergeProfile,
	toJson: profileToJson,
	toText: profileToText,
	exportFiles,
	weigh: weighProfile,
};
