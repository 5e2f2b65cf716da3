/**
 * The dashboard: alternate screen, Ink at ~10 fps with incremental rendering, and the
 * terminal restored on every exit path.
 */
import React from 'react';
import {render} from 'ink';
import {App} from '../../tui/App.js';
import {panes} from '../../tui/panes/registry.js';
import {initialTheme} from '../../themes/theme.js';
import {writeExport} from '../exporters/export-folder.js';
import {guardExit} from '../exit-guard.js';
import type {Command} from '../options.js';
import {planCollectors} from '../session.js';
import {enterAlternateScreen} from '../terminal-screen.js';
import {openSession, StartError} from './open-session.js';

export async function runTui(command: Extract<Command, {name: 'tui'}>): Promise<number> {
	if (!process.stdout.isTTY || !process.stdin.isTTY) {
		throw new StartError('the dashboard needs a terminal; for scripts use tracetop snapshot or tracetop record');
	}
	const session = await openSession({...command, panes});
	const screen = enterAlternateScreen(process.stdout);
	const guard = guardExit(() => {
		session.killAll();
		screen.restore();
	});
	const plan = planCollectors(session.panes, command.filters);
	const collectorsByPane = new Map([...plan.byPane].map(([id, specs]) => [id, specs.map(s => s.id)]));
	const onDemand = plan.specs.filter(s => s.onDemand).map(s => s.id);
	const showPane = (paneId: string) => {
		for (const id of onDemand) session.setDemand(id, collectorsByPane.get(paneId)?.includes(id) ?? false);
	};
	let quit: () => void = () => undefined;
	const quitting = new Promise<void>(resolve => (quit = resolve));
	const theme = initialTheme(command.theme, process.env, process.stdout.getColorDepth?.() ?? 8);
	const app = render(
		<App
			store={session.store}
			panes={panes}
			collectorsByPane={collectorsByPane}
			theme={theme}
			onExport={() => writeExport(process.cwd(), session.store.getState(), session.panes)}
			onQuit={quit}
			onPaneShown={showPane}
		/>,
		{exitOnCtrlC: false, patchConsole: false, maxFps: 10, incrementalRendering: process.env.TT_INC !== '0'},
	);
	// A replay that ends stays on screen; only a broken recording ends the dashboard.
	const failed = new Promise<unknown>(resolve => {
		session.done.catch(resolve);
	});
	const outcome = await Promise.race([quitting.then(() => undefined), failed]);
	app.unmount();
	await session.stop();
	screen.restore();
	guard.release();
	if (outcome instanceof Error) throw outcome;
	return 0;
}
