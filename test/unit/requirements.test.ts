/** Requirements per collector: which collectors this machine can start, and what the others need. */
import {describe, expect, it} from 'vitest';
import {bpftraceCollector, samplerCollector} from '../../collectors/collector-spec.js';
import type {Launcher} from '../../collectors/launcher.js';
import {ensureTracefs, everythingMet, needsMessage, unmetRequirements, type Machine} from '../../source/requirements.js';
import {startLiveSession} from '../../source/session.js';
import type {Check} from '../../source/system-checks.js';
import {testPane} from '../support/test-panes.js';

const filters = {intervalSec: 1, pids: []};
const runqlat = bpftraceCollector('runqlat', filters, {tracepoints: ['sched:sched_switch']});
const profile = bpftraceCollector('profile', filters, {tracepoints: []});
const use = samplerCollector('use', 'use-cpu');

const failed = (name: string, detail: string, fix: string): Check => ({name, ok: false, detail, fix});
const notRoot: Machine = {...everythingMet, root: failed('privileges', 'uid 1000', 'run tracetop as root: sudo tracetop')};
const noTracefs: Machine = {...everythingMet, tracefs: failed('tracefs', 'not mounted', 'mount it: mount -t tracefs nodev /sys/kernel/tracing')};

describe('collector requirements', () => {
	it('bpftrace collectors need root and bpftrace, and tracefs when they use tracepoints; samplers nothing', () => {
		expect(runqlat.requires).toEqual(['root', 'bpftrace', 'tracefs']);
		expect(profile.requires).toEqual(['root', 'bpftrace']);
		expect(use.requires).toEqual([]);
	});

	it('are checked against what the machine offers', () => {
		expect(unmetRequirements(runqlat, notRoot)).toEqual(['root']);
		expect(unmetRequirements(profile, noTracefs)).toEqual([]);
		expect(unmetRequirements(use, {...notRoot, ...noTracefs, root: notRoot.root})).toEqual([]);
	});

	it('say in one line what is missing and how to get it, each fix once', () => {
		const both: Machine = {...notRoot, bpftrace: failed('bpftrace', 'not found', 'install it: apt-get install bpftrace')};
		expect(needsMessage(['root', 'bpftrace'], both)).toBe('needs root, bpftrace: run tracetop as root: sudo tracetop; install it: apt-get install bpftrace');
		const sameFix: Machine = {...notRoot, tracefs: failed('tracefs', 'x', 'run tracetop as root: sudo tracetop')};
		expect(needsMessage(['root', 'tracefs'], sameFix)).toBe('needs root, tracefs: run tracetop as root: sudo tracetop');
	});
});

describe('ensureTracefs', () => {
	it('mounts tracefs as root when a collector needs it, and says so', () => {
		let mounts = 0;
		const result = ensureTracefs(noTracefs, [runqlat], () => (mounts++, {ok: true}), () => true);
		expect(mounts).toBe(1);
		expect(result.machine.tracefs).toBeUndefined();
		expect(result.notice).toBe('tracefs was not mounted: mounted it at /sys/kernel/tracing');
	});

	it('where mounting is refused, says why and how to mount it', () => {
		const result = ensureTracefs(noTracefs, [runqlat], () => ({ok: false, reason: 'mount: permission denied'}), () => false);
		expect(result.machine.tracefs).toMatchObject({detail: 'not mounted, and mounting it failed (mount: permission denied)'});
		expect(result.machine.tracefs!.fix).toMatch(/mount -t tracefs nodev \/sys\/kernel\/tracing$/);
		expect(needsMessage(['tracefs'], result.machine)).toMatch(/^needs tracefs: mount it where this is allowed .*: mount -t tracefs nodev \/sys\/kernel\/tracing$/);
		expect(result.notice).toBe('could not mount tracefs: mount: permission denied');
	});

	it('does nothing when tracefs is there, when nothing needs it, or without root', () => {
		let mounts = 0;
		const count = () => (mounts++, {ok: true as const});
		expect(ensureTracefs(everythingMet, [runqlat], count)).toEqual({machine: everythingMet});
		expect(ensureTracefs(noTracefs, [profile, use], count)).toEqual({machine: noTracefs});
		const both = {...noTracefs, root: notRoot.root};
		expect(ensureTracefs(both, [runqlat], count)).toEqual({machine: both});
		expect(mounts).toBe(0);
	});
});

describe('a live session on a machine that meets only some requirements', () => {
	it('starts the collectors it can and marks the others stopped with what they need', async () => {
		const launched: string[] = [];
		const launcher: Launcher = spec => {
			launched.push(spec.id);
			return {pid: undefined, stop: async () => undefined, kill: () => undefined};
		};
		const panes = [testPane('runq', {collectors: () => [runqlat]}), testPane('use', {collectors: () => [use]})];
		const session = startLiveSession({panes, filters, launcher, machine: notRoot, notice: 'hello'});
		expect(launched.sort()).toEqual(['host', 'load', 'use']);
		const state = session.store.getState();
		expect(state.collectors.runqlat).toMatchObject({state: 'stopped', message: 'needs root: run tracetop as root: sudo tracetop'});
		expect(state.notice).toBe('hello');
		await session.stop();
	});
});
