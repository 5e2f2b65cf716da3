/**
 * A session connects one line source (live collectors, or a recording) to the pipeline
 * and the store. Live and replay differ only here.
 */
import type {CollectorSpec, Filters} from '../collectors/collector-spec.js';
import {launchBpftrace, type Launcher} from '../collectors/bpftrace-process.js';
import {Supervisor} from '../collectors/supervisor.js';
import {isBuilt, type AnyPane, type Pane} from './panes/pane.js';
import {Pipeline} from './pipeline.js';
import {openRecorder, type Recorder} from './recording/recorder.js';
import {RECORDING_FORMAT, RECORDING_VERSION} from './recording/recording-format.js';
import {readRecordingHeader, replayLines} from './recording/replay-source.js';
import {batchedPublisher, immediatePublisher} from './store/sample-publisher.js';
import {createTracetopStore, type TracetopStore} from './store/store.js';
import {bpftraceVersion, hostName, kernelRelease} from './system-checks.js';

export interface Session {
	store: TracetopStore;
	panes: Pane[];
	/** The collectors each pane reads, as planned for this session's filters. */
	collectorsByPane: ReadonlyMap<string, readonly CollectorSpec[]>;
	/** Resolves when the source ends: never for live, at the end of a replay. */
	done: Promise<void>;
	/** Start or stop on-demand collectors for a view. */
	setDemand(collectorId: string, wanted: boolean): void;
	stop(): Promise<void>;
	/** Kill children at once (synchronous exit paths). */
	killAll(): void;
}

/** Each pane's collectors, and the distinct collectors they add up to. */
export function planCollectors(panes: readonly Pane[], filters: Filters) {
	const byPane = new Map<string, CollectorSpec[]>(panes.map(p => [p.id, p.collectors(filters)]));
	const unique = new Map<string, CollectorSpec>();
	for (const specs of byPane.values()) for (const spec of specs) unique.set(spec.id, spec);
	return {byPane, specs: [...unique.values()]};
}

export interface LiveOptions {
	panes: readonly AnyPane[];
	filters: Filters;
	historySec?: number;
	recordTo?: string;
	/** Replace an existing recording file (--force). */
	force?: boolean;
	launcher?: Launcher;
	/** Publish samples to the store at this period instead of one by one. */
	publishEveryMs?: number;
}

export function startLiveSession(options: LiveOptions): Session {
	const panes = options.panes.filter(isBuilt);
	const {byPane, specs} = planCollectors(panes, options.filters);
	const startedAt = Date.now();
	const host = hostName();
	const kernel = kernelRelease();
	const store = createTracetopStore(
		{host, kernel, mode: 'live', intervalSec: options.filters.intervalSec, startedAt, recordingTo: options.recordTo},
		options.historySec,
	);
	let recorder: Recorder | undefined;
	if (options.recordTo) {
		recorder = openRecorder(options.recordTo, {
			format: RECORDING_FORMAT,
			version: RECORDING_VERSION,
			host,
			kernel,
			bpftraceVersion: bpftraceVersion() ?? 'unknown',
			startTime: new Date(startedAt).toISOString(),
			options: options.filters,
			collectors: specs.map(({id, script, args}) => ({id, script, args})),
		}, {force: options.force, onError: error => store.getState().setRecordingError(error.message)});
	}
	const publisher = options.publishEveryMs ? batchedPublisher(store, options.publishEveryMs) : immediatePublisher(store);
	const pipeline = new Pipeline(panes, byPane, store, recorder, publisher);
	const supervisor = new Supervisor(specs, options.launcher ?? launchBpftrace, {
		line: (id, line) => pipeline.ingest(Date.now() - startedAt, id, line),
		status: (id, patch) => store.getState().setCollector(id, patch),
	});
	supervisor.start();
	let resolveDone: () => void = () => undefined;
	const done = new Promise<void>(resolve => (resolveDone = resolve));
	return {
		store,
		panes,
		collectorsByPane: byPane,
		done,
		setDemand: (id, wanted) => supervisor.setDemand(id, wanted),
		async stop() {
			await supervisor.stop();
			publisher.close();
			recorder?.close();
			resolveDone();
		},
		killAll() {
			supervisor.killAll();
			recorder?.close();
		},
	};
}

export interface ReplayOptions {
	panes: readonly AnyPane[];
	file: string;
	speed: number;
	loop?: boolean;
	historySec?: number;
	publishEveryMs?: number;
}

export async function startReplaySession(options: ReplayOptions): Promise<Session> {
	const header = await readRecordingHeader(options.file);
	const panes = options.panes.filter(isBuilt);
	const {byPane} = planCollectors(panes, header.options);
	const store = createTracetopStore(
		{
			host: header.host,
			kernel: header.kernel,
			mode: 'replay',
			intervalSec: header.options.intervalSec,
			startedAt: Date.parse(header.startTime) || 0,
			replayOf: options.file,
		},
		options.historySec,
	);
	const publisher = options.publishEveryMs ? batchedPublisher(store, options.publishEveryMs) : immediatePublisher(store);
	const pipeline = new Pipeline(panes, byPane, store, undefined, publisher);
	for (const c of header.collectors) store.getState().setCollector(c.id, {state: 'running'});
	const abort = new AbortController();
	const done = (async () => {
		try {
			for await (const entry of replayLines(options.file, {speed: options.speed, loop: options.loop, signal: abort.signal})) {
				pipeline.ingest(entry.t, entry.c, entry.line);
			}
		} finally {
			publisher.close();
		}
		for (const c of header.collectors) store.getState().setCollector(c.id, {state: 'stopped', message: 'end of recording'});
		store.getState().setEnded();
	})();
	return {
		store,
		panes,
		collectorsByPane: byPane,
		done,
		setDemand: () => undefined,
		async stop() {
			abort.abort();
			await done.catch(() => undefined);
		},
		killAll: () => abort.abort(),
	};
}
