/**
 * No bpftrace outlives tracetop: not after SIGKILL (setpriv's parent-death signal), nor
 * after SIGTERM, SIGINT or SIGHUP (an SSH drop), and the recording survives each.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {bpftraceDescendants, processAlive, waitFor} from '../support/processes.js';
import {bpfMissing, cliPath, describeWhen, repoRoot, tmuxMissing} from '../support/requirements.js';
import {TmuxSession} from '../support/tmux.js';

const sessions: TmuxSession[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
	for (const s of sessions.splice(0)) s.kill();
	for (const c of children.splice(0)) c.kill('SIGKILL');
});

function tracetopRecording(file: string): ChildProcess {
	const child = spawn('node', [cliPath, 'record', '-o', file], {stdio: 'ignore'});
	children.push(child);
	return child;
}

const tempFile = (name: string): string => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-orphan-')), name);

async function bpftraceUnder(pid: number): Promise<number[]> {
	const found = await waitFor(() => {
		const list = bpftraceDescendants(pid);
		return list.length > 0 && list;
	}, 15_000);
	if (!found) throw new Error(`no bpftrace appeared under pid ${pid}`);
	return found;
}

/** Once the recording holds a whole interval, the collector below `pid`. */
async function collectorsOfRecording(pid: number, file: string): Promise<number[]> {
	const recorded = await waitFor(() => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('"type\\": \\"time'), 20_000);
	if (!recorded) throw new Error(`${file} got no complete interval`);
	return bpftraceUnder(pid);
}

const allGoneWithin = (pids: number[], ms: number) => waitFor(() => pids.every(p => !processAlive(p)), ms, 20);

/** Replays the file through the CLI and returns the number of samples it holds. */
async function samplesIn(file: string): Promise<number> {
	const child = spawn('node', [cliPath, 'snapshot', '--replay', file, '--json']);
	let out = '';
	child.stdout.on('data', d => (out += d));
	const code = await new Promise(r => child.on('exit', r));
	expect(code).toBe(0);
	const doc = JSON.parse(out);
	return doc.durationSec / doc.intervalSec;
}

describeWhen(bpfMissing(), 'no orphan collectors', () => {
	it('SIGKILL of a recording tracetop: bpftrace gone within 2 s, recording still replays', async () => {
		const file = tempFile('killed.jsonl');
		const child = tracetopRecording(file);
		const bpf = await collectorsOfRecording(child.pid!, file);
		child.kill('SIGKILL');
		expect(await allGoneWithin(bpf, 2000)).toBe(true);
		expect(await samplesIn(file)).toBeGreaterThanOrEqual(1);
	}, 40_000);

	for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
		it(`${signal} stops a recording cleanly: exit, no bpftrace left, recording complete`, async () => {
			const file = tempFile(`${signal}.jsonl`);
			const child = tracetopRecording(file);
			const exited = new Promise<number | null>(r => child.on('exit', code => r(code)));
			const bpf = await collectorsOfRecording(child.pid!, file);
			child.kill(signal);
			expect(await exited).toBe(0);
			expect(await allGoneWithin(bpf, 2000)).toBe(true);
			expect(fs.readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
			expect(await samplesIn(file)).toBeGreaterThanOrEqual(1);
		}, 40_000);
	}
});

describeWhen(bpfMissing() ?? tmuxMissing(), 'no orphan collectors from the dashboard', () => {
	it('SIGKILL of the dashboard: bpftrace gone within 2 s', async () => {
		const t = TmuxSession.start('tt-orphan', `sh -c 'cd ${repoRoot}; exec node ${cliPath}'`);
		sessions.push(t);
		const tracetop = t.panePid();
		const bpf = await bpftraceUnder(tracetop);
		await t.waitForText(/● runqlat/, 20_000);
		process.kill(tracetop, 'SIGKILL');
		expect(await allGoneWithin(bpf, 2000)).toBe(true);
	}, 40_000);

	it('SIGHUP (the SSH session drops): bpftrace gone and the terminal left', async () => {
		const t = TmuxSession.start('tt-hup', `sh -c 'cd ${repoRoot}; node ${cliPath}; echo EXIT=$?; sleep 600'`);
		sessions.push(t);
		const shell = t.panePid();
		const bpf = await bpftraceUnder(shell);
		await t.waitForText(/● runqlat/, 20_000);
		const node = fs.readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(/\s+/).map(Number)[0]!;
		process.kill(node, 'SIGHUP');
		expect(await allGoneWithin(bpf, 2000)).toBe(true);
		const screen = await t.waitForText(/EXIT=129/);
		expect(screen).not.toContain('Run queue');
	}, 40_000);
});
