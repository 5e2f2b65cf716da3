/**
 * The one-direction pipeline after the line stream, shared by live and replay:
 * raw line → (recording) → the parser of its collector's kind → each interested pane's
 * accumulator → at the end of an interval one sample, through the publisher, into the
 * store. Host facts and load readings are kept here and published for the header and
 * for the panes' FinishContext. A pane that throws gets its error shown in its own
 * place; the other panes and collectors go on.
 */
import type {CollectorRecord} from '../collectors/collector-record.js';
import type {CollectorKind, CollectorSpec} from '../collectors/collector-spec.js';
import {parseCollectorLine} from '../collectors/parse-line.js';
import {parseHostFacts, unknownHost, type HostFacts} from './models/host-facts.js';
import {parseHostLoad} from './models/host-load.js';
import type {Pane} from './panes/pane.js';
import type {OptionValues, PaneOptionValues} from './panes/pane-options.js';
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
	/** Intervals the clock's printed interval covers (its `span`; 1 without one). */
	span: number;
}

export interface PipelineOptions {
	panes: readonly Pane[];
	/** Each pane's collectors, as planned for the session. */
	specsByPane: ReadonlyMap<string, readonly CollectorSpec[]>;
	/**
	 * More collectors by kind: those no pane reads (the host samplers), and in a replay
	 * the recording's own list, which wins over the plan.
	 */
	collectorKinds?: ReadonlyArray<{id: string; kind: CollectorKind}>;
	/** Every pane's option values (defaults filled in), for FinishContext. */
	paneOptions?: PaneOptionValues;
	intervalSec: number;
	store: TracetopStore;
	recorder?: Recorder;
	publisher?: SamplePublisher;
}

export class Pipeline {
	private readonly routes = new Map<string, PaneRoute[]>();
	private readonly kinds = new Map<string, CollectorKind>();
	private readonly counts = new Map<string, {lost: number; malformed: number; late: number}>();
	/** Panes whose last interval failed: their error is cleared by their next good sample. */
	private readonly failing = new Set<string>();
	private readonly publisher: SamplePublisher;
	private host: HostFacts = unknownHost;
	private paneOptions: PaneOptionValues;

	constructor(private readonly options: PipelineOptions) {
		this.publisher = options.publisher ?? immediatePublisher(options.store);
		this.paneOptions = options.paneOptions ?? {};
		for (const c of [...[...options.specsByPane.values()].flat(), ...(options.collectorKinds ?? [])]) this.kinds.set(c.id, c.kind);
		for (const pane of options.panes) {
			const specs = options.specsByPane.get(pane.id) ?? [];
			if (specs.length === 0) continue;
			const route: PaneRoute = {pane, clock: specs[0]!.id, acc: pane.begin(), failed: false, span: 1};
			for (const spec of specs) this.routes.set(spec.id, [...(this.routes.get(spec.id) ?? []), route]);
		}
	}

	/** A pane's option values from now on (changed live); later intervals finish with them. */
	setPaneOptions(paneId: string, values: OptionValues): void {
		this.paneOptions = {...this.paneOptions, [paneId]: values};
	}

	ingest(t: number, collectorId: string, line: string): void {
		this.options.recorder?.write({t, c: collectorId, line});
		// Collectors of recordings made before collector kinds were all bpftrace.
		const parsed = parseCollectorLine(this.kinds.get(collectorId) ?? 'bpftrace', line);
		const counts = this.counts.get(collectorId) ?? {lost: 0, malformed: 0, late: 0};
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
			} else if (record.type === 'reading') {
				this.hostReading(record.kind, record.data);
			} else if (record.type === 'span' && record.forced) {
				counts.late++;
				this.publisher.counts(collectorId, {lateIntervals: counts.late});
			}
			for (const route of this.routes.get(collectorId) ?? []) this.feed(route, t, collectorId, record);
		}
	}

	private hostReading(kind: string, data: unknown): void {
		if (kind === 'hostfacts') {
			this.host = parseHostFacts(data);
			this.publisher.host({facts: this.host});
		} else if (kind === 'load') {
			const load = parseHostLoad(data);
			if (load) this.publisher.host({load});
		}
	}

	private feed(route: PaneRoute, t: number, collectorId: string, record: CollectorRecord): void {
		const {pane} = route;
		const endsInterval = record.type === 'time' && collectorId === route.clock;
		if (record.type === 'span' && collectorId === route.clock) route.span = record.intervals;
		try {
			if (!route.failed) route.acc = pane.accumulate(route.acc, record, collectorId);
			if (!endsInterval) return;
			if (!route.failed) {
				// Joined intervals (bpftrace's output fell behind) make one sample as long as all of them.
				const ctx = {intervalSec: this.options.intervalSec * route.span, host: this.host, options: this.paneOptions[pane.id] ?? {}};
				const sample = pane.finish(route.acc, t, ctx);
				this.publisher.publish({paneId: pane.id, t, sample, weight: pane.weigh(sample), ...(route.span > 1 ? {intervals: route.span} : {})});
				if (this.failing.delete(pane.id)) this.publisher.paneError(pane.id, undefined);
			}
		} catch (error) {
			route.failed = true;
			this.failing.add(pane.id);
			this.publisher.paneError(pane.id, error instanceof Error ? error.message : String(error));
		}
		if (endsInterval) {
			route.acc = pane.begin();
			route.failed = false;
			route.span = 1;
		}
	}
}
