/**
 * Headless commands (record, snapshot, flame) collect until their own condition or a
 * signal (Ctrl-C, SIGTERM, a dropped SSH session), then stop the session cleanly: the
 * signal ends collection early instead of killing the process mid-write. Their clock
 * starts once their collectors have attached (bpftrace takes from 0.3 s to seconds to
 * start), and a collector that cannot start ends the command with its reason.
 */
import {setTimeout as sleep} from 'node:timers/promises';
import {StartError} from '../errors.js';
import {guardExit} from '../exit-guard.js';
import type {Session} from '../session.js';
import {intervalsHeld, type TracetopStore} from '../store/store.js';

export async function collectHeadless(session: Session, until: (interrupted: Promise<void>) => Promise<unknown>): Promise<void> {
	let interrupt: () => void = () => undefined;
	const interrupted = new Promise<void>(resolve => (interrupt = resolve));
	const guard = guardExit(() => session.killAll(), () => interrupt());
	try {
		// Collection time counts from the collectors' launch, not from loading their launcher.
		await session.start();
		await Promise.race([interrupted, until(interrupted)]);
	} finally {
		await session.stop();
		guard.release();
	}
}

/** Long enough for bpftrace to compile and attach on a loaded machine. */
export const ATTACH_TIMEOUT_MS = 30_000;

/**
 * The collectors a live session starts by itself (not on demand), without those it
 * did not start because their requirements are not met here ('stopped': their panes
 * say so and report no data).
 */
export function startedCollectors(session: Session): string[] {
	const {collectors} = session.store.getState();
	const specs = [...session.collectorsByPane.values()].flat();
	return [...new Set(specs.filter(s => !s.onDemand && collectors[s.id]?.state !== 'stopped').map(s => s.id))];
}

/** The panes that can collect here: one of their collectors was started. */
function collectingPanes(session: Session): string[] {
	const started = new Set(startedCollectors(session));
	return session.panes.filter(p => (session.collectorsByPane.get(p.id) ?? []).some(s => started.has(s.id))).map(p => p.id);
}

/**
 * Resolves once each of `ids` has printed its first line (attached); rejects with a
 * StartError naming the first that failed (exited, or silent) or did not attach in time.
 */
export function collectorsAttached(store: TracetopStore, ids: readonly string[], timeoutMs = ATTACH_TIMEOUT_MS): Promise<void> {
	return new Promise((resolve, reject) => {
		let timer: NodeJS.Timeout | undefined;
		const done = (error?: Error) => {
			unsubscribe();
			clearTimeout(timer);
			if (error) reject(error);
			else resolve();
		};
		const check = (): boolean => {
			const {collectors} = store.getState();
			for (const id of ids) {
				const c = collectors[id];
				if (c && (c.state === 'restarting' || c.state === 'silent')) {
					done(new StartError(`collector ${id} failed to start: ${(c.message ?? c.state).replace(/; restarting in \d+s$/, '')}`));
					return true;
				}
			}
			if (ids.every(id => collectors[id]?.state === 'running' || collectors[id]?.state === 'stale')) {
				done();
				return true;
			}
			return false;
		};
		const unsubscribe = store.subscribe(() => void check());
		if (check()) return;
		timer = setTimeout(() => {
			const waiting = ids.filter(id => store.getState().collectors[id]?.state !== 'running');
			done(new StartError(`collector ${waiting.join(', ')} printed nothing within ${timeoutMs / 1000} s of starting; is bpftrace working here? (tracetop doctor)`));
		}, timeoutMs);
		timer.unref();
	});
}

/** How long past the duration to wait for the last interval (a loaded machine prints late). */
const GRACE_MS = 15_000;

/**
 * Live collection for `durationSec`: from when `collectors` attached, until each of
 * `paneIds` holds that many seconds of intervals (or a grace period passes, or the
 * command is interrupted). Rejects as collectorsAttached does.
 */
export async function collectFor(
	session: Session,
	durationSec: number,
	interrupted: Promise<void>,
	{collectors = startedCollectors(session), paneIds = collectingPanes(session)}: {collectors?: readonly string[]; paneIds?: readonly string[]} = {},
): Promise<void> {
	let stop = false;
	void interrupted.then(() => (stop = true));
	await collectorsAttached(session.store, collectors);
	const {intervalSec} = session.store.getState().info;
	const wanted = Math.max(1, Math.round(durationSec / intervalSec));
	const deadline = Date.now() + durationSec * 1000 + GRACE_MS;
	// Samples closed before the last collector attached lack its data (an on-demand collector
	// such as offcpu attaches after the pane's clock has run): count only those after it.
	const count = (id: string) => intervalsHeld(session.store.getState(), id);
	const before = new Map(paneIds.map(id => [id, count(id)]));
	while (!stop && Date.now() < deadline) {
		if (paneIds.every(id => count(id) - before.get(id)! >= wanted)) return;
		await sleep(100);
	}
}
