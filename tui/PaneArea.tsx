import {useMemo} from 'react';
import {Box, Text} from 'ink';
import {useShallow} from 'zustand/react/shallow';
import {isBuilt, type AnyPane, type Pane} from '../source/panes/pane.js';
import type {PaneView} from './pane-view.js';
import type {CollectorStatus} from '../collectors/collector-status.js';
import type {InitialView} from '../source/shell-props.js';
import {visibleInRing} from '../source/store/store.js';
import {safeText} from '../source/safety/terminal-text.js';
import type {Theme} from '../themes/theme.js';
import {useTracetopStore} from './hooks/use-tracetop-store.js';
import {PaneErrorBoundary} from './PaneErrorBoundary.js';

export interface PaneViewState {
	filter: string;
	sort: number;
	scroll: number;
	toggles: Readonly<Record<string, boolean>>;
}

interface Props {
	pane: AnyPane;
	View: PaneView<any> | undefined;
	collectorIds: readonly string[];
	view: PaneViewState;
	width: number;
	height: number;
	theme: Theme;
	active: boolean;
	setScrollLimit(max: number): void;
	navigate(paneId: string, view?: InitialView): void;
}

/**
 * One line per distinct trouble of the pane's collectors, naming the collectors that
 * share it ("profile, offcpu: needs root: …"), so a pane that cannot run says so once.
 */
function troubleLines(ids: readonly string[], collectors: Readonly<Record<string, CollectorStatus>>): string[] {
	const byMessage = new Map<string, string[]>();
	for (const id of ids) {
		const status = collectors[id];
		if (!status || status.state === 'running' || status.state === 'idle' || !status.message) continue;
		byMessage.set(status.message, [...(byMessage.get(status.message) ?? []), id]);
	}
	return [...byMessage].map(([message, sharing]) => `${sharing.join(', ')}: ${message}`);
}

/** The active pane: its collectors' trouble first, then its view (or its plan). */
export function PaneArea(props: Props) {
	const {pane, View, theme, height} = props;
	if (!isBuilt(pane) || !View) {
		return (
			<Box flexDirection="column" height={height}>
				<Text color={theme.dim} wrap="wrap">{`${pane.title}: not built yet. It will show ${pane.description}.`}</Text>
			</Box>
		);
	}
	return <BuiltPane {...props} pane={pane} View={View} />;
}

function BuiltPane({pane, View, collectorIds, view, width, height, theme, active, setScrollLimit, navigate}: Props & {pane: Pane; View: PaneView<any>}) {
	const ring = useTracetopStore(s => s.history[pane.id]);
	const frozenAt = useTracetopStore(s => s.frozenAt);
	const visible = useMemo(() => visibleInRing(ring, frozenAt), [ring, frozenAt]);
	const baseline = useTracetopStore(s => s.baselines[pane.id]?.sample);
	const paneError = useTracetopStore(s => s.paneErrors[pane.id]);
	const troubles = useTracetopStore(useShallow(s => troubleLines(collectorIds, s.collectors)));
	// Collector messages are bpftrace's stderr, and pane errors can quote their input.
	const notes = [...troubles, ...(paneError ? [`${pane.title} pane error: ${paneError}`] : [])].map(safeText);
	return (
		<Box flexDirection="column" height={height} width={width}>
			{notes.map(note => (
				<Text key={note} color={theme.error} wrap="truncate">
					{note}
				</Text>
			))}
			<PaneErrorBoundary key={pane.id} paneTitle={pane.title} color={theme.error} resetKey={visible.t}>
				<View
					sample={visible.sample}
					history={visible.history}
					baseline={baseline}
					width={width}
					height={Math.max(1, height - notes.length)}
					theme={theme}
					filter={view.filter}
					sort={view.sort}
					scroll={view.scroll}
					active={active}
					toggles={view.toggles}
					setScrollLimit={setScrollLimit}
					navigate={navigate}
				/>
			</PaneErrorBoundary>
		</Box>
	);
}
