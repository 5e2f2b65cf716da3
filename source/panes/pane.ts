/**
 * The pane contract. A pane is one module that declares all of this; adding a pane is
 * adding that module and one line in source/panes/registry.ts.
 *
 * Data path for a pane: its collectors' lines → parseBpftraceLine → `accumulate` for
 * each record → at the end of an interval (the collector's `time` record) `finish`
 * turns the accumulator into one immutable Sample → the store's history ring. Views
 * read samples; `merge` combines a time range (snapshot, "since start", export).
 */
import type {FC} from 'react';
import type {BpfRecord} from '../../collectors/bpftrace-json.js';
import type {CollectorSpec, Filters} from '../../collectors/collector-spec.js';
import type {Theme} from '../../themes/theme.js';

export interface ExportFile {
	name: string;
	content: string;
}

export interface PaneViewProps<S> {
	/** The sample on screen: latest, or the frozen one. */
	sample: S | undefined;
	/** Samples up to and including `sample`, oldest first (for sparklines). */
	history: readonly S[];
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
}

export type PaneView<S> = FC<PaneViewProps<S>>;

export interface PaneKey {
	key: string;
	help: string;
	/** A key that flips a view option; the shell keeps its state per pane. */
	toggle?: string;
}

export interface Pane<S = unknown, A = unknown> {
	id: string;
	title: string;
	/** One line: what the pane shows (help overlay, placeholder). */
	description: string;
	/** Key under `snapshot --json` and in snapshot.json. */
	snapshotKey: string;
	/** Sort orders cycled by `s`; empty when the pane does not sort. */
	sorts: string[];
	/** Keys the pane handles itself, for the help overlay. */
	keys: PaneKey[];
	collectors(filters: Filters): CollectorSpec[];
	/** Which of its on-demand collectors the view needs with these toggles on. */
	onDemand?(toggles: Readonly<Record<string, boolean>>): string[];
	/** A fresh accumulator for the interval being built. */
	begin(): A;
	accumulate(acc: A, record: BpfRecord, collectorId: string): A;
	/** Turn one interval's accumulator into a sample taken at `t` (ms since start). */
	finish(acc: A, t: number, intervalSec: number): S;
	/** Combine consecutive samples into one covering their whole time range. */
	merge(samples: readonly S[]): S;
	/** The pane's part of the snapshot JSON. */
	toJson(sample: S): unknown;
	/** The pane's part of `tracetop snapshot`'s text, like a BCC tool's output. */
	toText(sample: S): string;
	/** Extra files for an export folder (flame graphs, folded stacks …). */
	exportFiles?(sample: S): ExportFile[];
	/** Approximate bytes a sample holds, for the history ring's byte bound. */
	weigh(sample: S): number;
	/** The Ink view, loaded only by the dashboard: headless commands never load Ink. */
	loadView(): Promise<PaneView<S>>;
}

/** A pane that is planned but not built yet: it shows one line saying what it will show. */
export interface PlannedPane {
	id: string;
	title: string;
	description: string;
	planned: true;
}

export type AnyPane = Pane<any, any> | PlannedPane;

export const isBuilt = (p: AnyPane): p is Pane<any, any> => !('planned' in p);
