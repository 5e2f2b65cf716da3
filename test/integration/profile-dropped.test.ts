/**
 * A full stack map drops samples silently in the kernel; profile.bt counts every sample
 * in @samples, so the pane knows how many were dropped, live and in replay.
 */
import {execFileSync, spawn} from 'node:child_process';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {parseBpftraceCollectorLine} from '../../collectors/parse-line.js';
import {accumulateProfile, beginProfile, droppedSamples, finishProfile, mergeProfile, profileToJson} from '../../source/models/profile.js';
import {profilePane} from '../../source/panes/profile.js';
import {bpfMissing, describeWhen, repoRoot} from '../support/requirements.js';
import {hostileProfileLine} from '../support/hostile.js';
import {cleanupApps, makeStore, renderApp} from '../component/harness.js';

afterEach(cleanupApps);

function sampleOf(lines: string[]) {
	let acc = beginProfile();
	for (const line of lines) {
		const parsed = parseBpftraceCollectorLine(line);
		if (parsed.ok) for (const r of parsed.records) acc = accumulateProfile(acc, r);
	}
	return finishProfile(acc, 1000, {intervalSec: 1});
}

describe('dropped profile samples', () => {
	it('are @samples minus what the stack map holds', () => {
		const sample = sampleOf(['{"type": "map", "data": {"@samples": 300}}', hostileProfileLine('a', 'f', 200)]);
		expect(droppedSamples(sample)).toBe(100);
		expect(profileToJson(sample).dropped).toBe(100);
		expect(droppedSamples(mergeProfile([sample, sample]))).toBe(200);
		// Recordings from before @samples: nothing is claimed.
		expect(droppedSamples(sampleOf([hostileProfileLine('a', 'f', 200)]))).toBe(0);
	});

	it('are shown as a warning in the pane', async () => {
		const store = makeStore();
		const sample = sampleOf(['{"type": "map", "data": {"@samples": 300}}', hostileProfileLine('a', 'f', 200)]);
		store.getState().addSample(profilePane.id, 1000, sample, 1);
		const r = await renderApp({store});
		await r.press('2');
		expect(r.frame()).toContain('100 samples dropped (33.3%): more distinct stacks than the stack map holds');
	});
});

describeWhen(bpfMissing(), 'profile.bt with a tiny stack map (real bpftrace)', () => {
	let child: ReturnType<typeof spawn> | undefined;
	afterEach(() => child?.kill('SIGKILL'));

	it('counts the samples its full map dropped', async () => {
		const script = path.join(repoRoot, 'collectors/profile.bt');
		// Busy processes with distinct stacks: more than 4 keys fit.
		const busy = execFileSync('sh', ['-c', 'for i in 1 2 3 4 5 6; do (timeout 6 sh -c "while :; do :; done" &) ; done; echo started']);
		expect(String(busy)).toContain('started');
		child = spawn('bpftrace', ['-f', 'json', script, '2', '', '0', '0', '0', '0', '0', '0', '0', '0', '199'], {env: {...process.env, BPFTRACE_MAP_KEYS_MAX: '4'}});
		let out = '';
		child.stdout!.on('data', d => (out += d));
		const deadline = Date.now() + 20_000;
		while (!/"type": "time"/.test(out) && Date.now() < deadline) await new Promise(r => setTimeout(r, 100));
		const lines = out.split('\n').filter(l => l.startsWith('{'));
		const sample = sampleOf(lines.slice(0, lines.findIndex(l => l.includes('"type": "time"'))));
		expect(sample.sampled).toBeGreaterThan(0);
		expect(sample.onCpu.length).toBeLessThanOrEqual(4);
		expect(droppedSamples(sample)).toBeGreaterThan(0);
	}, 40_000);
});

describe('the stack map size', () => {
	it('holds every sample an interval can take, between 4096 and 131072 keys', async () => {
		const {stackMapKeys} = await import('../../source/panes/profile.js');
		expect(stackMapKeys(2, 99, 1)).toBe(4096);
		expect(stackMapKeys(96, 99, 2)).toBe(19_008);
		expect(stackMapKeys(256, 999, 10)).toBe(131_072);
	});
});
