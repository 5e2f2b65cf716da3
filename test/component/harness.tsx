/**
 * Shared helpers for the component tests: run-queue samples, the whole app rendered with
 * ink-testing-library, and keys and store updates applied inside act().
 */
import React, {act} from 'react';
import chalk from 'chalk';
import {afterAll, beforeAll} from 'vitest';
import {stripVTControlCharacters} from 'node:util';
import {cleanup, render} from 'ink-testing-library';
import {App, type AppProps} from '../../tui/App.js';
import {loadViews} from '../../tui/load-views.js';
import {paneViews, type ViewLoaders} from '../../tui/views.js';
import {shellPanes} from '../support/shell-panes.js';
import {histogramFromBuckets, type Bucket, type Histogram} from '../../source/models/log2-histogram.js';
import type {RunqSample} from '../../source/models/runq.js';
import {createTracetopStore, type TracetopActions, type TracetopState, type TracetopStore} from '../../source/store/store.js';
import {mono, type Theme} from '../../themes/theme.js';

export const KEY = {
	tab: '\t',
	shiftTab: '\u001B[Z',
	escape: '\u001B',
	enter: '\r',
	backspace: '\u007F',
	ctrlC: '\u0003',
	up: '\u001B[A',
	down: '\u001B[B',
} as const;

export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

// Input handlers are (re)attached in passive effects and read state from their render's
// closure. Wrapping every input and store update in act() flushes the render and those
// effects before the next key, so the tests do not depend on the machine's speed.
(globalThis as {IS_REACT_ACT_ENVIRONMENT?: boolean}).IS_REACT_ACT_ENVIRONMENT = true;

/** One turn of the event loop: Ink flushes a lone Escape on setImmediate. */
const tick = () => new Promise<void>(resolve => setImmediate(resolve));

/** Unmount every app rendered so far (for afterEach). */
export const cleanupApps = () => settle(cleanup);

/** Run `fn` (input, store updates) and let React render and run effects. */
export async function settle(fn: () => void = () => undefined): Promise<void> {
	await act(async () => {
		fn();
		await tick();
	});
}

/** Log2 buckets [lo, 2lo) … with the given counts, starting at `lo`. */
export function log2Buckets(lo: number, counts: readonly number[]): Bucket[] {
	return counts.map((count, i) => {
		const min = lo * 2 ** i;
		return {min, max: min * 2 - 1, count};
	});
}

export const hist = (lo: number, counts: readonly number[]): Histogram => histogramFromBuckets(log2Buckets(lo, counts));

export function runqSample(t: number, all: Histogram, perCpu: ReadonlyArray<[number, Histogram]>, max: number | null): RunqSample {
	return {t, durationSec: 1, all, perCpu: new Map(perCpu), max};
}

/**
 * Sample A (t=1000): every event in [16, 32), so p50 interpolates to 24us; max 30us.
 * CPU 0 is fast, CPU 1 has the slow tail.
 */
export const sampleA = (t = 1000): RunqSample =>
	runqSample(t, hist(16, [100]), [
		[0, hist(16, [60])],
		[1, hist(16, [40])],
	], 30);

/**
 * Sample B (t=2000): every event in [1K, 2K) ([1024, 2047]), p50 ≈ 1.54ms, max 2000us = 2.00ms.
 * CPU 0 cheap (8 events in [16, 32)), CPU 1 slow (92 events in [1K, 2K)), so sorting by
 * p99 puts CPU 1 first.
 */
export const sampleB = (t = 2000): RunqSample =>
	runqSample(t, hist(1024, [100]), [
		[0, hist(16, [8])],
		[1, hist(1024, [92])],
	], 2000);

export function makeStore(): TracetopStore {
	return createTracetopStore({host: 'testhost', kernel: '6.0', mode: 'replay', intervalSec: 1, startedAt: 0});
}

export interface Rendered extends ReturnType<typeof render> {
	store: TracetopStore;
	onQuit: ReturnType<typeof callLog>;
	onExport: ReturnType<typeof callLog>;
	/** The newest frame without escape codes, never undefined. */
	frame(): string;
	/** Write keys, one write per string, each followed by a render and its effects. */
	press(...keys: string[]): Promise<void>;
	/** Change the store (inside act) and let the app render. */
	update(fn: (state: TracetopState & TracetopActions) => void): Promise<void>;
	/** Wait until the frame satisfies `check` (or fail with the last frame). */
	waitFor(check: (frame: string) => boolean, what?: string): Promise<string>;
	/** Wait until the frame contains `text` (or matches it) and return the frame. */
	until(text: string | RegExp): Promise<string>;
}

/** A tiny call recorder (vi.fn works too, but this keeps the harness framework-free). */
export function callLog<R>(impl: () => R = () => undefined as R) {
	const fn = Object.assign(
		() => {
			fn.calls++;
			return impl();
		},
		{calls: 0},
	);
	return fn;
}

/** Render any tree (a widget, a view) inside act; frames without escape codes. */
export async function renderTree(tree: React.ReactElement) {
	let r!: ReturnType<typeof render>;
	await settle(() => {
		r = render(tree);
	});
	return {
		...r,
		frame: () => stripVTControlCharacters(r.lastFrame() ?? ''),
		press: async (...keys: string[]) => {
			for (const key of keys) await settle(() => r.stdin.write(key));
		},
		rerender: (next: React.ReactElement) => settle(() => r.rerender(next)),
	};
}

export async function renderApp(
	options: {
		store?: TracetopStore;
		panes?: AppProps['panes'];
		theme?: Theme;
		onExport?: () => string;
		collectorsByPane?: AppProps['collectorsByPane'];
		onPaneShown?: AppProps['onPaneShown'];
		adjustOption?: AppProps['adjustOption'];
		initialPane?: number;
		/** Views of test panes, beside the real ones. */
		views?: ViewLoaders;
	} = {},
): Promise<Rendered> {
	const store = options.store ?? makeStore();
	const onQuit = callLog();
	const onExport = callLog(options.onExport ?? (() => '/tmp/tracetop-export'));
	const panes = options.panes ?? shellPanes;
	const views = await loadViews(panes, {...paneViews, ...options.views});
	let r!: ReturnType<typeof render>;
	await settle(() => {
		r = render(
			<App
				store={store}
				panes={panes}
				views={views}
				collectorsByPane={options.collectorsByPane ?? new Map([['runq', ['runqlat']]])}
				theme={options.theme ?? mono}
				onExport={onExport}
				onQuit={onQuit}
				onPaneShown={options.onPaneShown}
				adjustOption={options.adjustOption}
				initialPane={options.initialPane}
			/>,
		);
	});
	const frame = () => stripVTControlCharacters(r.lastFrame() ?? '');
	const waitFor = async (check: (f: string) => boolean, what = 'condition') => {
		const deadline = Date.now() + 2000;
		while (!check(frame())) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
			await sleep(5);
		}
		return frame();
	};
	const press = async (...keys: string[]) => {
		for (const key of keys) await settle(() => r.stdin.write(key));
	};
	const update = (fn: (state: TracetopState & TracetopActions) => void) => settle(() => fn(store.getState()));
	const until = (text: string | RegExp) =>
		waitFor(f => (typeof text === 'string' ? f.includes(text) : text.test(f)), JSON.stringify(String(text)));
	return {...r, store, onQuit, onExport, frame, press, update, waitFor, until};
}

/**
 * Ink styles through chalk, which finds no colour terminal under the test runner: force
 * 24-bit colour for a test file so frames carry colours, inverse and underline as codes.
 */
export function withColour(): void {
	const level = chalk.level;
	beforeAll(() => {
		chalk.level = 3;
	});
	afterAll(() => {
		chalk.level = level;
	});
}
