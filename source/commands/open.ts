/**
 * `tracetop open FILE`: folded stacks, a perf script capture or bpftrace stack output,
 * in the terminal flame graph (the profile pane, starting in its flame view).
 */
import path from 'node:path';
import {writeExport} from '../exporters/export-folder.js';
import {readStacks} from '../importers/read-stacks.js';
import {profileFromFolded, weighProfile} from '../models/profile.js';
import type {Command} from '../options.js';
import {profilePane} from '../panes/profile.js';
import {createTracetopStore} from '../store/store.js';
import {requireTerminal, runDashboard} from './dashboard.js';

export async function runOpen(command: Extract<Command, {name: 'open'}>): Promise<number> {
	requireTerminal();
	const {stacks, format} = await readStacks(command.file);
	const store = createTracetopStore({
		host: path.basename(command.file),
		kernel: `${format} stacks`,
		mode: 'replay',
		intervalSec: 1,
		startedAt: Date.now(),
		replayOf: command.file,
	});
	const sample = profileFromFolded(stacks);
	store.getState().addSample(profilePane.id, 0, sample, weighProfile(sample));
	await runDashboard({
		store,
		panes: [profilePane],
		collectorsByPane: new Map(),
		initialViews: {[profilePane.id]: {toggles: {flame: true}}},
		onExport: () => writeExport(process.cwd(), store.getState(), [profilePane]),
		cleanup: () => undefined,
	});
	return 0;
}
