/**
 * How finished samples reach the store. Headless commands publish each at once; the
 * dashboard batches them and publishes at a fixed rate, so a fast replay or many panes
 * cost one store update (one React render) per tick, not one per sample.
 */
import type {TracetopStore} from './store.js';

export interface PublishedSample {
	paneId: string;
	t: number;
	sample: unknown;
	weight: number;
}

export interface SamplePublisher {
	publish(entry: PublishedSample): void;
	/** Publish whatever is pending now and stop the timer. */
	close(): void;
}

export function immediatePublisher(store: TracetopStore): SamplePublisher {
	return {
		publish: entry => store.getState().addSamples([entry]),
		close: () => undefined,
	};
}

export function batchedPublisher(store: TracetopStore, everyMs: number): SamplePublisher {
	let pending: PublishedSample[] = [];
	const flush = () => {
		if (pending.length === 0) return;
		const batch = pending;
		pending = [];
		store.getState().addSamples(batch);
	};
	const timer = setInterval(flush, everyMs);
	timer.unref();
	return {
		publish: entry => pending.push(entry),
		close() {
			clearInterval(timer);
			flush();
		},
	};
}
