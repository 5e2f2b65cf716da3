/** `tracetop record -o FILE [-d SECS]`: live collectors to a recording, no screen. */
import {setTimeout as sleep} from 'node:timers/promises';
import {panes} from '../panes/registry.js';
import type {Command} from '../options.js';
import {collectHeadless} from './collect-headless.js';
import {openSession} from './open-session.js';

export async function runRecord(command: Extract<Command, {name: 'record'}>): Promise<number> {
	const session = await openSession({panes, filters: command.filters, recordTo: command.output});
	process.stderr.write(
		`tracetop: recording to ${command.output}${command.durationSec ? ` for ${command.durationSec}s` : ''}; Ctrl-C stops\n`,
	);
	await collectHeadless(session, () => (command.durationSec ? sleep(command.durationSec * 1000) : new Promise(() => undefined)));
	const samples = Object.values(session.store.getState().history).reduce((n, r) => n + r.entries.length, 0);
	process.stderr.write(`tracetop: wrote ${command.output} (${samples} samples)\n`);
	return 0;
}
