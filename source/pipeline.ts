/**
 * The one-direction pipeline after the line stream, shared by live and replay:
 * raw line → (recording) → parse → each interested pane's accumulator → at the end of
 * an interval one sample into the store. A pane that throws gets its error shown in its
 * own place; the other panes and collectors go on.
 */
import {parseBpftraceLine} from '../collectors/bpftrace-json.js';
import type {CollectorSpec} from '../collectors/collector-spec.js';
import type {Pane} from './panes/pane.js';
import type {Recorder} from './recording/recorder.js';
import {immediatePublisher, type SamplePublisher} from './store/sample-publisher.js';
import type {TracetopStore} from './store/store.js';

interface PaneRoute {
	pane: Pane;
	/** The collector whose end-of-interval record closes this pane's sample. */
	clock: string;
	acc: unknown;
	/** The pane threw during this interval: its sample would be partial, so none is kept. */
	failed: boolean;
}

export class Pipeline {
	private readonly routes = new Map<string, PaneRoute[]>();
	private readonly counts = new Map<string, {lost: number; malformed: number}>();

	constructor(
		panes: readonly Pane[],
		specsByPane: ReadonlyMap<string, readonly CollectorSpec[]>,
		private readonly store: TracetopStore,
		private readonly recorder?: Recorder,
		private readonly publisher: SamplePublisher = immediatePublisher(store),
	) {
		for (const pane of panes) {
			const specs = specsByPane.get(pane.id) ?? [];
			if (specs.length === 0) continue;
			const route: PaneRoute = {pane, clock: specs[0]!.id, acc: pane.begin(), failed: false};
			for (const spec of specs) this.routes.set(spec.id, [...(this.routes.get(spec.id) ?? []), route]);
		}
	}

	ingest(t: number, collectorId: string, line: string): void {
		this.recorder?.write({t, c: collectorId, line});
		const parsed = parseBpftraceLine(line);
		const counts = this.counts.get(collectorId) ?? {lost: 0, malformed: 0};
		this.counts.set(collectorId, counts);
		if (!parsed.ok) {
			counts.malformed++;
			this.publisher.counts(collectorId, {malformedLines: counts.malformed});
			return;
		}
		for (const record of parsed.records) {
			if (record.type === 'lost') {
				counts.lost += record.events;
				this.publisher.counts(collectorId, {lostEvents: counts.lost});
			}
			for (const route of this.routes.get(collectorId) ?? []) this.feed(route, t, collectorId, record);
		}
	}

	private feed(route: PaneRoute, t: number, collectorId: string, record: Parameters<Pane['accumulate']>[1]): void {
		const {pane} = route;
		const state = this.store.getState();
		const endsInterval = record.type === 'time' && collectorId === route.clock;
		try {
			if (!route.failed) route.acc = pane.accumulate(route.acc, record, collectorId);
			if (!endsInterval) return;
			if (!route.failed) {
				const sample = pane.finish(route.acc, t, state.info.intervalSec);
				this.publisher.publish({paneId: pane.id, t, sample, weight: pane.weigh(sample)});
				if (state.paneErrors[pane.id]) state.setPaneError(pane.id, undefined);
			}
		} catch (error) {
			route.failed = true;
			state.setPaneError(pane.id, error instanceof Error ? error.message : String(error));
		}
		if (endsInterval) {
			route.acc = pane.begin();
			route.failed = false;
		}
	}
}
