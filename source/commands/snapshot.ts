/**
 * `tracetop snapshot`: collect for a while (or read a recording) and print every built
 * pane's summary, as text like BCC's tools or as one JSON document.
 */
import {buildSnapshot, snapshotText} from '../exporters/snapshot-json.js';
import type {Command} from '../options.js';
import {writeStdout} from '../safety/write-stdout.js';
import {allSamples, intervalsHeld} from '../store/store.js';
import {collectFor, collectHeadless} from './collect-headless.js';
import {openSession} from './open-session.js';

export async function runSnapshot(command: Extract<Command, {name: 'snapshot'}>): Promise<number> {
	const session = await openSession({filters: command.filters, paneOptions: command.paneOptions, replay: command.replay, speed: Number.POSITIVE_INFINITY});
	await collectHeadless(session, interrupted =>
		command.replay ? session.done : collectFor(session, command.durationSec, interrupted),
	);

	const state = session.store.getState();
	const samples = new Map(session.panes.map(p => [p.id, allSamples(state, p.id)]));
	const firstT = Math.min(...session.panes.map(p => state.history[p.id]?.entries[0]?.t ?? Number.POSITIVE_INFINITY));
	const intervalMs = state.info.intervalSec * 1000;
	const startOffset = Number.isFinite(firstT) ? Math.max(0, firstT - intervalMs) : 0;
	const counted = Math.max(0, ...session.panes.map(p => intervalsHeld(state, p.id)));
	const doc = buildSnapshot(state.info, session.panes, samples, startOffset, counted * state.info.intervalSec);
	await writeStdout(command.json ? JSON.stringify(doc, null, 2) + '\n' : snapshotText(doc, session.panes, samples));
	return 0;
}
