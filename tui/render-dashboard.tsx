/**
 * Ink with the settings measured for a full-screen dashboard: about 10 fps, incremental
 * rendering (patched, see README), the console left alone, Ctrl-C handled as a key.
 */
import {render} from 'ink';
import {keyClashes} from '../source/panes/pane-keys.js';
import {App, type AppProps} from './App.js';
import {loadViews} from './load-views.js';

export async function renderDashboard(props: Omit<AppProps, 'views'>): Promise<{unmount(): void}> {
	const clashes = keyClashes(props.panes);
	if (clashes.length > 0) throw new Error(`pane keys clash: ${clashes.join('; ')}`);
	const views = await loadViews(props.panes);
	return render(<App {...props} views={views} />, {
		exitOnCtrlC: false,
		patchConsole: false,
		maxFps: 10,
		incrementalRendering: true,
	});
}
