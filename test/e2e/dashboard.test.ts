/**
 * The dashboard in a real terminal (tmux): start, switch panes, freeze, step, export,
 * quit, and the terminal restored as it was. Replay needs no root; the live run does.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {bpftraceDescendants, processAlive, waitFor} from '../support/processes.js';
import {bpfMissing, cliPath, describeWhen, repoRoot, tmuxMissing} from '../support/requirements.js';
import {TmuxSession} from '../support/tmux.js';

const sessions: TmuxSession[] = [];
afterEach(() => {
	for (const s of sessions.splice(0)) s.kill();
});

/** A shell that prints a marker, runs tracetop, then says how it exited and stays. */
function shellRunning(args: string, cwd: string): string {
	return `sh -c 'cd ${cwd}; echo BEFORE-TRACETOP; node ${cliPath} ${args}; echo EXIT=$?; sleep 600'`;
}

describeWhen(tmuxMissing(), 'dashboard in tmux (replay)', () => {
	it('draws every frame in place, switches panes, freezes, steps, exports and restores the terminal on q', async () => {
		const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-e2e-'));
		const t = TmuxSession.start('tt-e2e-replay', shellRunning('--demo --speed 4 --theme mono', cwd));
		sessions.push(t);
		await t.waitForText(/p99 over [3-9] intervals/);
		// Several frames later, the layout must still start at the top: header, status, tabs.
		await t.waitForText(/p99 over 1\d intervals/);
		const lines = t.lines();
		expect(lines[0]).toMatch(/^ tracetop {2}vm/);
		expect(lines[1]).toMatch(/REPLAY .*demo\.jsonl/);
		expect(lines[2]).toMatch(/1 Run queue {2}2 Profile/);
		expect(t.screen()).not.toContain('BEFORE-TRACETOP');

		t.keys('2');
		await t.waitForText(/samples\/s +kernel [\d.]+% +user/);
		await t.waitForText(/hot_a/);
		t.keys('f');
		await t.waitForText(/all +\d+ samples +100% of all/);
		t.keys('f');
		await t.waitForText(/SELF +TOTAL/);
		// The demo was recorded before the syscall and block I/O panes: they wait for data.
		for (const what of ['syscalls', 'block I/O']) {
			t.keys('Tab');
			await t.waitForText(new RegExp(`Waiting for the first interval of ${what}`));
		}
		// The demo was recorded before the USE pane: it has no readings for it.
		t.keys('Tab');
		await t.waitForText(/Waiting for the first two readings of \/proc/);
		t.keys('Tab');
		await t.waitForText(/distribution/);
		t.keys('BTab');
		await t.waitForText(/Waiting for the first two readings of \/proc/);
		t.keys('1');
		await t.waitForText(/distribution/);

		t.keys('Space');
		const frozen = await t.waitForText(/FROZEN \d\d:\d\d:\d\d UTC/);
		const frozenP99 = /p99 over (\d+) intervals/.exec(frozen)![1];
		await new Promise(r => setTimeout(r, 1500));
		expect(/p99 over (\d+) intervals/.exec(t.screen())![1]).toBe(frozenP99);
		t.keys('[');
		await t.waitForText(new RegExp(`p99 over ${Number(frozenP99) - 1} intervals`));

		t.keys('e');
		await t.waitForText(/exported to .*tracetop-vm-\d{8}-\d{6}\//);
		const exported = fs.readdirSync(cwd).filter(f => f.startsWith('tracetop-vm-'));
		expect(exported).toHaveLength(1);
		const snapshot = JSON.parse(fs.readFileSync(path.join(cwd, exported[0]!, 'snapshot.json'), 'utf8'));
		expect(snapshot.runq.unit).toBe('us');
		expect(snapshot.profile.samples).toBeGreaterThan(0);
		const files = fs.readdirSync(path.join(cwd, exported[0]!)).sort();
		expect(files).toEqual(['cpu.folded', 'cpu.pb.gz', 'cpu.speedscope.json', 'cpu.svg', 'snapshot.json']);

		t.keys('Escape');
		await new Promise(r => setTimeout(r, 300));
		expect(t.screen()).toContain('FROZEN');
		t.keys('q');
		const after = await t.waitForText(/EXIT=0/);
		expect(after).toContain('BEFORE-TRACETOP');
		expect(after).not.toContain('Run queue');
	}, 60_000);

	it('draws live frames even where CI=true is set (Ink would otherwise wait for exit)', async () => {
		const t = TmuxSession.start('tt-e2e-ci', shellRunning('--demo', repoRoot).replace("sh -c '", "env CI=true sh -c '"));
		sessions.push(t);
		await t.waitForText(/1 Run queue {2}2 Profile/);
		t.keys('q');
		await t.waitForText(/EXIT=0/);
	}, 30_000);

	it('says the terminal is too small below 80x24 and recovers when it grows', async () => {
		const t = TmuxSession.start('tt-e2e-small', shellRunning('--demo', repoRoot), 70, 20);
		sessions.push(t);
		await t.waitForText(/terminal too small: 70x20, tracetop needs 80x24/);
		t.resize(90, 26);
		await t.waitForText(/1 Run queue {2}2 Profile/);
		expect(t.screen()).not.toContain('too small');
		t.keys('q');
		await t.waitForText(/EXIT=0/);
	}, 30_000);
});

describeWhen(bpfMissing() ?? tmuxMissing(), 'dashboard in tmux (live)', () => {
	it('shows a live histogram, records it with --record, and leaves no bpftrace behind after q', async () => {
		const recording = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-e2e-')), 'live.jsonl');
		const t = TmuxSession.start('tt-e2e-live', shellRunning(`--record ${recording}`, repoRoot));
		sessions.push(t);
		await t.waitForText(/● runqlat/, 20_000);
		await t.waitForText(/usecs +count +distribution/, 20_000);
		expect(t.lines()[1]).toContain(`REC ${recording}`);
		// runqlat, profile, syscalls and biolatency; offcpu and blkerr wait until their views are shown.
		const children = await waitFor(() => {
			const found = bpftraceDescendants(t.panePid());
			return found.length === 4 && found;
		}, 20_000);
		expect(children).toBeTruthy();
		t.keys('q');
		await t.waitForText(/EXIT=0/);
		expect(await waitFor(() => (children as number[]).every(pid => !processAlive(pid)), 2000)).toBe(true);
		const replayed = spawnSync(process.execPath, [cliPath, 'snapshot', '--replay', recording, '--json'], {encoding: 'utf8'});
		expect(replayed.status).toBe(0);
		expect(JSON.parse(replayed.stdout).runq.count).toBeGreaterThan(0);
	}, 60_000);
});
