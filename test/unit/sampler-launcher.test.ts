/** The sampler launcher: a reading at start, then per interval the lines and the time marker. */
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {samplerCollector} from '../../collectors/collector-spec.js';
import type {ProcessHandlers} from '../../collectors/launcher.js';
import {samplerLauncher, timeMarker} from '../../collectors/sampler-launcher.js';
import type {SamplerFactory} from '../../collectors/samplers/sampler.js';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

function handlers() {
	const got = {lines: [] as string[], errors: [] as string[], exits: [] as Array<[number | null, string | null]>};
	const h: ProcessHandlers = {
		line: l => got.lines.push(l),
		stderr: l => got.errors.push(l),
		exit: (code, signal) => got.exits.push([code, signal]),
	};
	return {got, h};
}

/** Counts its readings: "r1" at start, "r2" at the first interval … */
const counting: SamplerFactory = () => {
	let n = 0;
	return {read: () => [`{"type":"n","data":${++n}}`]};
};

const marker = timeMarker(new Date(2026, 11, 1, 22, 30, 5));

describe('samplerLauncher', () => {
	it('reads once at start (no marker), then each interval its lines and then the marker', () => {
		const launch = samplerLauncher({intervalSec: 2}, {counting}, () => new Date(2026, 11, 1, 22, 30, 5));
		const {got, h} = handlers();
		const running = launch(samplerCollector('c', 'counting'), h);
		expect(running.pid).toBeUndefined();
		expect(got.lines).toEqual([]);
		vi.advanceTimersByTime(0);
		expect(got.lines).toEqual(['{"type":"n","data":1}']);
		vi.advanceTimersByTime(2000);
		expect(got.lines).toEqual(['{"type":"n","data":1}', '{"type":"n","data":2}', marker]);
		vi.advanceTimersByTime(4000);
		expect(got.lines).toHaveLength(7);
		expect(got.lines.at(-1)).toBe(marker);
	});

	it('prints the marker as bpftrace prints time(): local hh:mm:ss and a newline', () => {
		expect(JSON.parse(marker)).toEqual({type: 'time', data: '22:30:05\n'});
	});

	it('stops reading when stopped, and says it exited', async () => {
		const launch = samplerLauncher({intervalSec: 1}, {counting});
		const {got, h} = handlers();
		const running = launch(samplerCollector('c', 'counting'), h);
		vi.advanceTimersByTime(1000);
		await running.stop();
		const seen = got.lines.length;
		vi.advanceTimersByTime(5000);
		expect(got.lines).toHaveLength(seen);
		expect(got.exits).toEqual([[0, null]]);
		running.kill();
		expect(got.exits).toHaveLength(1);
	});

	it('a sampler that throws ends with its message (for the supervisor to restart it)', () => {
		const broken: SamplerFactory = () => ({
			read() {
				throw new Error('cannot read /proc/stat');
			},
		});
		const launch = samplerLauncher({intervalSec: 1}, {broken});
		const {got, h} = handlers();
		launch(samplerCollector('c', 'broken'), h);
		vi.advanceTimersByTime(3000);
		expect(got.errors).toEqual(['sampler broken: cannot read /proc/stat']);
		expect(got.exits).toEqual([[1, null]]);
		expect(got.lines).toEqual([]);
	});

	it('an unknown sampler name ends the same way', () => {
		const {got, h} = handlers();
		samplerLauncher({intervalSec: 1}, {})(samplerCollector('c', 'nope'), h);
		vi.advanceTimersByTime(0);
		expect(got.errors).toEqual(["sampler nope: no sampler named 'nope'"]);
		expect(got.exits).toEqual([[1, null]]);
	});
});
