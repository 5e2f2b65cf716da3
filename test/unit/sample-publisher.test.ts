import {afterEach, describe, expect, it, vi} from 'vitest';
import {batchedPublisher, immediatePublisher} from '../../source/store/sample-publisher.js';
import {createTracetopStore} from '../../source/store/store.js';

const makeStore = () => createTracetopStore({host: 'h', kernel: 'k', mode: 'replay', intervalSec: 1, startedAt: 0});

afterEach(() => {
	vi.useRealTimers();
});

describe('sample publishers', () => {
	it('immediate: every sample is in the store at once', () => {
		const store = makeStore();
		immediatePublisher(store).publish({paneId: 'runq', t: 1000, sample: 'a', weight: 1});
		expect(store.getState().history.runq?.entries.map(e => e.sample)).toEqual(['a']);
	});

	it('batched: samples wait for the tick, then arrive in one store update', () => {
		vi.useFakeTimers();
		const store = makeStore();
		let updates = 0;
		store.subscribe(() => updates++);
		const publisher = batchedPublisher(store, 100);
		for (let i = 1; i <= 50; i++) publisher.publish({paneId: 'runq', t: i * 1000, sample: i, weight: 1});
		expect(store.getState().history.runq).toBeUndefined();
		vi.advanceTimersByTime(100);
		expect(updates).toBe(1);
		expect(store.getState().history.runq?.entries).toHaveLength(50);
		expect(store.getState().now).toBe(50_000);
		vi.advanceTimersByTime(500);
		expect(updates).toBe(1);
		publisher.close();
	});

	it('batched: close publishes what is pending and stops the timer', () => {
		vi.useFakeTimers();
		const store = makeStore();
		const publisher = batchedPublisher(store, 100);
		publisher.publish({paneId: 'runq', t: 1000, sample: 'last', weight: 1});
		publisher.close();
		expect(store.getState().history.runq?.entries.map(e => e.sample)).toEqual(['last']);
		publisher.publish({paneId: 'runq', t: 2000, sample: 'late', weight: 1});
		vi.advanceTimersByTime(1000);
		expect(store.getState().history.runq?.entries).toHaveLength(1);
	});
});

describe('collector counts', () => {
	it('batched: a burst of count updates is one store update with the latest values', () => {
		vi.useFakeTimers();
		const store = makeStore();
		let updates = 0;
		store.subscribe(() => updates++);
		const publisher = batchedPublisher(store, 100);
		for (let i = 1; i <= 500; i++) publisher.counts('runqlat', {malformedLines: i});
		publisher.counts('runqlat', {lostEvents: 7});
		expect(updates).toBe(0);
		vi.advanceTimersByTime(100);
		expect(updates).toBe(1);
		expect(store.getState().collectors.runqlat).toMatchObject({malformedLines: 500, lostEvents: 7});
		publisher.close();
	});

	it('immediate: counts are in the store at once', () => {
		const store = makeStore();
		immediatePublisher(store).counts('profile', {lostEvents: 3});
		expect(store.getState().collectors.profile?.lostEvents).toBe(3);
	});
});
