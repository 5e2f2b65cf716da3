import {useInput, type Key} from 'ink';

export interface GlobalKeyActions {
	quit(): void;
	toggleHelp(): void;
	closeOverlay(): boolean;
	selectPane(index: number): void;
	cyclePane(direction: 1 | -1): void;
	toggleFreeze(): void;
	step(direction: 1 | -1): void;
	startFilter(): void;
	clearFilter(): void;
	cycleSort(): void;
	scroll(delta: number | 'home' | 'end'): void;
	cycleTheme(): void;
	exportSnapshot(): void;
	/** Any other key: the active pane's own (its toggles). */
	paneKey(input: string): void;
}

/** Page size for PgUp/PgDn, in rows. */
const PAGE = 10;

/**
 * The keys every pane shares. Esc closes an overlay or clears the filter and never quits;
 * function keys are avoided because terminals send them inconsistently. `intercept`
 * sees every key first (the filter prompt while it is open) and may take it.
 */
export function useGlobalKeys(actions: GlobalKeyActions, intercept: (input: string, key: Key) => boolean): void {
	useInput((input: string, key: Key) => {
		if (intercept(input, key)) return;
		if (key.ctrl && input === 'c') return actions.quit();
		if (key.escape) {
			if (!actions.closeOverlay()) actions.clearFilter();
			return;
		}
		if (key.tab) return actions.cyclePane(key.shift ? -1 : 1);
		if (key.upArrow) return actions.scroll(-1);
		if (key.downArrow) return actions.scroll(1);
		if (key.pageUp) return actions.scroll(-PAGE);
		if (key.pageDown) return actions.scroll(PAGE);
		if (key.home) return actions.scroll('home');
		if (key.end) return actions.scroll('end');
		if (/^[1-9]$/.test(input)) return actions.selectPane(Number(input) - 1);
		switch (input) {
			case 'q':
				return actions.quit();
			case '?':
			case 'h':
				return actions.toggleHelp();
			case ' ':
			case 'z':
				return actions.toggleFreeze();
			case '[':
				return actions.step(-1);
			case ']':
				return actions.step(1);
			case '/':
				return actions.startFilter();
			case 's':
				return actions.cycleSort();
			case 't':
				return actions.cycleTheme();
			case 'e':
				return actions.exportSnapshot();
			default:
				actions.paneKey(input);
		}
	});
}
