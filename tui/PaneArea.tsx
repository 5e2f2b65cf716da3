import React, {useMemo} from 'react';
import {Box, Text} from 'ink';
import {useShallow} from 'zustand/react/shallow';
import {isBuilt, type AnyPane, type Pane} from '../source/panes/pane.js';
import {visibleInRing} from '../source/store/store.js';
import type {Theme} from '../themes/theme.js';
import {useTracetopStore} from './hooks/use-tracetop-store.js';
import {PaneErrorBoundary} from './PaneErrorBoundary.js';

export interface PaneViewState {
	filter: string;
	sort: number;
	scroll: number;
}

interface Props {
	pane: AnyPane;
	collectorIds: readonly string[];
	view: PaneViewState;
	width: number;
	height: number;
	theme: Theme;
	active: boolean;
}

/** The active pane: its collectors' trouble first, then its view (or its plan). */
export function PaneArea({pane, collectorIds, view, width, height, theme, active}: Props) {
	if (!isBuilt(pane)) {
		return (
			<Box flexDirection="column" height={height}>
				<Text color={theme.dim} wrap="wrap">{`${pane.title}: not built yet. It will show ${pane.description}.`}</Text>
			</Box>
		);
	}
	return <BuiltPane pane={pane} collectorIds={collectorIds} view={view} width={width} height={height} theme={theme} active={active} />;
}

function BuiltPane({pane, collectorIds, view, width, height, theme, active}: Props & {pane: Pane}) {
	const ring = useTracetopStore(s => s.history[pane.id]);
	const frozenAt = useTracetopStore(s => s.frozenAt);
	const visible = useMemo(() => visibleInRing(ring, frozenAt), [ring, frozenAt]);
	const paneError = useTracetopStore(s => s.paneErrors[pane.id]);
	const troubles = useTracetopStore(
		useShallow(s =>
			collectorIds
				.map(id => ({id, status: s.collectors[id]}))
				.filter(c => c.status && c.status.state !== 'running' && c.status.message)
				.map(c => `${c.id}: ${c.status!.message}`),
		),
	);
	const notes = [...troubles, ...(paneError ? [`${pane.title} pane error: ${paneError}`] : [])];
	const View = pane.View;
	return (
		<Box flexDirection="column" height={height} width={width}>
			{notes.map(note => (
				<Text key={note} color={theme.error} wrap="truncate">
					{note}
				</Text>
			))}
			<PaneErrorBoundary key={pane.id} paneTitle={pane.title} color={theme.error}>
				<View
					sample={visible.sample}
					history={visible.history}
					width={width}
					height={Math.max(1, height - notes.length)}
					theme={theme}
					filter={view.filter}
					sort={view.sort}
					scroll={view.scroll}
					active={active}
				/>
			</PaneErrorBoundary>
		</Box>
	);
}
