import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {gunzipSync} from 'node:zlib';
import {Profile} from 'pprof-format';
import {describe, expect, it} from 'vitest';
import {writeExport} from '../../source/exporters/export-folder.js';
import {collapsePprof} from '../../source/importers/pprof.js';
import {parseFolded} from '../../source/models/folded-stacks.js';
import type {ProfileSample} from '../../source/models/profile.js';
import {profilePane} from '../../source/panes/profile.js';
import {createTracetopStore} from '../../source/store/store.js';
import {kernelFrame, stack, userFrame} from '../support/profile-stacks.js';

const STARTED = Date.UTC(2024, 0, 2, 3, 4, 5);

const sample = (t: number, work: number, offCpu = false): ProfileSample => ({
	t,
	durationSec: 1,
	onCpu: [stack('app', 1, [userFrame('main', 'app'), userFrame('work', 'app')], work), stack('app', 1, [userFrame('main', 'app'), kernelFrame('read')], 10)],
	offCpu: offCpu ? [stack('app', 1, [userFrame('main', 'app'), kernelFrame('schedule')], 2500)] : [],
});

function exported(baseline: boolean) {
	const store = createTracetopStore({host: 'box', kernel: '6.1', mode: 'live', intervalSec: 1, startedAt: STARTED, hz: 49});
	store.getState().addSample('profile', 1000, sample(1000, 10), 100);
	if (baseline) store.getState().toggleBaseline('profile');
	store.getState().addSample('profile', 2000, sample(2000, 30, true), 100);
	const folder = writeExport(fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-export-')), store.getState(), [profilePane]);
	return {files: fs.readdirSync(folder).sort(), read: (name: string) => fs.readFileSync(path.join(folder, name))};
}

describe('export folder of the profile pane', () => {
	it('adds cpu.pb.gz and offcpu.pb.gz: the same stacks as the folded files, the session rate, the interval time', () => {
		const {files, read} = exported(false);
		expect(files).toEqual(['cpu.folded', 'cpu.pb.gz', 'cpu.speedscope.json', 'cpu.svg', 'offcpu.folded', 'offcpu.pb.gz', 'offcpu.speedscope.json', 'offcpu.svg', 'snapshot.json']);
		expect(collapsePprof(gunzipSync(read('cpu.pb.gz'))).stacks).toEqual(parseFolded(read('cpu.folded').toString()).stacks);
		expect(collapsePprof(gunzipSync(read('offcpu.pb.gz'))).stacks).toEqual(parseFolded(read('offcpu.folded').toString()).stacks);
		const cpu = Profile.decode(gunzipSync(read('cpu.pb.gz')));
		expect(Number(cpu.period)).toBe(Math.round(1e9 / 49));
		// The interval that ended 2 s after the start began 1 s after it.
		expect(BigInt(cpu.timeNanos)).toBe(BigInt(STARTED + 1000) * 1_000_000n);
		expect(Number(cpu.durationNanos)).toBe(1e9);
		const off = Profile.decode(gunzipSync(read('offcpu.pb.gz')));
		expect(off.sample.map(s => Number(s.value[0]))).toEqual([2_500_000]);
	});

	it('says how long the exported interval was when its collector joined intervals', () => {
		const store = createTracetopStore({host: 'box', kernel: '6.1', mode: 'live', intervalSec: 1, startedAt: STARTED, hz: 49});
		store.getState().addSamples([{paneId: 'profile', t: 4000, sample: {...sample(4000, 10), durationSec: 3}, weight: 100, intervals: 3}]);
		const folder = writeExport(fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-export-')), store.getState(), [profilePane]);
		const doc = JSON.parse(fs.readFileSync(path.join(folder, 'snapshot.json'), 'utf8')) as {durationSec: number; startTime: string};
		expect(doc.durationSec).toBe(3);
		expect(doc.startTime).toBe(new Date(STARTED + 1000).toISOString());
	});

	it('adds cpu-diff.folded and cpu-diff.svg against the baseline, normalized as difffolded.pl -n', () => {
		const {files, read} = exported(true);
		expect(files).toContain('cpu-diff.folded');
		// Baseline: 10 work + 10 read (20); now 30 + 10 (40): baseline counts doubled.
		expect(read('cpu-diff.folded').toString()).toBe('app;main;read_[k] 20 10\napp;main;work 20 30\n');
		// The same change drawn: work grew by 10 of 40 samples (+25%), read shrank by 10.
		const svg = read('cpu-diff.svg').toString();
		expect(svg).toContain('<title>work (30 samples, 75.00%; +25.00%)</title>');
		expect(svg).toMatch(/<title>read \(10 samples, 25\.00%; -25\.00%\)<\/title><rect [^>]*fill="rgb\(\d+,\d+,255\)"/);
		expect(exported(false).files).not.toContain('cpu-diff.folded');
		expect(exported(false).files).not.toContain('cpu-diff.svg');
	});
});
