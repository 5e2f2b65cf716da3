/**
 * GLOBAL_KEYS (source/panes/pane-keys.ts) is exactly what useGlobalKeys takes: every
 * printable key in it is handled by the shell, every other printable key reaches the
 * pane. So the clash check of pane keys checks against the truth.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {GLOBAL_KEYS} from '../../source/panes/pane-keys.js';
import {useGlobalKeys, type GlobalKeyActions} from '../../tui/hooks/use-global-keys.js';
import {cleanupApps, renderTree} from './harness.js';

afterEach(cleanupApps);

function Probe({paneKeys}: {paneKeys: string[]}) {
	const none = () => undefined;
	const actions: GlobalKeyActions = {
		quit: none, toggleHelp: none, closeOverlay: () => false, selectPane: none, cyclePane: none, toggleFreeze: none,
		step: none, startFilter: none, clearFilter: none, cycleSort: none, scroll: none, cycleTheme: none, exportSnapshot: none,
		paneKey: input => paneKeys.push(input),
	};
	useGlobalKeys(actions, () => false);
	return null;
}

describe('global keys', () => {
	it('printable keys in GLOBAL_KEYS never reach the pane; all others do', async () => {
		const paneKeys: string[] = [];
		const r = await renderTree(<Probe paneKeys={paneKeys} />);
		const printable = Array.from({length: 0x7e - 0x20 + 1}, (_, i) => String.fromCharCode(0x20 + i));
		for (const key of printable) await r.press(key);
		expect(paneKeys).toEqual(printable.filter(k => !GLOBAL_KEYS.includes(k)));
	});
});
