/**
 * Ink with the settings measured for a full-screen dashboard: about 10 fps, incremental
 * rendering (patched, see README), the console left alone, Ctrl-C handled as a key, and
 * its output diffed cell by cell before it reaches the terminal.
 */
import {render} from 'ink';
import {keyClashes} from '../source/panes/pane-keys.js';
import {App, type AppProps} from './App.js';
import {loadViews} from './load-views.js';
import {diffingStdout} from './terminal/diffing-stdout.js';

export async function renderDashboard(props: Omit<AppProps, 'views'>): Promise<{unmount(): void}> {
	const clashes = keyClashes(props.panes);
	if (clashes.length > 0) throw new Error(`pane keys clash: ${clashes.join('; ')}`);
	const views = await loadViews(props.panes);
	const stdout = diffingStdout(process.stdout);
	const instance = render(<App {...props} views={views} />, {
		stdout: stdout.stream,
		exitOnCtrlC: false,
		patchConsole: false,
		maxFps: 10,
		incrementalRendering: true,
	});
	return {
		unmount() {
			instance.unmount();
			stdout.dispose();
		},
	};
}
