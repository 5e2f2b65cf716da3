import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {Launcher, ProcessHandlers, RunningProcess} from '../../collectors/launcher.js';
import {bpftraceCollector, samplerCollector, type CollectorSpec} from '../../collectors/collector-spec.js';
import type {CollectorStatus} from '../../collectors/collector-status.js';
import {Supervisor, type BackoffPolicy} from '../../collectors/supervisor.js';

const filters = {intervalSec: 1, pids: []};
const runqlat = bpftraceCollector('runqlat', filters, {tracepoints: ['sched:sched_switch']});
const biolatency = bpftraceCollector('biolatency', filters, {tracepoints: ['block:block_rq_issue']});
const profile = bpftraceCollector('profile', filters, {tracepoints: [], onDemand: true});

const backoff: BackoffPolicy = {initialMs: 1000, maxMs: 5000, healthyAfterMs: 30_000};

/** A child the fake launcher "started": the test drives its output and exit. */
interface FakeProcess extends RunningProcess {
	spec: CollectorSpec;
	handlers: ProcessHandlers;
	stopCalls: number;
	killCalls: number;
	/** Whether the child has exited. */
	exited: boolean;
	out(line: string): void;
	err(line: string): void;
	exit(code: number | null, signal?: string | null): void;
}

function fakeLauncher() {
	const spawned: FakeProcess[] = [];
	const launch: Launcher = (spec, handlers) => {
		const proc: FakeProcess = {
			pid: 1000 + spawned.length,
			spec,
			handlers,
			stopCalls: 0,
			killCalls: 0,
			exited: false,
			out: line => handlers.line(line),
			err: line => handlers.stderr(line),
			exit(code, signal = null) {
				if (proc.exited) return;
				proc.exited = true;
				handlers.exit(code, signal);
			},
			// Like the real child: stopping it makes it exit.
			async stop() {
				proc.stopCalls++;
				proc.exit(null, 'SIGTERM');
			},
			kill() {
				proc.killCalls++;
				proc.exit(null, 'SIGKILL');
			},
		};
		spawned.push(proc);
		return proc;
	};
	return {launch, spawned, of: (id: string) => spawned.filter(p => p.spec.id === id)};
}

function recordingEvents() {
	const lines: Array<[string, string]> = [];
	const statuses: Array<[string, Partial<CollectorStatus>]> = [];
	return {
		lines,
		statuses,
		events: {
			line: (id: string, line: string) => lines.push([id, line]),
			status: (id: string, patch: Partial<CollectorStatus>) => statuses.push([id, patch]),
		},
		statesOf: (id: string) => statuses.filter(([i]) => i === id).map(([, p]) => p.state),
		lastOf: (id: string) => statuses.filter(([i]) => i === id).at(-1)?.[1],
	};
}

function setup(specs: CollectorSpec[] = [runqlat]) {
	const launcher = fakeLauncher();
	const rec = recordingEvents();
	const supervisor = new Supervisor(specs, launcher.launch, rec.events, backoff, () => Date.now());
	return {supervisor, ...launcher, ...rec};
}

beforeEach(() => {
	vi.useFakeTimers();
	vi.setSystemTime(0);
});

afterEach(() => {
	vi.useRealTimers();
});

describe('Supervisor starting collectors and forwarding lines', () => {
	it('starts every collector that is not on demand, each as "starting"', () => {
		const s = setup([runqlat, biolatency]);
		s.supervisor.start();
		expect(s.spawned.map(p => p.spec.id)).toEqual(['runqlat', 'biolatency']);
		expect(s.statuses).toEqual([
			['runqlat', {state: 'starting', message: undefined}],
			['biolatency', {state: 'starting', message: undefined}],
		]);
	});

	it('forwards each stdout line with its collector id, in order', () => {
		const s = setup([runqlat, biolatency]);
		s.supervisor.start();
		s.of('runqlat')[0]!.out('{"type": "attached_probes", "data": {"probes": 7}}');
		s.of('biolatency')[0]!.out('b1');
		s.of('runqlat')[0]!.out('r2');
		expect(s.lines).toEqual([
			['runqlat', '{"type": "attached_probes", "data": {"probes": 7}}'],
			['biolatency', 'b1'],
			['runqlat', 'r2'],
		]);
	});

	it('goes from starting to running on the first line, once', () => {
		const s = setup();
		s.supervisor.start();
		expect(s.statesOf('runqlat')).toEqual(['starting']);
		s.spawned[0]!.out('one');
		s.spawned[0]!.out('two');
		s.spawned[0]!.out('three');
		expect(s.statesOf('runqlat')).toEqual(['starting', 'running']);
		expect(s.lastOf('runqlat')).toEqual({state: 'running', message: undefined});
	});

	it('does not forward stderr lines as data', () => {
		const s = setup();
		s.supervisor.start();
		s.spawned[0]!.err('Attaching 7 probes...');
		s.spawned[0]!.err('WARNING: something');
		expect(s.lines).toEqual([]);
		expect(s.statesOf('runqlat')).toEqual(['starting']);
	});
});

describe('Supervisor restarting a collector that exits', () => {
	it('says "restarting" with the first real stderr line as the reason, ignoring RLIMIT_MEMLOCK and Attaching', () => {
		const s = setup();
		s.supervisor.start();
		const p = s.spawned[0]!;
		p.err('ERROR: Unknown error -1: couldn\'t set RLIMIT_MEMLOCK for bpftrace. If your program is not loading, you can try "ulimit -l 8192" to fix the problem');
		p.err('Attaching 7 probes...');
		p.err('   ');
		p.err('ERROR: tracepoint not found: sched:sched_wakeup_new');
		p.err('ERROR: a later consequence');
		p.exit(1);
		expect(s.lastOf('runqlat')).toEqual({
			state: 'restarting',
			message: 'ERROR: tracepoint not found: sched:sched_wakeup_new (exited with code 1); restarting in 1s',
			restarts: 1,
		});
	});

	it('says bpftrace exited with its code when it printed no reason', () => {
		const s = setup();
		s.supervisor.start();
		s.spawned[0]!.err('ERROR: Unknown error -1: couldn\'t set RLIMIT_MEMLOCK for bpftrace.');
		s.spawned[0]!.exit(255);
		expect(s.lastOf('runqlat')?.message).toBe('bpftrace exited with code 255; restarting in 1s');
	});

	it('speaks of the sampler, not bpftrace, for a sampler collector', () => {
		const s = setup([samplerCollector('use', 'use-cpu')]);
		s.supervisor.start();
		s.spawned[0]!.exit(1);
		expect(s.lastOf('use')?.message).toBe('sampler use-cpu exited with code 1; restarting in 1s');
	});

	it('says which signal killed it', () => {
		const s = setup();
		s.supervisor.start();
		s.spawned[0]!.exit(null, 'SIGSEGV');
		expect(s.lastOf('runqlat')?.message).toBe('bpftrace killed by SIGSEGV; restarting in 1s');
	});

	it('restarts after the backoff delay, not before', () => {
		const s = setup();
		s.supervisor.start();
		s.spawned[0]!.exit(1);
		vi.advanceTimersByTime(999);
		expect(s.spawned).toHaveLength(1);
		vi.advanceTimersByTime(1);
		expect(s.spawned).toHaveLength(2);
		expect(s.lastOf('runqlat')).toEqual({state: 'starting', message: undefined});
		s.spawned[1]!.out('back');
		expect(s.lastOf('runqlat')).toEqual({state: 'running', message: undefined});
		expect(s.lines).toEqual([['runqlat', 'back']]);
	});

	it('doubles the backoff on each quick failure, up to the maximum', () => {
		const s = setup();
		s.supervisor.start();
		const delays: number[] = [];
		for (let i = 0; i < 6; i++) {
			const before = s.spawned.length;
			s.spawned.at(-1)!.exit(1);
			let waited = 0;
			while (s.spawned.length === before) {
				vi.advanceTimersByTime(100);
				waited += 100;
				if (waited > 60_000) throw new Error('no restart');
			}
			delays.push(waited);
		}
		expect(delays).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
		const messages = s.statuses.filter(([, p]) => p.state === 'restarting').map(([, p]) => p.message);
		expect(messages.map(m => /restarting in (\d+)s$/.exec(m ?? '')?.[1])).toEqual(['1', '2', '4', '5', '5', '5']);
		expect(s.lastOf('runqlat')?.state).toBe('starting');
		expect(s.statuses.filter(([, p]) => p.state === 'restarting').map(([, p]) => p.restarts)).toEqual([1, 2, 3, 4, 5, 6]);
	});

	it('resets the backoff after a healthy run', () => {
		const s = setup();
		s.supervisor.start();
		s.spawned[0]!.exit(1); // 1 s
		vi.advanceTimersByTime(1000);
		s.spawned[1]!.exit(1); // 2 s
		vi.advanceTimersByTime(2000);
		expect(s.spawned).toHaveLength(3);
		// The third run lasts as long as a healthy one.
		vi.advanceTimersByTime(backoff.healthyAfterMs);
		s.spawned[2]!.exit(1);
		expect(s.lastOf('runqlat')?.message).toMatch(/restarting in 1s$/);
		vi.advanceTimersByTime(1000);
		expect(s.spawned).toHaveLength(4);
	});

	it('does not reset the backoff after a run just short of healthy', () => {
		const s = setup();
		s.supervisor.start();
		s.spawned[0]!.exit(1);
		vi.advanceTimersByTime(1000);
		vi.advanceTimersByTime(backoff.healthyAfterMs - 1);
		s.spawned[1]!.exit(1);
		expect(s.lastOf('runqlat')?.message).toMatch(/restarting in 2s$/);
	});

	it('forgets the previous run\'s error when it restarts', () => {
		const s = setup();
		s.supervisor.start();
		s.spawned[0]!.err('ERROR: first run failed');
		s.spawned[0]!.exit(1);
		vi.advanceTimersByTime(1000);
		s.spawned[1]!.exit(2);
		expect(s.lastOf('runqlat')?.message).toBe('bpftrace exited with code 2; restarting in 2s');
	});

	it('keeps the other collectors running when one fails', () => {
		const s = setup([runqlat, biolatency]);
		s.supervisor.start();
		s.of('biolatency')[0]!.out('b');
		s.of('runqlat')[0]!.exit(1);
		vi.advanceTimersByTime(1000);
		expect(s.of('biolatency')).toHaveLength(1);
		expect(s.of('biolatency')[0]!.stopCalls + s.of('biolatency')[0]!.killCalls).toBe(0);
		expect(s.statesOf('biolatency')).toEqual(['starting', 'running']);
		expect(s.of('runqlat')).toHaveLength(2);
		s.of('biolatency')[0]!.out('b2');
		expect(s.lines.filter(([id]) => id === 'biolatency')).toHaveLength(2);
	});
});

describe('Supervisor stop and killAll', () => {
	it('stop() stops every child and restarts none of them', async () => {
		const s = setup([runqlat, biolatency]);
		s.supervisor.start();
		await s.supervisor.stop();
		expect(s.spawned.map(p => p.stopCalls)).toEqual([1, 1]);
		vi.advanceTimersByTime(60_000);
		expect(s.spawned).toHaveLength(2);
		expect(s.statuses.some(([, p]) => p.state === 'restarting')).toBe(false);
	});

	it('stop() cancels a restart that was pending', async () => {
		const s = setup();
		s.supervisor.start();
		s.spawned[0]!.exit(1);
		await s.supervisor.stop();
		vi.advanceTimersByTime(60_000);
		expect(s.spawned).toHaveLength(1);
	});

	it('stop() waits for the children to stop', async () => {
		const s = setup();
		s.supervisor.start();
		let release: () => void = () => undefined;
		s.spawned[0]!.stop = () => new Promise<void>(resolve => (release = resolve));
		let done = false;
		const stopping = s.supervisor.stop().then(() => (done = true));
		await Promise.resolve();
		expect(done).toBe(false);
		release();
		await stopping;
		expect(done).toBe(true);
	});

	it('killAll() kills every child at once and restarts none', () => {
		const s = setup([runqlat, biolatency]);
		s.supervisor.start();
		s.supervisor.killAll();
		expect(s.spawned.map(p => p.killCalls)).toEqual([1, 1]);
		vi.advanceTimersByTime(60_000);
		expect(s.spawned).toHaveLength(2);
		expect(s.statuses.some(([, p]) => p.state === 'restarting')).toBe(false);
	});
});

describe('Supervisor on-demand collectors', () => {
	it('leaves an on-demand collector idle at start', () => {
		const s = setup([runqlat, profile]);
		s.supervisor.start();
		expect(s.of('profile')).toHaveLength(0);
		expect(s.lastOf('profile')).toEqual({state: 'idle', message: 'starts when its view is shown'});
	});

	it('starts it on demand and stops it when no longer wanted', () => {
		const s = setup([runqlat, profile]);
		s.supervisor.start();
		s.supervisor.setDemand('profile', true);
		expect(s.of('profile')).toHaveLength(1);
		expect(s.lastOf('profile')).toEqual({state: 'starting', message: undefined});
		s.of('profile')[0]!.out('stack');
		expect(s.lastOf('profile')?.state).toBe('running');
		s.supervisor.setDemand('profile', false);
		expect(s.of('profile')[0]!.stopCalls).toBe(1);
		expect(s.lastOf('profile')).toEqual({state: 'idle', message: 'starts when its view is shown'});
		// Its exit after being stopped is not a failure.
		vi.advanceTimersByTime(60_000);
		expect(s.of('profile')).toHaveLength(1);
		expect(s.statesOf('profile')).not.toContain('restarting');
		// The always-on collector was not touched.
		expect(s.of('runqlat')[0]!.stopCalls).toBe(0);
	});

	it('starts it again when wanted again', () => {
		const s = setup([profile]);
		s.supervisor.start();
		s.supervisor.setDemand('profile', true);
		s.supervisor.setDemand('profile', false);
		s.supervisor.setDemand('profile', true);
		expect(s.of('profile')).toHaveLength(2);
		s.of('profile')[1]!.out('x');
		expect(s.lines).toEqual([['profile', 'x']]);
	});

	it('ignores a repeated demand', () => {
		const s = setup([profile]);
		s.supervisor.start();
		s.supervisor.setDemand('profile', true);
		s.supervisor.setDemand('profile', true);
		expect(s.of('profile')).toHaveLength(1);
	});

	it('ignores lines from a child it already stopped', () => {
		const s = setup([profile]);
		s.supervisor.start();
		s.supervisor.setDemand('profile', true);
		const old = s.of('profile')[0]!;
		old.stop = async () => {
			old.stopCalls++; // a slow child: still printing after being asked to stop
		};
		s.supervisor.setDemand('profile', false);
		old.out('late line');
		old.exit(0);
		expect(s.lines).toEqual([]);
		expect(s.lastOf('profile')?.state).toBe('idle');
	});

	it('cancels a pending restart when no longer wanted', () => {
		const s = setup([profile]);
		s.supervisor.start();
		s.supervisor.setDemand('profile', true);
		s.of('profile')[0]!.exit(1);
		expect(s.lastOf('profile')?.state).toBe('restarting');
		s.supervisor.setDemand('profile', false);
		vi.advanceTimersByTime(60_000);
		expect(s.of('profile')).toHaveLength(1);
		expect(s.lastOf('profile')?.state).toBe('idle');
	});

	it('restarts a wanted on-demand collector that failed', () => {
		const s = setup([profile]);
		s.supervisor.start();
		s.supervisor.setDemand('profile', true);
		s.of('profile')[0]!.exit(1);
		vi.advanceTimersByTime(1000);
		expect(s.of('profile')).toHaveLength(2);
	});

	it('ignores demand for unknown collectors and after stop()', async () => {
		const s = setup([profile]);
		s.supervisor.start();
		s.supervisor.setDemand('nope', true);
		expect(s.spawned).toHaveLength(0);
		await s.supervisor.stop();
		s.supervisor.setDemand('profile', true);
		expect(s.spawned).toHaveLength(0);
	});
});

describe('Supervisor replacing a collector with new arguments', () => {
	it('stops the running process and starts the new spec at once', () => {
		const s = setup([runqlat]);
		s.supervisor.start();
		const changed = {...runqlat, args: [...runqlat.args, '20000000']};
		s.supervisor.replace(changed);
		const procs = s.of('runqlat');
		expect(procs).toHaveLength(2);
		expect(procs[0]!.stopCalls).toBe(1);
		expect(procs[1]!.spec.kind === 'bpftrace' && procs[1]!.spec.args.at(-1)).toBe('20000000');
		// The old process's exit is not a failure: no restart is scheduled.
		vi.advanceTimersByTime(10_000);
		expect(s.of('runqlat')).toHaveLength(2);
		procs[1]!.out('x');
		expect(s.lines.at(-1)).toEqual(['runqlat', 'x']);
	});

	it('keeps an idle on-demand collector idle, with the new spec for when it starts', () => {
		const s = setup([profile]);
		s.supervisor.start();
		s.supervisor.replace({...profile, args: ['changed']});
		expect(s.spawned).toHaveLength(0);
		s.supervisor.setDemand('profile', true);
		expect(s.spawned[0]!.spec.kind === 'bpftrace' && s.spawned[0]!.spec.args).toEqual(['changed']);
	});
});
