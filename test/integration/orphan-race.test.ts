/**
 * SIGKILL of tracetop at the moment it starts a collector: setpriv's parent-death signal
 * is set only once setpriv runs, so a tracetop killed between fork and that prctl left
 * the child running for ever (1 in 7 here with the plain `setpriv --pdeathsig KILL cmd`,
 * measured by this test's loop). The parent check after prctl makes it impossible: the
 * child sees it was orphaned and exits before starting the collector.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {expect, it} from 'vitest';
import {repoRoot} from '../support/requirements.js';

const processDir = path.join(repoRoot, 'dist/collectors/bpftrace-process.js');

/** A process that starts the guarded command (sleep stands in for bpftrace) and is SIGKILLed at once. */
const script = (marker: string) => `
import {spawn} from 'node:child_process';
import {guardedCommand} from ${JSON.stringify(processDir)};
const {file, args} = guardedCommand(['sleep', ${JSON.stringify(marker)}]);
spawn(file, args, {stdio: 'ignore'});
process.kill(process.pid, 'SIGKILL');
`;

const running = (marker: string): number[] =>
	fs.readdirSync('/proc').filter(p => /^\d+$/.test(p)).filter(p => {
		try {
			return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ').includes(`sleep ${marker}`);
		} catch {
			return false;
		}
	}).map(Number);

it('no collector outlives a tracetop killed while starting it (12 tries)', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-race-'));
	const survivors: number[] = [];
	for (let i = 0; i < 12; i++) {
		const marker = `${1000 + i}.${process.pid}`;
		const file = path.join(dir, `race-${i}.mjs`);
		fs.writeFileSync(file, script(marker));
		spawnSync(process.execPath, [file], {stdio: 'ignore'});
		await new Promise(r => setTimeout(r, 200));
		const left = running(marker);
		survivors.push(...left);
		for (const pid of left) process.kill(pid, 'SIGKILL');
	}
	fs.rmSync(dir, {recursive: true, force: true});
	expect(survivors).toEqual([]);
}, 60_000);
