/**
 * How finished samples and the collectors' line counts reach the store. Headless
 * commands publish each at once; the dashboard batches them and publishes at a fixed
 * rate, so a fast replay, many panes or a burst of bad lines cost one store update (one
 * React render) per tick, not one per sample or line.
 */
import type {CollectorStatus} from '../../collectors/collector-status.js';
import type {TracetopStore} from './store.js';

export interface PublishedSample {
	paneId: string;
	t: number;
	sample: unknown;
	weight: number;
}

export type CountsPatch = Partial<Pick<CollectorStatus, 'lostEvents' | 'malformedLines'>>;

export interface SamplePublisher {
	publish(entry: PublishedSample): void;
	/** A collector's running counts; only the latest per collector matters. */
	counts(collectorId: string, patch: CountsPatch): void;
	/** Publish whatever is pending now and stop the timer. */
	close(): void;
}

export function immediatePublisher(store: TracetopStore): SamplePublisher {
	return {
		publish: entry => store.getState().addSamples([entry]),
		counts: (id, patch) => store.getState().setCollector(id, patch),
		close: () => undefined,
	};
}

export function batchedPublisher(store: TracetopStore, everyMs: number): SamplePublisher {
	let pending: PublishedSample[] = [];
	const counts = new Map<string, CountsPatch>();
	const flush = () => {
		for (const [id, patch] of counts) store.getState().setCollector(id, patch);
		counts.clear();
		if (pending.length === 0) return;
		const batch = pending;
		pending = [];
		store.getState().addSamples(batch);
	};
	const timer = setInterval(flush, everyMs);
	timer.unref();
	return {
		publish: entry => pending.push(entry),
		counts: (id, patch) => counts.set(id, {...counts.get(id), ...patch}),
		close() {
			clearInterval(timer);
			flush();
		},
	};
}
