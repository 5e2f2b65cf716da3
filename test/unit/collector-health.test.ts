/**
 * Collector health: a collector that prints nothing after its start is `silent`, one
 * that stops printing intervals is `stale`; both are said in its status (its pane and the
 * header show them) and clear when output comes back.
 */
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {Launcher, ProcessHandlers} from '../../collectors/launcher.js';
import {bpftraceCollector} from '../../collectors/collector-spec.js';
import type {CollectorStatus} from '../../collectors/collector-status.js';
import {defaultBackoff, healthFor, Supervisor} from '../../collectors/supervisor.js';
import {createTracetopStore} from '../../source/store/store.js';
import {cleanupApps, renderApp} from '../component/harness.js';

const spec = bpftraceCollector('runqlat', {intervalSec: 1, pids: []}, {tracepoints: []});
const TIME = '{"type": "time", "data": "12:00:00\\n"}';

function setup() {
	let handlers!: ProcessHandlers;
	const launch: Launcher = (_spec, h) => {
		handlers = h;
		return {pid: 1, stop: async () => undefined, kill: () => undefined};
	};
	const states: Array<Partial<CollectorStatus>> = [];
	const supervisor = new Supervisor([spec], launch, {line: () => undefined, status: (_id, p) => states.push(p)}, defaultBackoff, () => Date.now(), healthFor(1));
	supervisor.start();
	return {supervisor, out: (line: string) => handlers.line(line), states, last: () => states.at(-1)};
}

beforeEach(() => {
	vi.useFakeTimers();
	vi.setSystemTime(0);
});
afterEach(() => vi.useRealTimers());

describe('collector health', () => {
	it('no output 15 s after start: silent, with a hint; output clears it', () => {
		const s = setup();
		vi.advanceTimersByTime(14_000);
		expect(s.last()?.state).toBe('starting');
		vi.advanceTimersByTime(1500);
		expect(s.last()).toEqual({state: 'silent', message: 'no output 15 s after start (bpftrace may be stuck compiling or attaching its probes)'});
		s.out('{"type": "attached_probes", "data": {"probes": 3}}');
		expect(s.last()).toEqual({state: 'running', message: undefined});
		s.supervisor.killAll();
	});

	it('no interval for 3 intervals (at least 5 s): stale; the next interval clears it', () => {
		const s = setup();
		s.out('{"type": "attached_probes", "data": {"probes": 3}}');
		s.out(TIME);
		vi.advanceTimersByTime(4000);
		expect(s.last()?.state).toBe('running');
		vi.advanceTimersByTime(1500);
		expect(s.last()).toMatchObject({state: 'stale', message: expect.stringMatching(/^no interval for 5 s \(last 5 s ago\); what is shown is not live$/)});
		const reported = s.states.length;
		vi.advanceTimersByTime(5000);
		expect(s.states).toHaveLength(reported);
		s.out('{"type": "hist", "data": {}}');
		expect(s.last()?.state).toBe('stale');
		s.out(TIME);
		expect(s.last()).toEqual({state: 'running', message: undefined});
		s.supervisor.killAll();
	});

	it('a bpftrace collector that attached but never prints an interval goes stale too', () => {
		const s = setup();
		s.out('{"type": "attached_probes", "data": {"probes": 3}}');
		vi.advanceTimersByTime(6000);
		expect(s.last()).toMatchObject({state: 'stale', message: expect.stringContaining('none yet')});
		s.supervisor.killAll();
	});
});

describe('health on screen', () => {
	afterEach(cleanupApps);
	it('the pane says why and the header marks it', async () => {
		vi.useRealTimers();
		const store = createTracetopStore({host: 'h', kernel: 'k', mode: 'live', intervalSec: 1, startedAt: 0});
		store.getState().setCollector('runqlat', {state: 'stale', message: 'no interval for 5 s (last 5 s ago); what is shown is not live'});
		const r = await renderApp({store});
		expect(r.frame()).toContain('! runqlat');
		expect(r.frame()).toContain('runqlat: no interval for 5 s (last 5 s ago); what is shown is not live');
	});
});
