/**
 * The dashboard command: the shell is drawn first, then the collectors (or the replay)
 * start, so Node loading the UI and bpftrace compiling its scripts do not compete for
 * the CPU; then draw until `q`.
 */
import {writeExport} from '../exporters/export-folder.js';
import type {Command} from '../options.js';
import {requireTerminal, runDashboard} from './dashboard.js';
import {openSession} from './open-session.js';

/** The store publishes new samples to the views at most this often (~10 fps). */
const PUBLISH_EVERY_MS = 100;

export async function runTui(command: Extract<Command, {name: 'tui'}>): Promise<number> {
	requireTerminal();
	const session = await openSession({...command, dashboard: true, publishEveryMs: PUBLISH_EVERY_MS, deferStart: true});
	const specs = [...session.collectorsByPane.values()].flat();
	const onDemand = [...new Set(specs.filter(s => s.onDemand).map(s => s.id))];
	const builtPanes = new Map(session.panes.map(p => [p.id, p]));
	try {
		await runDashboard({
			store: session.store,
			panes: session.tabs,
			collectorsByPane: new Map([...session.collectorsByPane].map(([id, paneSpecs]) => [id, paneSpecs.map(s => s.id)])),
			themeChoice: command.theme,
			onExport: () => writeExport(process.cwd(), session.store.getState(), session.panes),
			adjustOption: (paneId, option, factor) => session.adjustOption(paneId, option, factor),
			onPaneShown: (paneId, toggles) => {
				const wanted = builtPanes.get(paneId)?.onDemand?.(toggles) ?? [];
				for (const id of onDemand) session.setDemand(id, wanted.includes(id));
			},
			cleanup: () => session.killAll(),
			onFirstFrame: () => void session.start(),
			// A replay that ends stays on screen; only a broken recording ends the dashboard.
			failed: new Promise<unknown>(resolve => {
				session.done.catch(resolve);
			}),
		});
	} finally {
		await session.stop();
	}
	return 0;
}
