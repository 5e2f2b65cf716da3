/**
 * `tracetop flame`: record stacks for a while (on-CPU samples, or off-CPU time) and write
 * a flame graph; or, with --input, render folded stacks someone else collected (the
 * flamegraph.pl replacement).
 */
import {flameFormat, renderFlame, type FlameLabels} from '../exporters/flame-output.js';
import {StartError} from '../errors.js';
import {readStacks} from '../importers/read-stacks.js';
import {totalSamples, type FoldedStacks} from '../models/folded-stacks.js';
import {foldedOf, type ProfileSample} from '../models/profile.js';
import type {Command} from '../options.js';
import {profilePane} from '../panes/profile.js';
import {writeFileSafe} from '../safety/safe-file.js';
import {writeStdout} from '../safety/write-stdout.js';
import {allSamples} from '../store/store.js';
import {collectFor, collectHeadless} from './collect-headless.js';
import {openSession} from './open-session.js';

async function record(command: Extract<Command, {name: 'flame'}>): Promise<FoldedStacks> {
	const session = await openSession({panes: [profilePane], filters: command.filters});
	if (command.offCpu) session.setDemand('offcpu', true);
	process.stderr.write(`tracetop: sampling ${command.offCpu ? 'off-CPU time' : 'on-CPU stacks'} for ${command.durationSec}s; Ctrl-C stops early\n`);
	await collectHeadless(session, interrupted =>
		collectFor(session, command.durationSec, interrupted, {collectors: [command.offCpu ? 'offcpu' : 'profile'], paneIds: [profilePane.id]}),
	);
	return foldedOf(allSamples<ProfileSample>(session.store.getState(), profilePane.id), command.offCpu ? 'offCpu' : 'onCpu');
}

export async function runFlame(command: Extract<Command, {name: 'flame'}>): Promise<number> {
	const format = flameFormat(command.output);
	const stacks = command.input ? (await readStacks(command.input)).stacks : await record(command);
	if (stacks.size === 0) throw new StartError('no stacks were sampled; nothing written');
	const labels: FlameLabels = command.offCpu
		? {title: 'Off-CPU Time Flame Graph', countName: 'us'}
		: {title: command.input ? 'Flame Graph' : 'CPU Flame Graph', countName: 'samples'};
	const content = renderFlame(format, stacks, labels);
	if (format === 'stdout') await writeStdout(content);
	else {
		writeFileSafe(command.output, content, {force: command.force});
		process.stderr.write(`tracetop: wrote ${command.output} (${totalSamples(stacks)} ${labels.countName}, ${stacks.size} stacks)\n`);
	}
	return 0;
}
