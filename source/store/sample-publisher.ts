/**
 * How what the pipeline produces reaches the store: finished samples, pane errors, the
 * collectors' line counts and the host's facts and load. Headless commands publish each
 * at once; the dashboard batches them and publishes at a fixed rate, so a fast replay,
 * many panes, a burst of bad lines or a pane failing every interval cost one store update
 * (one React render) per tick, not one per sample or line.
 */
import type {CollectorStatus} from '../../collectors/collector-status.js';
import type {HostFacts} from '../models/host-facts.js';
import type {HostLoad} from '../models/host-load.js';
import type {TracetopStore} from './store.js';

export interface PublishedSample {
	paneId: string;
	t: number;
	sample: unknown;
	weight: number;
	/** Intervals the sample covers (its collector joined them); absent: one. */
	intervals?: number;
}

export type CountsPatch = Partial<Pick<CollectorStatus, 'lostEvents' | 'malformedLines' | 'lateIntervals'>>;

export type HostPatch = {facts?: HostFacts; load?: HostLoad};

export interface SamplePublisher {
	publish(entry: PublishedSample): void;
	/** A pane's reducer failed (message) or works again (undefined); only the latest per pane matters. */
	paneError(paneId: string, message: string | undefined): void;
	/** A collector's running counts; only the latest per collector matters. */
	counts(collectorId: string, patch: CountsPatch): void;
	/** The source's host facts or load; only the latest matters. */
	host(patch: HostPatch): void;
	/** Publish whatever is pending now and stop the timer. */
	close(): void;
}

export function immediatePublisher(store: TracetopStore): SamplePublisher {
	return {
		publish: entry => store.getState().addSamples([entry]),
		paneError: (id, message) => store.getState().setPaneErrors({[id]: message}),
		counts: (id, patch) => store.getState().setCollector(id, patch),
		host: patch => store.getState().setHost(patch),
		close: () => undefined,
	};
}

export function batchedPublisher(store: TracetopStore, everyMs: number): SamplePublisher {
	let pending: PublishedSample[] = [];
	const counts = new Map<string, CountsPatch>();
	let paneErrors: Record<string, string | undefined> | undefined;
	let host: HostPatch | undefined;
	const flush = () => {
		for (const [id, patch] of counts) store.getState().setCollector(id, patch);
		counts.clear();
		if (host) store.getState().setHost(host);
		host = undefined;
		if (paneErrors) store.getState().setPaneErrors(paneErrors);
		paneErrors = undefined;
		if (pending.length === 0) return;
		const batch = pending;
		pending = [];
		store.getState().addSamples(batch);
	};
	const timer = setInterval(flush, everyMs);
	timer.unref();
	return {
		publish: entry => pending.push(entry),
		paneError: (id, message) => (paneErrors = {...paneErrors, [id]: message}),
		counts: (id, patch) => counts.set(id, {...counts.get(id), ...patch}),
		host: patch => (host = {...host, ...patch}),
		close() {
			clearInterval(timer);
			flush();
		},
	};
}
