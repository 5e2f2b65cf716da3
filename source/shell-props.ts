/**
 * What the commands that show the dashboard hand the shell (tui/App.tsx), declared on
 * this side so `source/` needs no type from `tui/`.
 */
import type {AnyPane} from './panes/pane.js';
import type {TracetopStore} from './store/store.js';

/** A view's state to start with: filter, sort, scroll and toggles, each optional. */
export interface InitialView {
	filter?: string;
	sort?: number;
	scroll?: number;
	toggles?: Readonly<Record<string, boolean>>;
}

export interface ShellProps {
	store: TracetopStore;
	panes: readonly AnyPane[];
	/** Collector ids each pane reads, for its trouble messages. */
	collectorsByPane: ReadonlyMap<string, readonly string[]>;
	/** Writes an export folder and returns its path. */
	onExport(): string;
	/** A pane key with `adjust` was pressed: change that option; returns the status message. */
	adjustOption?(paneId: string, option: string, factor: number): string;
	/** Which pane is on screen and with which toggles, so on-demand collectors can follow. */
	onPaneShown?(paneId: string, toggles: Readonly<Record<string, boolean>>): void;
	/** View state to start with, per pane (e.g. `open` starts in the flame graph). */
	initialViews?: Readonly<Record<string, InitialView>>;
	initialPane?: number;
}
