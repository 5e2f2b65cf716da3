/**
 * Opens the session a command asked for: a recording, the bundled demo, or live
 * tracing after checking that this machine can trace.
 */
import type {Filters} from '../../collectors/collector-spec.js';
import type {AnyPane} from '../panes/pane.js';
import type {PaneOptionValues} from '../panes/pane-options.js';
import {panesFor} from '../panes/registry.js';
import {demoRecordingPath} from '../package-root.js';
import {startLiveSession, startReplaySession, type Session} from '../session.js';
import {StartError} from '../errors.js';
import {liveTracingBlocker} from '../system-checks.js';

export interface SessionRequest {
	/** The panes to run; by default panesFor the options (live) or the recording's header (replay). */
	panes?: readonly AnyPane[];
	filters: Filters;
	paneOptions?: PaneOptionValues;
	replay?: string;
	demo?: boolean;
	speed?: number;
	recordTo?: string;
	/** Replace an existing recording file. */
	force?: boolean;
	historySec?: number;
	publishEveryMs?: number;
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
		});
	}
	const blocker = liveTracingBlocker();
	if (blocker) {
		throw new StartError(
			`cannot trace: ${blocker.name} ${blocker.detail}; ${blocker.fix}. Without tracing, try: tracetop --demo, or tracetop --replay FILE`,
		);
	}
	const paneOptions = request.paneOptions ?? {};
	return startLiveSession({
		panes: request.panes ?? panesFor({panes: paneOptions}),
		filters: request.filters,
		paneOptions,
		recordTo: request.recordTo,
		force: request.force,
		historySec: request.historySec,
		publishEveryMs: request.publishEveryMs,
	});
}
