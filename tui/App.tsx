import React, {useCallback, useEffect, useState} from 'react';
import {Box, Text} from 'ink';
import {isBuilt, type AnyPane} from '../source/panes/pane.js';
import type {TracetopStore} from '../source/store/store.js';
import {nextTheme, type Theme} from '../themes/theme.js';
import {Header} from './Header.js';
import {HelpOverlay} from './HelpOverlay.js';
import {PaneArea, type PaneViewState} from './PaneArea.js';
import {StatusBar} from './StatusBar.js';
import {TabBar} from './TabBar.js';
import {StoreContext} from './hooks/use-tracetop-store.js';
import {useFilterInput} from './hooks/use-filter-input.js';
import {useGlobalKeys} from './hooks/use-global-keys.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;
/** Header (2), tab bar (1), status bar (1). */
const CHROME_ROWS = 4;

export interface AppProps {
	store: TracetopStore;
	panes: readonly AnyPane[];
	/** Collector ids each pane reads, for its trouble messages. */
	collectorsByPane: ReadonlyMap<string, readonly string[]>;
	theme: Theme;
	/** Writes an export folder and returns its path. */
	onExport(): string;
	onQuit(): void;
	/** Which pane is on screen, so on-demand collectors can follow it. */
	onPaneShown?(paneId: string): void;
	initialPane?: number;
}

const emptyView: PaneViewState = {filter: '', sort: 0, scroll: 0};

export function App(props: AppProps) {
	return (
		<StoreContext.Provider value={props.store}>
			<Shell {...props} />
		</StoreContext.Provider>
	);
}

function Shell({store, panes, collectorsByPane, theme: startTheme, onExport, onQuit, onPaneShown, initialPane = 0}: AppProps) {
	const {columns, rows} = useTerminalSize();
	const [active, setActive] = useState(initialPane);
	const [help, setHelp] = useState(false);
	const [theme, setTheme] = useState(startTheme);
	const [filterDraft, setFilterDraft] = useState<string | null>(null);
	const [views, setViews] = useState<Record<string, PaneViewState>>({});
	const [message, setMessage] = useState<string>();
	const pane = panes[active]!;
	const view = views[pane.id] ?? emptyView;

	useEffect(() => onPaneShown?.(pane.id), [pane.id, onPaneShown]);

	const updateView = useCallback(
		(patch: (v: PaneViewState) => Partial<PaneViewState>) =>
			setViews(all => {
				const current = all[pane.id] ?? emptyView;
				return {...all, [pane.id]: {...current, ...patch(current)}};
			}),
		[pane.id],
	);

	useGlobalKeys(
		{
			quit: onQuit,
			toggleHelp: () => setHelp(h => !h),
			closeOverlay: () => {
				if (!help) return false;
				setHelp(false);
				return true;
			},
			selectPane: i => {
				if (i < panes.length) setActive(i);
			},
			cyclePane: d => setActive(i => (i + d + panes.length) % panes.length),
			toggleFreeze: () => {
				const s = store.getState();
				if (s.frozenAt === null) s.freeze();
				else s.unfreeze();
			},
			step: d => {
				const s = store.getState();
				if (s.frozenAt === null) s.freeze();
				store.getState().step(pane.id, d);
			},
			startFilter: () => setFilterDraft(view.filter),
			clearFilter: () => updateView(() => ({filter: '', scroll: 0})),
			cycleSort: () => {
				if (isBuilt(pane) && pane.sorts.length > 0) updateView(v => ({sort: (v.sort + 1) % pane.sorts.length}));
			},
			scroll: delta =>
				updateView(v => ({
					scroll: delta === 'home' ? 0 : delta === 'end' ? Number.MAX_SAFE_INTEGER : Math.max(0, Math.min(v.scroll, 100_000) + delta),
				})),
			cycleTheme: () => setTheme(t => nextTheme(t)),
			exportSnapshot: () => {
				try {
					setMessage(`exported to ${onExport()}/`);
				} catch (error) {
					setMessage(`export failed: ${error instanceof Error ? error.message : String(error)}`);
				}
			},
		},
		filterDraft === null,
	);

	useFilterInput(filterDraft, {
		change: setFilterDraft,
		apply: text => {
			updateView(() => ({filter: text, scroll: 0}));
			setFilterDraft(null);
		},
		cancel: () => setFilterDraft(null),
	});

	if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
		return (
			<Text wrap="truncate">{`terminal too small: ${columns}x${rows}, tracetop needs ${MIN_COLUMNS}x${MIN_ROWS}`}</Text>
		);
	}

	// At full height Ink 6 clears the whole screen on every frame; one row less it does not.
	const height = rows - 1;
	const paneHeight = height - CHROME_ROWS;
	return (
		<Box flexDirection="column" width={columns} height={height}>
			<Header width={columns} theme={theme} />
			<TabBar panes={panes} active={active} theme={theme} />
			<Box height={paneHeight} flexDirection="column">
				{help ? (
					<HelpOverlay paneTitle={pane.title} paneKeys={isBuilt(pane) ? pane.keys : []} theme={theme} />
				) : (
					<PaneArea
						pane={pane}
						collectorIds={collectorsByPane.get(pane.id) ?? []}
						view={view}
						width={columns}
						height={paneHeight}
						theme={theme}
						active={!help && filterDraft === null}
					/>
				)}
			</Box>
			<StatusBar theme={theme} filterDraft={filterDraft} filter={view.filter} message={message} />
		</Box>
	);
}
