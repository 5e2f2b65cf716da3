/**
 * `tracetop flame`: record stacks for a while (on-CPU samples, or off-CPU time) and write
 * a flame graph; or, with --input, render folded stacks someone else collected (the
 * flamegraph.pl replacement).
 */
import {DEFAULT_HZ} from '../../collectors/collector-spec.js';
import {flameFormat, renderFlame, type FlameLabels} from '../exporters/flame-output.js';
import {encodePprof, OFF_CPU, pprofStacksFromFolded, pprofStacksOf, SAMPLES, type PprofOptions, type PprofStack} from '../exporters/pprof.js';
import {StartError} from '../errors.js';
import {readStacks} from '../importers/read-stacks.js';
import {totalSamples, type FoldedStacks} from '../models/folded-stacks.js';
import {foldedOf, mergeProfile, type ProfileSample} from '../models/profile.js';
import type {Command} from '../options.js';
import {profilePane} from '../panes/profile.js';
import {writeFileSafe} from '../safety/safe-file.js';
import {writeStdout} from '../safety/write-stdout.js';
import {allSamples} from '../store/store.js';
import {collectFor, collectHeadless} from './collect-headless.js';
import {openSession} from './open-session.js';

interface Recorded {
	stacks: FoldedStacks;
	/** The same stacks with their modules, for pprof. */
	pprof: PprofStack[];
	pprofOptions: PprofOptions;
}

async function record(command: Extract<Command, {name: 'flame'}>): Promise<Recorded> {
	const session = await openSession({panes: [profilePane], filters: command.filters});
	if (command.offCpu) session.setDemand('offcpu', true);
	process.stderr.write(`tracetop: sampling ${command.offCpu ? 'off-CPU time' : 'on-CPU stacks'} for ${command.durationSec}s; Ctrl-C stops early\n`);
	await collectHeadless(session, interrupted =>
		collectFor(session, command.durationSec, interrupted, {collectors: [command.offCpu ? 'offcpu' : 'profile'], paneIds: [profilePane.id]}),
	);
	const state = session.store.getState();
	const samples = allSamples<ProfileSample>(state, profilePane.id);
	const which = command.offCpu ? 'offCpu' : 'onCpu';
	const merged = mergeProfile(samples);
	const durationMs = merged.durationSec * 1000;
	const time = {startMs: state.info.startedAt + merged.t - durationMs, durationMs};
	return {
		stacks: foldedOf(samples, which),
		pprof: pprofStacksOf(merged[which]),
		pprofOptions: command.offCpu ? {sampleType: OFF_CPU, scale: 1000, ...time} : {sampleType: SAMPLES, hz: command.filters.hz ?? DEFAULT_HZ, ...time},
	};
}

async function readInput(input: string): Promise<Recorded> {
	const {stacks} = await readStacks(input);
	return {stacks, pprof: pprofStacksFromFolded(stacks), pprofOptions: {sampleType: SAMPLES}};
}

export async function runFlame(command: Extract<Command, {name: 'flame'}>): Promise<number> {
	const format = flameFormat(command.output);
	const {stacks, pprof, pprofOptions} = command.input ? await readInput(command.input) : await record(command);
	if (stacks.size === 0) throw new StartError('no stacks were sampled; nothing written');
	const labels: FlameLabels = command.offCpu
		? {title: 'Off-CPU Time Flame Graph', countName: 'us'}
		: {title: command.input ? 'Flame Graph' : 'CPU Flame Graph', countName: 'samples'};
	if (format === 'stdout') await writeStdout(renderFlame(format, stacks, labels));
	else {
		const content = format === 'pprof' ? encodePprof(pprof, pprofOptions) : renderFlame(format, stacks, labels);
		writeFileSafe(command.output, content, {force: command.force});
		process.stderr.write(`tracetop: wrote ${command.output} (${totalSamples(stacks)} ${labels.countName}, ${stacks.size} stacks)\n`);
	}
	return 0;
}
