/**
 * The pane contract. A pane is one module that declares all of this; adding a pane is
 * that module, one line in source/panes/registry.ts and its view in tui/views.ts (the
 * README's "How a new pane plugs in" lists every file).
 *
 * Data path for a pane: its collectors' lines → the parser of the collector's kind
 * (bpftrace JSON, or a sampler's readings) → `accumulate` for each record → at the end of
 * an interval (the first collector's `time` record) `finish` turns the accumulator into
 * one immutable Sample → the store's history ring. Views read samples; `merge` combines a
 * time range (snapshot, "since start", export).
 */
import type {CollectorRecord} from '../../collectors/collector-record.js';
import type {CollectorSpec, Filters} from '../../collectors/collector-spec.js';
import type {HostFacts} from '../models/host-facts.js';
import type {OptionValues, PaneOption} from './pane-options.js';

export interface ExportFile {
	name: string;
	content: string | Uint8Array;
}

/** What an export knows besides the sample. */
export interface ExportContext<S> {
	/** Epoch ms at which the exported sample's interval ended. */
	endMs: number;
	/** The session's stack sampling rate, Hz (unknown for an opened stack file). */
	hz?: number;
	/** The sample marked as the pane's baseline (`b`), if one is. */
	baseline?: S;
}

/** What `finish` knows besides the accumulator. */
export interface FinishContext {
	intervalSec: number;
	/** The latest host facts from the stream (unknownHost until they arrive, or in old recordings). */
	host: HostFacts;
	/** This pane's option values (defaults filled in). */
	options: OptionValues;
}

export interface PaneKey {
	key: string;
	help: string;
	/** A key that flips a view option; the shell keeps its state per pane. */
	toggle?: string;
	/**
	 * A key that changes one of the pane's `options` live, multiplying it by `factor`
	 * (see adjustedValue); the session restarts the pane's collectors with the new value.
	 */
	adjust?: {option: string; factor: number};
	/** A key that marks the visible interval as the pane's baseline, or clears it (store's toggleBaseline). */
	baseline?: true;
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
	/** The pane's own options (CLI flags, recorded in the header); none when absent. */
	options?: readonly PaneOption[];
	/** `options` holds this pane's values of its own options, defaults filled in. */
	collectors(filters: Filters, options: OptionValues): CollectorSpec[];
	/** Which of its on-demand collectors the view needs with these toggles on. */
	onDemand?(toggles: Readonly<Record<string, boolean>>): string[];
	/** A fresh accumulator for the interval being built. */
	begin(): A;
	accumulate(acc: A, record: CollectorRecord, collectorId: string): A;
	/** Turn one interval's accumulator into a sample taken at `t` (ms since start). */
	finish(acc: A, t: number, ctx: FinishContext): S;
	/** Combine consecutive samples into one covering their whole time range. */
	merge(samples: readonly S[]): S;
	/** The pane's part of the snapshot JSON. */
	toJson(sample: S): unknown;
	/** The pane's part of `tracetop snapshot`'s text, like a BCC tool's output. */
	toText(sample: S): string;
	/** Extra files for an export folder (flame graphs, folded stacks …). */
	exportFiles?(sample: S, context: ExportContext<S>): ExportFile[];
	/** Approximate bytes a sample holds, for the history ring's byte bound. */
	weigh(sample: S): number;
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
