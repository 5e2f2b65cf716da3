/**
 * The dashboard command: start the collectors first (bpftrace takes longest to start),
 * load the Ink views meanwhile, then draw on the alternate screen until `q`.
 */
import {panes} from '../panes/registry.js';
import {initialTheme} from '../../themes/theme.js';
import {writeExport} from '../exporters/export-folder.js';
import {guardExit} from '../exit-guard.js';
import type {Command} from '../options.js';
import {planCollectors} from '../session.js';
import {enterAlternateScreen, type Screen} from '../terminal-screen.js';
import {openSession, StartError} from './open-session.js';

/** The store publishes new samples to the views at most this often (~10 fps). */
const PUBLISH_EVERY_MS = 100;

export async function runTui(command: Extract<Command, {name: 'tui'}>): Promise<number> {
	if (!process.stdout.isTTY || !process.stdin.isTTY) {
		throw new StartError('the dashboard needs a terminal; for scripts use tracetop snapshot or tracetop record');
	}
	const session = await openSession({...command, panes, publishEveryMs: PUBLISH_EVERY_MS});
	let screen: Screen | undefined;
	const guard = guardExit(() => {
		session.killAll();
		screen?.restore();
	});
	// Ink draws nothing until exit when CI or CONTINUOUS_INTEGRATION is set (it reads them
	// on import); the dashboard runs on a terminal, checked above, so they do not apply.
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
	const {renderDashboard} = await import('../../tui/render-dashboard.js');
	screen = enterAlternateScreen(process.stdout);
	const plan = planCollectors(session.panes, command.filters);
	const collectorsByPane = new Map([...plan.byPane].map(([id, specs]) => [id, specs.map(s => s.id)]));
	const onDemand = plan.specs.filter(s => s.onDemand).map(s => s.id);
	let quit: () => void = () => undefined;
	const quitting = new Promise<void>(resolve => (quit = resolve));
	const dashboard = await renderDashboard({
		store: session.store,
		panes,
		collectorsByPane,
		theme: initialTheme(command.theme, process.env, process.stdout.getColorDepth?.() ?? 8),
		onExport: () => writeExport(process.cwd(), session.store.getState(), session.panes),
		onQuit: quit,
		onPaneShown: paneId => {
			for (const id of onDemand) session.setDemand(id, collectorsByPane.get(paneId)?.includes(id) ?? false);
		},
	});
	// A replay that ends stays on screen; only a broken recording ends the dashboard.
	const failed = new Promise<unknown>(resolve => {
		session.done.catch(resolve);
	});
	const outcome = await Promise.race([quitting.then(() => undefined), failed]);
	dashboard.unmount();
	await session.stop();
	screen.restore();
	guard.release();
	if (outcome instanceof Error) throw outcome;
	return 0;
}
