import {describe, expect, it} from 'vitest';
import {initialCollectorStatus} from '../../collectors/collector-status.js';
import {
	allSamples,
	createTracetopStore,
	totalLostEvents,
	visibleSamples,
	type SessionInfo,
	type TracetopStore,
} from '../../source/store/store.js';

const info: SessionInfo = {host: 'box', kernel: '6.1.0', mode: 'live', intervalSec: 1, startedAt: 0};

/** A store with samples "a1".."aN" for pane `a` at 1000, 2000, … ms. */
function storeWith(n: number, historySec?: number): TracetopStore {
	const store = createTracetopStore(info, historySec);
	for (let i = 1; i <= n; i++) store.getState().addSample('a', i * 1000, `a${i}`, 100);
	return store;
}

const visible = (store: TracetopStore, pane = 'a') => visibleSamples<string>(store.getState(), pane);

describe('store history', () => {
	it('keeps samples per pane, oldest first, and tracks the latest time', () => {
		const store = storeWith(3);
		store.getState().addSample('b', 2500, 'b1', 10);
		expect(allSamples(store.getState(), 'a')).toEqual(['a1', 'a2', 'a3']);
		expect(allSamples(store.getState(), 'b')).toEqual(['b1']);
		expect(store.getState().now).toBe(3000);
	});

	it('never moves "now" backwards', () => {
		const store = storeWith(3);
		store.getState().addSample('b', 500, 'late', 10);
		expect(store.getState().now).toBe(3000);
	});

	it('keeps history for historySec worth of intervals', () => {
		const store = storeWith(10, 4);
		expect(allSamples(store.getState(), 'a')).toEqual(['a7', 'a8', 'a9', 'a10']);
	});

	it('rounds the history length up to whole intervals and keeps at least one', () => {
		const twoSec = createTracetopStore({...info, intervalSec: 2}, 5);
		for (let i = 1; i <= 6; i++) twoSec.getState().addSample('a', i * 2000, i, 1);
		expect(allSamples(twoSec.getState(), 'a')).toEqual([4, 5, 6]);
		const tiny = storeWith(3, 0);
		expect(allSamples(tiny.getState(), 'a')).toEqual(['a3']);
	});

	it('gives nothing for a pane without samples', () => {
		const store = storeWith(2);
		expect(visible(store, 'nope')).toEqual({sample: undefined, history: [], t: undefined, intervals: 0});
		expect(allSamples(store.getState(), 'nope')).toEqual([]);
	});
});

describe('visibleSamples while live', () => {
	it('shows the newest sample with the history up to it', () => {
		const store = storeWith(3);
		expect(visible(store)).toEqual({sample: 'a3', history: ['a1', 'a2', 'a3'], t: 3000, intervals: 1});
		store.getState().addSample('a', 4000, 'a4', 100);
		expect(visible(store).sample).toBe('a4');
	});
});

describe('freeze and unfreeze', () => {
	it('pins the view to the newest sample at the time of freezing', () => {
		const store = storeWith(3);
		store.getState().freeze();
		expect(store.getState().frozenAt).toBe(3000);
		expect(visible(store).sample).toBe('a3');
	});

	it('keeps the visible sample fixed while new samples arrive', () => {
		const store = storeWith(3);
		store.getState().freeze();
		for (let i = 4; i <= 8; i++) store.getState().addSample('a', i * 1000, `a${i}`, 100);
		expect(visible(store)).toEqual({sample: 'a3', history: ['a1', 'a2', 'a3'], t: 3000, intervals: 1});
		// Collection went on meanwhile.
		expect(allSamples(store.getState(), 'a')).toHaveLength(8);
		expect(store.getState().now).toBe(8000);
	});

	it('does not move the pin when freeze is pressed again', () => {
		const store = storeWith(3);
		store.getState().freeze();
		store.getState().addSample('a', 4000, 'a4', 100);
		store.getState().freeze();
		expect(store.getState().frozenAt).toBe(3000);
	});

	it('follows the newest sample again after unfreeze', () => {
		const store = storeWith(3);
		store.getState().freeze();
		store.getState().addSample('a', 4000, 'a4', 100);
		store.getState().unfreeze();
		expect(store.getState().frozenAt).toBeNull();
		expect(visible(store).sample).toBe('a4');
	});

	it('shows the oldest kept sample once the pinned one has been evicted', () => {
		const store = storeWith(3, 3);
		store.getState().freeze();
		for (let i = 4; i <= 10; i++) store.getState().addSample('a', i * 1000, `a${i}`, 100);
		expect(visible(store)).toEqual({sample: 'a8', history: ['a8'], t: 8000, intervals: 1});
	});

	it('pins every pane to the same moment', () => {
		const store = storeWith(3);
		store.getState().addSample('b', 1500, 'b1', 10);
		store.getState().addSample('b', 2500, 'b2', 10);
		store.getState().addSample('a', 4000, 'a4', 100);
		store.getState().step('a', -1);
		// frozen is null: step does nothing; freeze then step.
		expect(store.getState().frozenAt).toBeNull();
		store.getState().freeze();
		store.getState().step('a', -1);
		store.getState().step('a', -1);
		expect(store.getState().frozenAt).toBe(2000);
		expect(visible(store, 'a').sample).toBe('a2');
		expect(visible(store, 'b').sample).toBe('b1');
	});
});

describe('step through history', () => {
	it('moves one sample back at a time and forward again', () => {
		const store = storeWith(5);
		store.getState().freeze();
		const seen: string[] = [];
		for (let i = 0; i < 3; i++) {
			store.getState().step('a', -1);
			seen.push(visible(store).sample!);
		}
		expect(seen).toEqual(['a4', 'a3', 'a2']);
		expect(visible(store).history).toEqual(['a1', 'a2']);
		store.getState().step('a', 1);
		expect(visible(store).sample).toBe('a3');
		expect(store.getState().frozenAt).toBe(3000);
	});

	it('stops at the oldest sample', () => {
		const store = storeWith(3);
		store.getState().freeze();
		for (let i = 0; i < 10; i++) store.getState().step('a', -1);
		expect(store.getState().frozenAt).toBe(1000);
		expect(visible(store).sample).toBe('a1');
	});

	it('stops at the newest sample', () => {
		const store = storeWith(3);
		store.getState().freeze();
		store.getState().step('a', -1);
		store.getState().addSample('a', 4000, 'a4', 100);
		for (let i = 0; i < 10; i++) store.getState().step('a', 1);
		expect(store.getState().frozenAt).toBe(4000);
		expect(visible(store).sample).toBe('a4');
	});

	it('steps from between two samples of a pane to its neighbours', () => {
		const store = storeWith(2);
		store.getState().addSample('b', 2500, 'b', 1);
		store.getState().freeze();
		store.getState().addSample('a', 3000, 'a3', 100);
		// Pinned at 2500: pane a shows a2 (at 2000).
		expect(store.getState().frozenAt).toBe(2500);
		expect(visible(store).sample).toBe('a2');
		store.getState().step('a', 1);
		expect(visible(store).sample).toBe('a3');
		store.getState().step('a', -1);
		store.getState().step('a', -1);
		expect(visible(store).sample).toBe('a1');
	});

	it('does nothing while not frozen', () => {
		const store = storeWith(3);
		store.getState().step('a', -1);
		expect(store.getState().frozenAt).toBeNull();
		expect(visible(store).sample).toBe('a3');
	});

	it('does nothing for a pane without history', () => {
		const store = storeWith(3);
		store.getState().freeze();
		store.getState().step('empty', -1);
		expect(store.getState().frozenAt).toBe(3000);
	});
});

describe('collectors, pane errors and the end of a replay', () => {
	it('fills a collector\'s status from the initial one and merges later patches', () => {
		const store = storeWith(0);
		store.getState().setCollector('runqlat', {state: 'running'});
		expect(store.getState().collectors.runqlat).toEqual({...initialCollectorStatus, state: 'running'});
		store.getState().setCollector('runqlat', {lostEvents: 5});
		expect(store.getState().collectors.runqlat).toEqual({...initialCollectorStatus, state: 'running', lostEvents: 5});
	});

	it('sums lost events over all collectors', () => {
		const store = storeWith(0);
		expect(totalLostEvents(store.getState())).toBe(0);
		store.getState().setCollector('a', {lostEvents: 5});
		store.getState().setCollector('b', {lostEvents: 7});
		expect(totalLostEvents(store.getState())).toBe(12);
	});

	it('sets and clears one pane\'s error without touching the others', () => {
		const store = storeWith(0);
		store.getState().setPaneError('a', 'boom');
		store.getState().setPaneError('b', 'bang');
		expect(store.getState().paneErrors).toEqual({a: 'boom', b: 'bang'});
		store.getState().setPaneError('a', 'boom again');
		expect(store.getState().paneErrors).toEqual({a: 'boom again', b: 'bang'});
		store.getState().setPaneError('a', undefined);
		expect(store.getState().paneErrors).toEqual({b: 'bang'});
		expect('a' in store.getState().paneErrors).toBe(false);
	});

	it('tells subscribers about a new pane error', () => {
		const store = storeWith(0);
		const seen: Array<Record<string, string>> = [];
		const unsubscribe = store.subscribe(s => seen.push({...s.paneErrors}));
		store.getState().setPaneError('a', 'boom');
		unsubscribe();
		expect(seen).toEqual([{a: 'boom'}]);
	});

	it('marks the end of a replay', () => {
		const store = storeWith(0);
		expect(store.getState().ended).toBe(false);
		store.getState().setEnded();
		expect(store.getState().ended).toBe(true);
	});

	it('keeps the session info it was created with', () => {
		expect(storeWith(0).getState().info).toEqual(info);
	});
});

describe('baseline', () => {
	it('marks the visible sample of one pane, keeps it as history moves on, and clears on the second toggle', () => {
		const store = storeWith(3, 2);
		store.getState().freeze();
		store.getState().step('a', -1);
		store.getState().toggleBaseline('a');
		expect(store.getState().baselines).toEqual({a: {t: 2000, sample: 'a2'}});
		for (let i = 4; i <= 6; i++) store.getState().addSample('a', i * 1000, `a${i}`, 100);
		expect(allSamples(store.getState(), 'a')).not.toContain('a2');
		expect(store.getState().baselines.a?.sample).toBe('a2');
		store.getState().toggleBaseline('a');
		expect(store.getState().baselines).toEqual({});
	});

	it('takes the newest sample when live, and nothing before a pane has one', () => {
		const store = storeWith(2);
		store.getState().toggleBaseline('b');
		expect(store.getState().baselines).toEqual({});
		store.getState().toggleBaseline('a');
		expect(store.getState().baselines.a).toEqual({t: 2000, sample: 'a2'});
	});
});
