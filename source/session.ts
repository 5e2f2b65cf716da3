/**
 * A session connects one line source (live collectors, or a recording) to the pipeline
 * and the store. Live and replay differ only here.
 */
import os from 'node:os';
import {DEFAULT_HZ, samplerCollector, type CollectorSpec, type Filters} from '../collectors/collector-spec.js';
import {launcherByKind, type Launcher} from '../collectors/launcher.js';
import {samplerLauncher} from '../collectors/sampler-launcher.js';
import {defaultBackoff, healthFor, Supervisor} from '../collectors/supervisor.js';
import {isBuilt, type AnyPane, type Pane} from './panes/pane.js';
import {adjustedValue, resolveOptions, type PaneOptionValues, type SessionOptions} from './panes/pane-options.js';
import {panesFor} from './panes/registry.js';
import {everythingMet, needsMessage, unmetRequirements, type Machine} from './requirements.js';
import {Pipeline} from './pipeline.js';
import {openRecorder, type Recorder} from './recording/recorder.js';
import {RECORDING_FORMAT, RECORDING_VERSION, RecordingError, type RecordedCollector} from './recording/recording-format.js';
import {readRecordingHeader, replayLines} from './recording/replay-source.js';
import {batchedPublisher, immediatePublisher} from './store/sample-publisher.js';
import {createTracetopStore, type TracetopStore} from './store/store.js';
import {bpftraceVersion, hostName, kernelRelease} from './system-checks.js';
import {UsageError} from './errors.js';

export interface Session {
	store: TracetopStore;
	/** The built panes, fed by this session. */
	panes: Pane[];
	/** Every pane to show as a tab, built or planned (panesFor the session's options). */
	tabs: readonly AnyPane[];
	/** The collectors each pane reads, as planned for this session's filters. */
	collectorsByPane: ReadonlyMap<string, readonly CollectorSpec[]>;
	/** Resolves when the source ends: never for live, at the end of a replay. */
	done: Promise<void>;
	/**
	 * Start the source: live collectors (once; a session opened with `deferStart` waits
	 * for this, so the dashboard draws its first frame before bpftrace competes for the
	 * CPU). Resolves once they are launched.
	 */
	start(): Promise<void>;
	/** Start or stop on-demand collectors for a view. */
	setDemand(collectorId: string, wanted: boolean): void;
	/**
	 * Multiply a pane option by `factor` (a pane key's `adjust`) and restart the pane's
	 * collectors with it; returns a one-line message for the status bar.
	 */
	adjustOption(paneId: string, option: string, factor: number): string;
	stop(): Promise<void>;
	/** Kill children at once (synchronous exit paths). */
	killAll(): void;
}

/**
 * Collectors of the session, not of a pane: host facts once at start (recorded, so a
 * replay names the recorded machine's devices) and the load and uptime for the header.
 */
export const SESSION_COLLECTORS: readonly CollectorSpec[] = [samplerCollector('host', 'host-facts'), samplerCollector('load', 'host-load')];

/** Every built pane's option values, defaults filled in; `fail` makes the error for a bad value. */
export function resolvePaneOptions(panes: readonly Pane[], given: PaneOptionValues | undefined, fail: (message: string) => Error): PaneOptionValues {
	return Object.fromEntries(panes.map(p => [p.id, resolveOptions(p.id, p.options, given?.[p.id], fail)]));
}

/**
 * Each pane's collectors, and the distinct collectors they and the session add up to:
 * the panes' first, in pane order (the header marks them in this order, and its line
 * is cut at the terminal's width).
 */
export function planCollectors(panes: readonly Pane[], filters: Filters, paneOptions: PaneOptionValues = {}) {
	const byPane = new Map<string, CollectorSpec[]>(panes.map(p => [p.id, p.collectors(filters, paneOptions[p.id] ?? {})]));
	const unique = new Map<string, CollectorSpec>();
	for (const spec of [...[...byPane.values()].flat(), ...SESSION_COLLECTORS]) if (!unique.has(spec.id)) unique.set(spec.id, spec);
	return {byPane, specs: [...unique.values()]};
}

const recorded = (spec: CollectorSpec): RecordedCollector =>
	spec.kind === 'bpftrace' ? {id: spec.id, kind: spec.kind, script: spec.script, args: spec.args} : {id: spec.id, kind: spec.kind, sampler: spec.sampler};

export interface LiveOptions {
	panes: readonly AnyPane[];
	filters: Filters;
	/** Pane option values given on the command line; defaults fill the rest. */
	paneOptions?: PaneOptionValues;
	historySec?: number;
	recordTo?: string;
	/** Replace an existing recording file (--force). */
	force?: boolean;
	launcher?: Launcher;
	/** Publish samples to the store at this period instead of one by one. */
	publishEveryMs?: number;
	/** What this machine offers; collectors whose requirements it does not meet do not start. Default: all met. */
	machine?: Machine;
	/** Something done on the user's behalf (tracefs mounted), for the status bar. */
	notice?: string;
	/** Launch the collectors only when `start()` is called. */
	deferStart?: boolean;
}

/** bpftrace's launcher loads execa: only a live session that starts its collectors needs it. */
async function defaultLauncher(intervalSec: number): Promise<Launcher> {
	const {launchBpftrace} = await import('../collectors/bpftrace-process.js');
	return launcherByKind({bpftrace: launchBpftrace, sampler: samplerLauncher({intervalSec})});
}

export function startLiveSession(options: LiveOptions): Session {
	const panes = options.panes.filter(isBuilt);
	const paneOptions = resolvePaneOptions(panes, options.paneOptions, message => new UsageError(message));
	const {byPane, specs: planned} = planCollectors(panes, options.filters, paneOptions);
	const machine = options.machine ?? everythingMet;
	const specs = planned.filter(spec => unmetRequirements(spec, machine).length === 0);
	const startedAt = Date.now();
	const host = hostName();
	const kernel = kernelRelease();
	const {intervalSec} = options.filters;
	const hz = options.filters.hz ?? DEFAULT_HZ;
	const store = createTracetopStore({host, kernel, mode: 'live', intervalSec, startedAt, recordingTo: options.recordTo, hz}, options.historySec);
	for (const spec of planned) {
		const missing = unmetRequirements(spec, machine);
		if (missing.length > 0) store.getState().setCollector(spec.id, {state: 'stopped', message: needsMessage(missing, machine)});
	}
	if (options.notice) store.getState().setNotice(options.notice);
	let recorder: Recorder | undefined;
	if (options.recordTo) {
		const sessionOptions: SessionOptions = {...options.filters, hz, panes: paneOptions};
		recorder = openRecorder(options.recordTo, {
			format: RECORDING_FORMAT,
			version: RECORDING_VERSION,
			host,
			kernel,
			arch: os.machine(),
			bpftraceVersion: bpftraceVersion() ?? 'unknown',
			startTime: new Date(startedAt).toISOString(),
			options: sessionOptions,
			collectors: specs.map(recorded),
		}, {force: options.force, onError: error => store.getState().setRecordingError(error.message)});
	}
	const publisher = options.publishEveryMs ? batchedPublisher(store, options.publishEveryMs) : immediatePublisher(store);
	const pipeline = new Pipeline({panes, specsByPane: byPane, collectorKinds: SESSION_COLLECTORS, paneOptions, intervalSec, store, recorder, publisher});
	let supervisor: Supervisor | undefined;
	let stopped = false;
	// Demand set before the collectors start (the first frame shows a pane) waits for them.
	const demand = new Map<string, boolean>();
	const launch = (launcher: Launcher) => {
		if (stopped || supervisor) return;
		supervisor = new Supervisor(
			specs,
			launcher,
			{
				line: (id, line) => pipeline.ingest(Date.now() - startedAt, id, line),
				status: (id, patch) => store.getState().setCollector(id, patch),
			},
			defaultBackoff,
			Date.now,
			healthFor(intervalSec),
		);
		supervisor.start();
		for (const [id, wanted] of demand) supervisor.setDemand(id, wanted);
	};
	let starting: Promise<void> | undefined;
	const start = (): Promise<void> =>
		(starting ??= options.launcher ? Promise.resolve(launch(options.launcher)) : defaultLauncher(intervalSec).then(launch));
	if (!options.deferStart) {
		// Failing to load tracetop's own module is an internal error: it crashes, as it should.
		if (options.launcher) launch(options.launcher);
		else void start();
	}
	let liveOptions = paneOptions;
	const adjustOption = (paneId: string, name: string, factor: number): string => {
		const pane = panes.find(p => p.id === paneId);
		const option = pane?.options?.find(o => o.name === name);
		if (!pane || !option) return `no option ${name} in pane ${paneId}`;
		const from = liveOptions[paneId]?.[name] ?? option.default;
		const to = adjustedValue(option, from, factor);
		if (to === from) return `${option.flag} stays ${from} (range ${option.min}-${option.max})`;
		const values = {...liveOptions[paneId], [name]: to};
		liveOptions = {...liveOptions, [paneId]: values};
		pipeline.setPaneOptions(paneId, values);
		const specs = pane.collectors(options.filters, values);
		for (const spec of specs) supervisor?.replace(spec);
		return `${option.flag} ${to}: restarting ${specs.map(s => s.id).join(', ')}`;
	};
	let resolveDone: () => void = () => undefined;
	const done = new Promise<void>(resolve => (resolveDone = resolve));
	return {
		store,
		panes,
		tabs: options.panes,
		collectorsByPane: byPane,
		done,
		start,
		setDemand: (id, wanted) => {
			demand.set(id, wanted);
			supervisor?.setDemand(id, wanted);
		},
		adjustOption,
		async stop() {
			stopped = true;
			await supervisor?.stop();
			publisher.close();
			recorder?.close();
			resolveDone();
		},
		killAll() {
			stopped = true;
			supervisor?.killAll();
			recorder?.close();
		},
	};
}

export interface ReplayOptions {
	/** The panes to feed; by default panesFor the recording's own options. */
	panes?: readonly AnyPane[];
	file: string;
	speed: number;
	loop?: boolean;
	historySec?: number;
	publishEveryMs?: number;
	/** Read the recording only when `start()` is called. */
	deferStart?: boolean;
}

/** Panes and collectors are rebuilt from the recording's header, not from this code's defaults. */
export async function startReplaySession(options: ReplayOptions): Promise<Session> {
	const header = await readRecordingHeader(options.file);
	const tabs = options.panes ?? panesFor(header.options);
	const panes = tabs.filter(isBuilt);
	const paneOptions = resolvePaneOptions(panes, header.options.panes, message => new RecordingError(`${options.file}:1: option ${message}`));
	const {byPane} = planCollectors(panes, header.options, paneOptions);
	const {intervalSec} = header.options;
	const store = createTracetopStore(
		{
			host: header.host,
			kernel: header.kernel,
			mode: 'replay',
			intervalSec,
			startedAt: Date.parse(header.startTime) || 0,
			replayOf: options.file,
			hz: header.options.hz ?? DEFAULT_HZ,
		},
		options.historySec,
	);
	const publisher = options.publishEveryMs ? batchedPublisher(store, options.publishEveryMs) : immediatePublisher(store);
	// The recording says which kind each of its collectors was (older ones: all bpftrace).
	const pipeline = new Pipeline({panes, specsByPane: byPane, collectorKinds: header.collectors, paneOptions, intervalSec, store, publisher});
	for (const c of header.collectors) store.getState().setCollector(c.id, {state: 'running'});
	const abort = new AbortController();
	let begin: () => void = () => undefined;
	const begun = new Promise<void>(resolve => (begin = resolve));
	if (!options.deferStart) begin();
	const done = (async () => {
		await begun;
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
		tabs,
		collectorsByPane: byPane,
		done,
		start: async () => begin(),
		setDemand: () => undefined,
		adjustOption: () => 'a replay keeps the options it was recorded with',
		async stop() {
			abort.abort();
			begin();
			await done.catch(() => undefined);
		},
		killAll: () => abort.abort(),
	};
}
