/** `tracetop record -o FILE [-d SECS]`: live collectors to a recording, no screen. */
import type {Command} from '../options.js';
import {FileWriteError} from '../safety/safe-file.js';
import type {TracetopStore} from '../store/store.js';
import {collectFor, collectHeadless, collectorsAttached, startedCollectors} from './collect-headless.js';
import {openSession} from './open-session.js';

/** Resolves when the recording stopped on a write error (disk full): recording is all this command does. */
const recordingFailed = (store: TracetopStore): Promise<void> =>
	new Promise(resolve => {
		if (store.getState().recordingError) return resolve();
		const unsubscribe = store.subscribe(s => {
			if (!s.recordingError) return;
			unsubscribe();
			resolve();
		});
	});

export async function runRecord(command: Extract<Command, {name: 'record'}>): Promise<number> {
	const session = await openSession({filters: command.filters, paneOptions: command.paneOptions, recordTo: command.output, force: command.force});
	process.stderr.write(
		`tracetop: recording to ${command.output}${command.durationSec ? ` for ${command.durationSec}s` : ''}; Ctrl-C stops\n`,
	);
	const failed = recordingFailed(session.store);
	// -d counts from when the collectors run, not from when they were asked to start.
	await collectHeadless(session, interrupted =>
		Promise.race([
			failed,
			command.durationSec ? collectFor(session, command.durationSec, interrupted) : collectorsAttached(session.store, startedCollectors(session)).then(() => new Promise(() => undefined)),
		]),
	);
	const {recordingError, history} = session.store.getState();
	if (recordingError) throw new FileWriteError(`recording stopped: ${recordingError}`);
	const samples = Object.values(history).reduce((n, r) => n + r.entries.length, 0);
	process.stderr.write(`tracetop: wrote ${command.output} (${samples} samples)\n`);
	return 0;
}
