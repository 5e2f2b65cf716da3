/**
 * `tracetop flame` without --input: record stacks for a while (on-CPU samples, or off-CPU
 * time) headless. Loaded only to record, so rendering someone else's stacks loads no
 * collector, pane or store.
 */
import {DEFAULT_HZ} from '../../collectors/collector-spec.js';
import type {FlameCommand} from '../command-options/flame.js';
import {OFF_CPU, pprofStacksOf, SAMPLES, type PprofOptions, type PprofStack} from '../exporters/pprof.js';
import type {FoldedStacks} from '../models/folded-stacks.js';
import {foldedOf, mergeProfile, type ProfileSample} from '../models/profile.js';
import {profilePane} from '../panes/profile.js';
import {allSamples} from '../store/store.js';
import {collectFor, collectHeadless} from './collect-headless.js';
import {openSession} from './open-session.js';

export interface Recorded {
	stacks: FoldedStacks;
	/** The same stacks with their modules, for pprof. */
	pprof: {stacks: PprofStack[]; options: PprofOptions};
}

export async function record(command: FlameCommand): Promise<Recorded> {
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
		pprof: {
			stacks: pprofStacksOf(merged[which]),
			options: command.offCpu ? {sampleType: OFF_CPU, scale: 1000, ...time} : {sampleType: SAMPLES, hz: command.filters.hz ?? DEFAULT_HZ, ...time},
		},
	};
}
