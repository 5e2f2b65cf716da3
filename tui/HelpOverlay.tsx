import {Box, Text} from 'ink';
import type {PaneKey} from '../source/panes/pane.js';
import type {Theme} from '../themes/theme.js';

export const GLOBAL_KEYS: readonly PaneKey[] = [
	{key: '1..9 Tab S-Tab', help: 'switch pane'},
	{key: 'Space z', help: 'freeze / resume (collection goes on)'},
	{key: '[ ]', help: 'step one interval back / forward (freezes)'},
	{key: '/', help: 'filter the pane by text (Enter apply, Esc cancel)'},
	{key: 's', help: 'cycle sort order'},
	{key: '↑ ↓ PgUp PgDn Home End', help: 'scroll'},
	{key: 't', help: 'cycle theme (dark, light, mono)'},
	{key: 'e', help: 'export snapshot folder (frozen or newest interval)'},
	{key: '? h', help: 'this help (Esc closes)'},
	{key: 'q Ctrl-C', help: 'quit'},
];

/** Every key: the global ones, then the active pane's own. */
export function HelpOverlay({paneTitle, paneKeys, theme}: {paneTitle: string; paneKeys: readonly PaneKey[]; theme: Theme}) {
	const row = (k: PaneKey) => (
		<Text key={k.key} wrap="truncate">
			<Text bold color={theme.accent}>{k.key.padEnd(24)}</Text>
			<Text color={theme.text}>{k.help}</Text>
		</Text>
	);
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1}>
			<Text bold>tracetop keys</Text>
			{GLOBAL_KEYS.map(row)}
			{paneKeys.length > 0 && <Text bold>{`${paneTitle} pane`}</Text>}
			{paneKeys.map(row)}
		</Box>
	);
}
