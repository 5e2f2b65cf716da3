/**
 * The store owns time: each pane's bounded history of samples, the frozen cursor and the
 * collectors' states. Zustand vanilla, so the session (outside React) writes to it and
 * views subscribe through selectors.
 */
import {createStore, type StoreApi} from 'zustand/vanilla';
import {initialCollectorStatus, type CollectorStatus} from '../../collectors/collector-status.js';
import type {HostFacts} from '../models/host-facts.js';
import type {HostLoad} from '../models/host-load.js';
import {emptyRing, indexAt, pushRing, type Ring, type RingLimits} from './history-ring.js';

export interface SessionInfo {
	host: string;
	kernel: string;
	mode: 'live' | 'replay';
	intervalSec: number;
	/** Epoch ms at which the session (or the recording) started. */
	startedAt: number;
	/** Where a recording is being written, if one is. */
	recordingTo?: string;
	/** The recording being replayed, if any. */
	replayOf?: string;
	/** Stack sampling rate, Hz (-F); unknown for an opened stack file. */
	hz?: number;
}

/** An interval a pane compares the one on screen against (the profile pane's `b`). */
export interface Baseline {
	/** ms since start of the interval's end. */
	t: number;
	sample: unknown;
}

export interface TracetopState {
	info: SessionInfo;
	history: Readonly<Record<string, Ring<unknown>>>;
	/** ms since start of the sample pinned on screen; null follows the newest. */
	frozenAt: number | null;
	collectors: Readonly<Record<string, CollectorStatus>>;
	/** Latest time seen from any source, ms since start. */
	now: number;
	/** The replay reached the end of its recording. */
	ended: boolean;
	/** A pane's own failure (its reducer threw), shown inside that pane only. */
	paneErrors: Readonly<Record<string, string>>;
	/** Why the recording stopped (disk full …); tracing goes on. */
	recordingError: string | undefined;
	/** The source's host facts (from the stream), once they arrived. */
	hostFacts?: HostFacts;
	/** The source's latest load averages and uptime (from the stream), for the header. */
	hostLoad?: HostLoad;
	/** Something the session did for the user (e.g. mounted tracefs), for the status bar. */
	notice?: string;
	/** Per pane, the interval marked as baseline. */
	baselines: Readonly<Record<string, Baseline>>;
}

export interface TracetopActions {
	addSample(paneId: string, t: number, sample: unknown, weight: number): void;
	/** Several samples in one update (one render). */
	addSamples(batch: ReadonlyArray<{paneId: string; t: number; sample: unknown; weight: number; intervals?: number}>): void;
	setCollector(id: string, patch: Partial<CollectorStatus>): void;
	setEnded(): void;
	setPaneError(paneId: string, message: string | undefined): void;
	setRecordingError(message: string): void;
	/** Several panes' errors in one update; undefined clears a pane's error. */
	setPaneErrors(patch: Readonly<Record<string, string | undefined>>): void;
	setHost(patch: {facts?: HostFacts; load?: HostLoad}): void;
	setNotice(text: string | undefined): void;
	freeze(): void;
	unfreeze(): void;
	/** Move the frozen cursor one sample of `paneId` back (-1) or forward (+1). */
	step(paneId: string, direction: -1 | 1): void;
	/**
	 * Mark the visible (frozen or newest) sample of `paneId` as its baseline, or clear
	 * the baseline when one is set. The baseline is kept when it leaves the history.
	 */
	toggleBaseline(paneId: string): void;
}

export type TracetopStore = StoreApi<TracetopState & TracetopActions>;

export const DEFAULT_HISTORY_SEC = 600;
/** Per pane; large enough for minutes of profile stacks, small enough for a busy server. */
export const DEFAULT_HISTORY_BYTES = 64 * 1024 * 1024;

export function createTracetopStore(info: SessionInfo, historySec = DEFAULT_HISTORY_SEC): TracetopStore {
	const limits: RingLimits = {
		maxCount: Math.max(1, Math.ceil(historySec / info.intervalSec)),
		maxBytes: DEFAULT_HISTORY_BYTES,
	};
	return createStore<TracetopState & TracetopActions>()((set, get) => ({
		info,
		history: {},
		frozenAt: null,
		collectors: {},
		now: 0,
		ended: false,
		paneErrors: {},
		recordingError: undefined,
		baselines: {},
		addSample(paneId, t, sample, weight) {
			get().addSamples([{paneId, t, sample, weight}]);
		},
		addSamples(batch) {
			if (batch.length === 0) return;
			set(s => {
				const history = {...s.history};
				let now = s.now;
				for (const {paneId, t, sample, weight, intervals} of batch) {
					history[paneId] = pushRing(history[paneId] ?? emptyRing(), {t, sample, weight, ...(intervals === undefined ? {} : {intervals})}, limits);
					now = Math.max(now, t);
				}
				return {history, now};
			});
		},
		setCollector(id, patch) {
			set(s => ({collectors: {...s.collectors, [id]: {...(s.collectors[id] ?? initialCollectorStatus), ...patch}}}));
		},
		setEnded() {
			set({ended: true});
		},
		setPaneError(paneId, message) {
			get().setPaneErrors({[paneId]: message});
		},
		setPaneErrors(patch) {
			set(s => {
				const paneErrors: Record<string, string> = {...s.paneErrors};
				for (const [paneId, message] of Object.entries(patch)) {
					if (message === undefined) delete paneErrors[paneId];
					else paneErrors[paneId] = message;
				}
				return {paneErrors};
			});
		},
		setRecordingError(message) {
			set({recordingError: message});
		},
		setHost(patch) {
			set(s => ({hostFacts: patch.facts ?? s.hostFacts, hostLoad: patch.load ?? s.hostLoad}));
		},
		setNotice(text) {
			set({notice: text});
		},
		freeze() {
			set(s => ({frozenAt: s.frozenAt ?? s.now}));
		},
		unfreeze() {
			set({frozenAt: null});
		},
		step(paneId, direction) {
			const {frozenAt, history} = get();
			const ring = history[paneId];
			if (frozenAt === null || !ring || ring.entries.length === 0) return;
			const i = indexAt(ring, frozenAt);
			const next = ring.entries[Math.min(Math.max(i + direction, 0), ring.entries.length - 1)]!;
			set({frozenAt: next.t});
		},
		toggleBaseline(paneId) {
			const {[paneId]: current, ...others} = get().baselines;
			if (current) return set({baselines: others});
			const {sample, t} = visibleSamples(get(), paneId);
			if (sample !== undefined && t !== undefined) set({baselines: {...others, [paneId]: {t, sample}}});
		},
	}));
}

export interface VisibleSamples<S> {
	sample: S | undefined;
	/** Samples up to the visible one, oldest first. */
	history: S[];
	t: number | undefined;
	/** Intervals the visible sample covers. */
	intervals: number;
}

/** What a pane shows: the newest sample, or the one pinned by freeze. */
export function visibleSamples<S>(state: TracetopState, paneId: string): VisibleSamples<S> {
	return visibleInRing(state.history[paneId] as Ring<S> | undefined, state.frozenAt);
}

export function visibleInRing<S>(ring: Ring<S> | undefined, frozenAt: number | null): VisibleSamples<S> {
	const i = ring ? indexAt(ring, frozenAt) : -1;
	if (!ring || i < 0) return {sample: undefined, history: [], t: undefined, intervals: 0};
	const entry = ring.entries[i]!;
	return {sample: entry.sample, history: ring.entries.slice(0, i + 1).map(e => e.sample), t: entry.t, intervals: entry.intervals ?? 1};
}

/** Intervals a pane's samples cover together (a sample of joined intervals counts each). */
export const intervalsHeld = (state: TracetopState, paneId: string): number =>
	(state.history[paneId]?.entries ?? []).reduce((n, e) => n + (e.intervals ?? 1), 0);

/** Every sample a pane holds, oldest first (for merged views and snapshots). */
export function allSamples<S>(state: TracetopState, paneId: string): S[] {
	return ((state.history[paneId]?.entries ?? []) as readonly {sample: S}[]).map(e => e.sample);
}

export const totalLostEvents = (state: TracetopState): number =>
	Object.values(state.collectors).reduce((n, c) => n + c.lostEvents, 0);

export const totalMalformedLines = (state: TracetopState): number =>
	Object.values(state.collectors).reduce((n, c) => n + c.malformedLines, 0);

export const totalLateIntervals = (state: TracetopState): number =>
	Object.values(state.collectors).reduce((n, c) => n + c.lateIntervals, 0);
