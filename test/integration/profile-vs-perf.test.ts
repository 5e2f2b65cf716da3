/**
 * The profile collector, run for real on a program with known hot functions, against
 * `perf record` / `perf report` on the same program at the same time.
 */
import {execFile, execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {expect, it} from 'vitest';
import {mergeProfile, topFunctions, totalCount, type ProfileSample} from '../../source/models/profile.js';
import {profilePane} from '../../source/panes/profile.js';
import {startLiveSession} from '../../source/session.js';
import {allSamples} from '../../source/store/store.js';
import {waitFor} from '../support/processes.js';
import {bpfMissing, describeWhen, repoRoot} from '../support/requirements.js';

const run = promisify(execFile);

function missing(): string | undefined {
	const bpf = bpfMissing();
	if (bpf) return bpf;
	for (const tool of ['gcc', 'perf']) {
		try {
			execFileSync('sh', ['-c', `command -v ${tool}`], {stdio: 'ignore'});
		} catch {
			return `${tool} not installed`;
		}
	}
	return undefined;
}

function buildHot(): string {
	const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-hot-')), 'hot');
	execFileSync('gcc', ['-O1', '-fno-omit-frame-pointer', '-o', out, path.join(repoRoot, 'test/fixtures/programs/hot.c')]);
	return out;
}

/** perf report's self-time table: symbol → percent. */
async function perfTop(pid: number, seconds: number): Promise<Map<string, number>> {
	const data = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-perf-')), 'perf.data');
	await run('perf', ['record', '-F', '99', '-g', '-e', 'cpu-clock', '-p', String(pid), '-o', data, '--', 'sleep', String(seconds)]);
	const {stdout} = await run('perf', ['report', '-i', data, '--stdio', '--no-children', '--sort', 'sym', '-q', '-g', 'none']);
	const shares = new Map<string, number>();
	for (const m of stdout.matchAll(/^\s+([\d.]+)%\s+\[[.k]\]\s+(\S+)/gm)) shares.set(m[2]!, Number(m[1]));
	return shares;
}

describeWhen(missing(), 'profile collector against perf', () => {
	it('finds the same top function with a share within 10 points of perf report', async () => {
		const hot = spawn(buildHot(), ['20'], {stdio: 'ignore'});
		const session = startLiveSession({panes: [profilePane], filters: {intervalSec: 1, pids: [hot.pid!]}});
		try {
			const perf = perfTop(hot.pid!, 5);
			const samples = await waitFor(() => {
				const got = allSamples<ProfileSample>(session.store.getState(), 'profile');
				return got.length >= 5 && got;
			}, 30_000);
			const perfShares = await perf;
			expect(samples).toBeTruthy();
			const merged = mergeProfile(samples as ProfileSample[]);
			const total = totalCount(merged.onCpu);
			const ours = topFunctions(merged.onCpu).sort((a, b) => b.self - a.self);
			const [perfName, perfShare] = [...perfShares].sort((a, b) => b[1] - a[1])[0]!;
			expect(total).toBeGreaterThan(200);
			expect(ours[0]!.name).toBe(perfName);
			expect(ours[0]!.name).toBe('hot_a');
			expect(Math.abs((100 * ours[0]!.self) / total - perfShare)).toBeLessThanOrEqual(10);
			// Frame pointers: user stacks are walked past the leaf, into libc's start code
			// (main itself is skipped, as in perf: a leaf function sets up no frame).
			expect(merged.onCpu.some(s => s.frames.some(f => f.module.startsWith('libc.so')) && s.frames.some(f => f.name === 'hot_a'))).toBe(true);
		} finally {
			await session.stop();
			hot.kill('SIGKILL');
		}
	}, 60_000);
});
