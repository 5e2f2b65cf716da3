/** What the shell hands a pane's view: the sample to draw and the view's own state. */
import type {FC} from 'react';
import type {InitialView} from '../source/shell-props.js';
import type {Theme} from '../themes/theme.js';

export interface PaneViewProps<S> {
	/** The sample on screen: latest, or the frozen one. */
	sample: S | undefined;
	/** Samples up to and including `sample`, oldest first (for sparklines). */
	history: readonly S[];
	/** The sample marked as baseline (the pane's `baseline` key), if one is. */
	baseline?: S;
	width: number;
	height: number;
	theme: Theme;
	/** Text filter typed after `/`; '' for none. */
	filter: string;
	/** Index into the pane's `sorts`. */
	sort: number;
	/** First row shown, for panes that scroll. */
	scroll: number;
	/** Whether this pane has the keyboard (for keys the view handles itself). */
	active: boolean;
	/** On/off state of the pane's toggle keys, by toggle name (kept across pane switches). */
	toggles: Readonly<Record<string, boolean>>;
	/** The largest useful `scroll` for what the view shows now, so scrolling stops there. */
	setScrollLimit(max: number): void;
	/**
	 * Show another pane, with a filter and toggles set in it (e.g. the USE pane's Enter on
	 * a disk opens Block I/O filtered to that disk). The shell always passes it; optional
	 * so a view rendered on its own in a test needs none.
	 */
	navigate?(paneId: string, view?: InitialView): void;
}

export type PaneView<S> = FC<PaneViewProps<S>>;
