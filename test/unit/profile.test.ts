import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseBpftraceLine, type BpfRecord} from '../../collectors/bpftrace-json.js';
import {formatFolded, parseFolded} from '../../source/models/folded-stacks.js';
import {
	accumulateProfile,
	beginProfile,
	callersAndCallees,
	finishProfile,
	mergeProfile,
	profileFromFolded,
	profileToJson,
	summarizeProfile,
	toFolded,
	topFunctions,
	totalCount,
	type ProfileSample,
} from '../../source/models/profile.js';
import {profileToText} from '../../source/models/profile-text.js';
import {kernelFrame, stack, userFrame} from '../support/profile-stacks.js';

const fixture = path.join(import.meta.dirname, '..', 'fixtures', 'bpftrace-0.17', 'profile-json.ndjson');

const k = kernelFrame;
const u = (name: string, module = 'a.out') => userFrame(name, module);

/** main → work → leaf (user) 6; main → work → write → sys_write [k] 3; idle 1. */
const sample: ProfileSample = {
	t: 1000,
	durationSec: 1,
	onCpu: [
		stack('app', 10, [u('main'), u('work'), u('leaf')], 6),
		stack('app', 10, [u('main'), u('work'), u('write', 'libc.so.6'), k('sys_write')], 3),
		stack('swapper/0', 0, [k('do_idle'), k('default_idle')], 1),
	],
	offCpu: [],
};

function recordsOf(file: string): BpfRecord[] {
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.flatMap(line => {
			const r = parseBpftraceLine(line);
			return r.ok ? r.records : [];
		});
}

describe('profile samples from the collector', () => {
	it('turns each interval of real bpftrace 0.17 output into stacks, root first', () => {
		let acc = beginProfile();
		const samples: ProfileSample[] = [];
		for (const r of recordsOf(fixture)) {
			acc = accumulateProfile(acc, r);
			if (r.type === 'time') {
				samples.push(finishProfile(acc, samples.length * 1000, {intervalSec: 1}));
				acc = beginProfile();
			}
		}
		expect(samples.length).toBeGreaterThanOrEqual(2);
		const merged = mergeProfile(samples);
		// 2 CPUs at 99 Hz: about 198 samples a second, idle included.
		expect(totalCount(merged.onCpu) / merged.durationSec).toBeGreaterThan(150);
		const idle = merged.onCpu.filter(s => s.pid === 0);
		for (const s of idle) expect(s.frames.at(-1)!.kernel).toBe(true);
		// Root first: user frames before kernel frames.
		for (const s of merged.onCpu) {
			const firstKernel = s.frames.findIndex(f => f.kernel);
			if (firstKernel >= 0) expect(s.frames.slice(firstKernel).every(f => f.kernel)).toBe(true);
		}
	});

	it('keeps on-CPU samples and off-CPU microseconds apart', () => {
		const rec: BpfRecord = {type: 'map', map: '@offcpu_us', entries: [{key: '\n\tffffffff8221c0b3 schedule+35\n,,sleep,42', value: 1500}]};
		const acc = accumulateProfile(beginProfile(), rec);
		expect(acc.onCpu).toEqual([]);
		expect(acc.offCpu).toMatchObject([{comm: 'sleep', pid: 42, frames: [k('schedule')], count: 1500}]);
	});

	it('merges one function stack seen at different addresses and offsets', () => {
		const at = (addr: string, off: number): BpfRecord => ({
			type: 'map',
			map: '@stacks',
			entries: [{key: `,\n\t${addr} hot_a+${off} (/tmp/hot)\n,hot,7`, value: 3}],
		});
		const one = finishProfile(accumulateProfile(beginProfile(), at('401136', 12)), 1000, {intervalSec: 1});
		const two = finishProfile(accumulateProfile(beginProfile(), at('401150', 40)), 2000, {intervalSec: 1});
		expect(mergeProfile([one, two]).onCpu).toMatchObject([{comm: 'hot', pid: 7, count: 6, frames: [u('hot_a', 'hot')]}]);
	});

	it('merges the same stack across intervals', () => {
		const merged = mergeProfile([sample, {...sample, t: 2000}]);
		expect(merged.durationSec).toBe(2);
		expect(totalCount(merged.onCpu)).toBe(20);
		expect(merged.onCpu).toHaveLength(3);
	});
});

describe('hottest functions', () => {
	it('counts self at the leaf and total once per stack', () => {
		const rows = topFunctions(sample.onCpu);
		const row = (name: string) => rows.find(r => r.name === name)!;
		expect(row('leaf')).toMatchObject({self: 6, total: 6, kernel: false});
		expect(row('work')).toMatchObject({self: 0, total: 9});
		expect(row('sys_write')).toMatchObject({self: 3, total: 3, kernel: true});
		expect(row('write')).toMatchObject({module: 'libc.so.6', self: 0, total: 3});
	});

	it('counts a recursive function once per stack in total', () => {
		const rows = topFunctions([stack('r', 1, [u('f'), u('f'), u('f')], 4)]);
		expect(rows).toEqual([{name: 'f', kernel: false, module: 'a.out', self: 4, total: 4}]);
	});

	it('hides kernel frames with k, keeping kernel-only stacks as [kernel]', () => {
		const rows = topFunctions(sample.onCpu, {kernel: false, user: true});
		expect(rows.find(r => r.name === 'sys_write')).toBeUndefined();
		expect(rows.find(r => r.name === 'write')).toMatchObject({self: 3});
		expect(rows.find(r => r.name === '[kernel]')).toMatchObject({self: 1});
	});

	it('groups by process with g: the same function in two processes is two rows', () => {
		const stacks = [...sample.onCpu, stack('app', 11, [u('main'), u('leaf')], 4)];
		expect(topFunctions(stacks).filter(r => r.name === 'leaf')).toEqual([{name: 'leaf', kernel: false, module: 'a.out', self: 10, total: 10}]);
		const rows = topFunctions(stacks, undefined, true);
		expect(rows.filter(r => r.name === 'leaf').map(r => [r.process, r.self])).toEqual([
			[{comm: 'app', pid: 10}, 6],
			[{comm: 'app', pid: 11}, 4],
		]);
		expect(rows.find(r => r.name === 'default_idle')!.process).toEqual({comm: 'swapper/0', pid: 0});
	});
});

describe('callers and callees', () => {
	it('weights the frames next to a function by samples', () => {
		const cc = callersAndCallees(sample.onCpu, {name: 'work', kernel: false});
		expect(cc.total).toBe(9);
		expect(cc.callers).toEqual([{name: 'main', kernel: false, count: 9}]);
		expect(cc.callees).toEqual([
			{name: 'leaf', kernel: false, count: 6},
			{name: 'write', kernel: false, count: 3},
		]);
	});

	it('names the ends of the stack', () => {
		const cc = callersAndCallees(sample.onCpu, {name: 'leaf', kernel: false});
		expect(cc.callees).toEqual([{name: '[self]', kernel: false, count: 6}]);
	});
});

describe('folded stacks and summaries', () => {
	it('folds with the process as root and _[k] on kernel frames, and reads back', () => {
		const folded = toFolded(sample.onCpu);
		expect(formatFolded(folded)).toBe(
			['app;main;work;leaf 6', 'app;main;work;write;sys_write_[k] 3', 'swapper/0;do_idle_[k];default_idle_[k] 1', ''].join('\n'),
		);
		const back = profileFromFolded(parseFolded(formatFolded(folded)).stacks);
		expect(formatFolded(toFolded(back.onCpu))).toBe(formatFolded(folded));
	});

	it('summarizes kernel, user and idle shares', () => {
		const s = summarizeProfile(sample);
		expect(s).toMatchObject({samples: 10, perSecond: 10, kernel: 0.4, user: 0.6, idle: 0.1});
	});

	it('reports the share of [unknown] user frames', () => {
		const s = summarizeProfile({...sample, onCpu: [stack('x', 1, [u('[unknown]', ''), u('[unknown]', ''), u('f')], 2)]});
		expect(s.unknownUser).toBeCloseTo(2 / 3);
	});

	it('gives the snapshot JSON: samples, top by self, folded', () => {
		const json = profileToJson(sample);
		expect(json.samples).toBe(10);
		expect(json.top[0]).toEqual({name: 'leaf', self: 6, total: 6});
		expect(json.top.find(r => r.name === 'sys_write_[k]')).toEqual({name: 'sys_write_[k]', self: 3, total: 3});
		expect(json.folded).toContain('app;main;work;leaf 6\n');
	});

	it('prints a perf-report-like text table', () => {
		const text = profileToText(sample);
		expect(text).toMatch(/10 samples/);
		expect(text).toMatch(/^\s+60\.00%\s+60\.00%\s+leaf\s+\[a\.out\]$/m);
		expect(text).toMatch(/^\s+30\.00%\s+30\.00%\s+\[k\] sys_write$/m);
	});
});
