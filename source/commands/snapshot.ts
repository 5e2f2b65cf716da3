/**
 * `tracetop snapshot`: collect for a while (or read a recording) and print every built
 * pane's summary, as text like BCC's tools or as one JSON document.
 */
import {setTimeout as sleep} from 'node:timers/promises';
import {buildSnapshot, snapshotText} from '../exporters/snapshot-json.js';
import type {Command} from '../options.js';
import {writeStdout} from '../safety/write-stdout.js';
import type {Session} from '../session.js';
import {allSamples} from '../store/store.js';
import {collectHeadless} from './collect-headless.js';
import {openSession} from './open-session.js';

/**
 * Live: until every pane that can collect here has its samples for the duration, or a
 * grace period passes. A pane whose collectors cannot start (their requirements are not
 * met) is not waited for; it reports no data.
 */
async function collectLive(session: Session, durationSec: number, intervalSec: number, interrupted: Promise<void>): Promise<void> {
	const wanted = Math.max(1, Math.round(durationSec / intervalSec));
	const collectors = session.store.getState().collectors;
	const live = session.panes.filter(p => (session.collectorsByPane.get(p.id) ?? []).some(s => !s.onDemand && collectors[s.id]?.state !== 'stopped'));
	const deadline = Date.now() + durationSec * 1000 + 15_000;
	let stop = false;
	void interrupted.then(() => (stop = true));
	while (!stop && Date.now() < deadline) {
		const history = session.store.getState().history;
		if (live.every(p => (history[p.id]?.entries.length ?? 0) >= wanted)) return;
		await sleep(100);
	}
}

export async function runSnapshot(command: Extract<Command, {name: 'snapshot'}>): Promise<number> {
	const session = await openSession({filters: command.filters, paneOptions: command.paneOptions, replay: command.replay, speed: Number.POSITIVE_INFINITY});
	await collectHeadless(session, interrupted =>
		command.replay ? session.done : collectLive(session, command.durationSec, command.filters.intervalSec, interrupted),
	);

	const state = session.store.getState();
	const samples = new Map(session.panes.map(p => [p.id, allSamples(state, p.id)]));
	const firstT = Math.min(...session.panes.map(p => state.history[p.id]?.entries[0]?.t ?? Number.POSITIVE_INFINITY));
	const intervalMs = state.info.intervalSec * 1000;
	const startOffset = Number.isFinite(firstT) ? Math.max(0, firstT - intervalMs) : 0;
	const counted = Math.max(0, ...session.panes.map(p => samples.get(p.id)?.length ?? 0));
	const doc = buildSnapshot(state.info, session.panes, samples, startOffset, counted * state.info.intervalSec);
	await writeStdout(command.json ? JSON.stringify(doc, null, 2) + '\n' : snapshotText(doc, session.panes, samples));
	return 0;
}
