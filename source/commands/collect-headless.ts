/**
 * Headless commands (record, snapshot, flame) collect until their own condition or a
 * signal (Ctrl-C, SIGTERM, a dropped SSH session), then stop the session cleanly: the
 * signal ends collection early instead of killing the process mid-write.
 */
import {guardExit} from '../exit-guard.js';
import type {Session} from '../session.js';

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
