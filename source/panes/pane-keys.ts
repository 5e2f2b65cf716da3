/**
 * The keys the shell takes before any pane sees them (tui/hooks/use-global-keys.ts
 * handles exactly these; a test holds the two together). A pane key among them would
 * never reach its pane, so a clash is an error, found by a test of the registry and
 * refused when the dashboard starts.
 */
import {isBuilt, type AnyPane} from './pane.js';

export const GLOBAL_KEYS: readonly string[] = [
	'1', '2', '3', '4', '5', '6', '7', '8', '9',
	'q', '?', 'h', ' ', 'z', '[', ']', '/', 's', 't', 'e',
	'Tab', 'Shift-Tab', 'Esc', 'Ctrl-C', 'Up', 'Down', 'PgUp', 'PgDn', 'Home', 'End',
];

/** One line per pane key that a global key (or another key of the same pane) shadows. */
export function keyClashes(panes: readonly AnyPane[], global: readonly string[] = GLOBAL_KEYS): string[] {
	const clashes: string[] = [];
	for (const pane of panes.filter(isBuilt)) {
		const seen = new Set<string>();
		for (const {key} of pane.keys) {
			if (global.includes(key)) clashes.push(`pane ${pane.id}: key '${key}' is a global key`);
			else if (seen.has(key)) clashes.push(`pane ${pane.id}: key '${key}' is declared twice`);
			seen.add(key);
		}
	}
	return clashes;
}
