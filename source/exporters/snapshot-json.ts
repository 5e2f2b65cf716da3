/**
 * The snapshot document: `tracetop snapshot --json`, and snapshot.json in an export.
 * Its shape is documented in the README and stays stable; each pane adds one top-level
 * key (its `snapshotKey`), absent when the pane has no data.
 */
import type {Pane} from '../panes/pane.js';
import type {SessionInfo} from '../store/store.js';

export interface SnapshotDocument {
	host: string;
	kernel: string;
	mode: 'live' | 'replay';
	/** When the data covered starts, ISO 8601. */
	startTime: string;
	durationSec: number;
	intervalSec: number;
	[paneKey: string]: unknown;
}

/** `samples` holds, per pane id, the samples to merge (one for the frozen interval). */
export function buildSnapshot(
	info: SessionInfo,
	panes: readonly Pane[],
	samples: ReadonlyMap<string, readonly unknown[]>,
	startOffsetMs: number,
	durationSec: number,
): SnapshotDocument {
	const doc: SnapshotDocument = {
		host: info.host,
		kernel: info.kernel,
		mode: info.mode,
		startTime: new Date(info.startedAt + startOffsetMs).toISOString(),
		durationSec,
		intervalSec: info.intervalSec,
	};
	for (const pane of panes) {
		const list = samples.get(pane.id) ?? [];
		if (list.length > 0) doc[pane.snapshotKey] = pane.toJson(pane.merge(list));
	}
	return doc;
}

export function snapshotText(doc: SnapshotDocument, panes: readonly Pane[], samples: ReadonlyMap<string, readonly unknown[]>): string {
	const parts = [`tracetop snapshot of ${doc.host} (${doc.kernel}), ${doc.durationSec}s from ${doc.startTime}`];
	for (const pane of panes) {
		const list = samples.get(pane.id) ?? [];
		parts.push(list.length > 0 ? pane.toText(pane.merge(list)) : `${pane.title}: no data`);
	}
	return parts.join('\n\n') + '\n';
}
