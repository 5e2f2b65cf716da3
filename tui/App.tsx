import {useCallback, useEffect, useRef, useState} from 'react';
import {Box, Text} from 'ink';
import {isBuilt} from '../source/panes/pane.js';
import type {PaneView} from './pane-view.js';
import type {InitialView, ShellProps} from '../source/shell-props.js';
import {nextTheme, type Theme} from '../themes/theme.js';
import {Header} from './Header.js';
import {HelpOverlay} from './HelpOverlay.js';
import {PaneArea, type PaneViewState} from './PaneArea.js';
import {StatusBar} from './StatusBar.js';
import {TabBar} from './TabBar.js';
import {StoreContext} from './hooks/use-tracetop-store.js';
import {useFilterPrompt} from './hooks/use-filter-prompt.js';
import {useGlobalKeys} from './hooks/use-global-keys.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;
/** Header (2), tab bar (1), status bar (1). */
const CHROME_ROWS = 4;

export interface AppProps extends ShellProps {
	/** Each built pane's view, loaded by loadViews(). */
	views: ReadonlyMap<string, PaneView<any>>;
	theme: Theme;
	onQuit(): void;
}

const emptyView: PaneViewState = {filter: '', sort: 0, scroll: 0, toggles: {}};

export function App(props: AppProps) {
	return (
		<StoreContext.Provider value={props.store}>
			<Shell {...props} />
		</StoreContext.Provider>
	);
}

function Shell({store, panes, views, collectorsByPane, theme: startTheme, onExport, onQuit, onPaneShown, adjustOption, initialPane = 0, initialViews = {}}: AppProps) {
	const {columns, rows} = useTerminalSize();
	const [active, setActive] = useState(initialPane);
	const [help, setHelp] = useState(false);
	const helpOpen = useRef(false);
	const [theme, setTheme] = useState(startTheme);
	const [viewStates, setViewStates] = useState<Record<string, PaneViewState>>(() =>
		Object.fromEntries(Object.entries(initialViews).map(([id, v]) => [id, {...emptyView, ...v}])),
	);
	const scrollLimits = useRef<Record<string, number>>({});
	const [message, setMessage] = useState<string>();
	const pane = panes[active]!;
	const view = viewStates[pane.id] ?? emptyView;

	useEffect(() => {
		onPaneShown?.(pane.id, view.toggles);
	}, [pane.id, view.toggles, onPaneShown]);

	const updateView = useCallback(
		(patch: (v: PaneViewState) => Partial<PaneViewState>) =>
			setViewStates(all => {
				const current = all[pane.id] ?? emptyView;
				return {...all, [pane.id]: {...current, ...patch(current)}};
			}),
		[pane.id],
	);
	const setScrollLimit = useCallback((max: number) => {
		scrollLimits.current[pane.id] = max;
	}, [pane.id]);
	const navigate = useCallback(
		(paneId: string, target: InitialView = {}) => {
			const index = panes.findIndex(p => p.id === paneId);
			if (index < 0) {
				setMessage(`no ${paneId} pane in this session`);
				return;
			}
			setViewStates(all => {
				const current = all[paneId] ?? emptyView;
				const filter = target.filter === undefined ? {} : {filter: target.filter, scroll: 0};
				return {...all, [paneId]: {...current, ...filter, toggles: {...current.toggles, ...target.toggles}}};
			});
			setActive(index);
		},
		[panes],
	);
	const showHelp = (open: boolean) => {
		helpOpen.current = open;
		setHelp(open);
	};

	const prompt = useFilterPrompt({
		apply: text => updateView(() => ({filter: text, scroll: 0})),
		quit: onQuit,
	});

	useGlobalKeys(
		{
			quit: onQuit,
			toggleHelp: () => showHelp(!helpOpen.current),
			closeOverlay: () => {
				if (!helpOpen.current) return false;
				showHelp(false);
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
			startFilter: () => prompt.open(view.filter),
			clearFilter: () => updateView(() => ({filter: '', scroll: 0})),
			cycleSort: () => {
				if (isBuilt(pane) && pane.sorts.length > 0) updateView(v => ({sort: (v.sort + 1) % pane.sorts.length}));
			},
			scroll: delta =>
				updateView(v => {
					const max = scrollLimits.current[pane.id] ?? 0;
					const from = Math.min(v.scroll, max);
					const to = delta === 'home' ? 0 : delta === 'end' ? max : from + delta;
					return {scroll: Math.min(Math.max(0, to), max)};
				}),
			cycleTheme: () => setTheme(t => nextTheme(t)),
			exportSnapshot: () => {
				try {
					setMessage(`exported to ${onExport()}/`);
				} catch (error) {
					setMessage(`export failed: ${error instanceof Error ? error.message : String(error)}`);
				}
			},
			paneKey: input => {
				const key = isBuilt(pane) ? pane.keys.find(k => k.key === input) : undefined;
				const toggle = key?.toggle;
				if (toggle) updateView(v => ({toggles: {...v.toggles, [toggle]: !v.toggles[toggle]}, scroll: 0}));
				if (key?.adjust) setMessage(adjustOption?.(pane.id, key.adjust.option, key.adjust.factor) ?? 'options cannot change here');
				if (key?.baseline) {
					const had = store.getState().baselines[pane.id] !== undefined;
					store.getState().toggleBaseline(pane.id);
					const has = store.getState().baselines[pane.id] !== undefined;
					setMessage(had ? 'baseline cleared' : has ? `baseline set: changes are against it (${key.key} again clears)` : 'no interval to mark as baseline yet');
				}
			},
		},
		prompt.handleKey,
	);

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
						View={views.get(pane.id)}
						collectorIds={collectorsByPane.get(pane.id) ?? []}
						view={view}
						width={columns}
						height={paneHeight}
						theme={theme}
						active={prompt.draft === null}
						setScrollLimit={setScrollLimit}
						navigate={navigate}
					/>
				)}
			</Box>
			<StatusBar theme={theme} paneId={pane.id} filterDraft={prompt.draft} filter={view.filter} message={message} />
		</Box>
	);
}
