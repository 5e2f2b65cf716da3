/**
 * Opens the session a command asked for: a recording, the bundled demo, or live
 * tracing with the collectors this machine can run (tracefs mounted first, as root,
 * where it is missing).
 */
import type {Filters} from '../../collectors/collector-spec.js';
import {isBuilt, type AnyPane} from '../panes/pane.js';
import type {PaneOptionValues} from '../panes/pane-options.js';
import {panesFor} from '../panes/registry.js';
import {demoRecordingPath} from '../package-root.js';
import {ensureTracefs, probeMachine, unmetRequirements} from '../requirements.js';
import {planCollectors, resolvePaneOptions, startLiveSession, startReplaySession, type Session} from '../session.js';
import {StartError, UsageError} from '../errors.js';
import type {Check} from '../system-checks.js';

export interface SessionRequest {
	/** The panes to run; by default panesFor the options (live) or the recording's header (replay). */
	panes?: readonly AnyPane[];
	filters: Filters;
	paneOptions?: PaneOptionValues;
	/**
	 * The dashboard opens whatever can run, each other pane saying what it needs;
	 * headless commands (false) stop with the reason when no pane can collect.
	 */
	dashboard?: boolean;
	replay?: string;
	demo?: boolean;
	speed?: number;
	recordTo?: string;
	/** Replace an existing recording file (--force). */
	force?: boolean;
	historySec?: number;
	publishEveryMs?: number;
	/** Start collectors (or the replay) only on `session.start()`. */
	deferStart?: boolean;
}

export async function openSession(request: SessionRequest): Promise<Session> {
	if (request.replay || request.demo) {
		return startReplaySession({
			panes: request.panes,
			file: request.replay ?? demoRecordingPath(),
			speed: request.speed ?? 1,
			loop: request.demo,
			historySec: request.historySec,
			publishEveryMs: request.publishEveryMs,
			deferStart: request.deferStart,
		});
	}
	const paneOptions = request.paneOptions ?? {};
	const panes = request.panes ?? panesFor({panes: paneOptions});
	const built = panes.filter(isBuilt);
	const {byPane, specs} = planCollectors(built, request.filters, resolvePaneOptions(built, paneOptions, message => new UsageError(message)));
	const {machine, notice} = ensureTracefs(probeMachine(), specs);
	const canCollect = built.some(p => {
		const always = (byPane.get(p.id) ?? []).filter(s => !s.onDemand);
		return always.length > 0 && always.every(s => unmetRequirements(s, machine).length === 0);
	});
	if (!request.dashboard && !canCollect) {
		const needed = new Set(specs.flatMap(s => s.requires));
		const blocker = (['root', 'bpftrace', 'tracefs'] as const).filter(r => needed.has(r)).map(r => machine[r]).find((c): c is Check => c !== undefined);
		const why = blocker ? `${blocker.name} ${blocker.detail}; ${blocker.fix}` : 'no pane has a collector';
		throw new StartError(`cannot trace: ${why}. Without tracing, try: tracetop --demo, or tracetop --replay FILE`);
	}
	return startLiveSession({
		panes,
		filters: request.filters,
		paneOptions,
		machine,
		notice,
		recordTo: request.recordTo,
		force: request.force,
		historySec: request.historySec,
		publishEveryMs: request.publishEveryMs,
		deferStart: request.deferStart,
	});
}
