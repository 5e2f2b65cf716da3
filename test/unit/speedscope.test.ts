import {describe, expect, it} from 'vitest';
import {toSpeedscope, type SpeedscopeFile} from '../../source/exporters/speedscope.js';
import type {FoldedStacks} from '../../source/models/folded-stacks.js';

const stacksOf = (lines: Record<string, number>): FoldedStacks => new Map(Object.entries(lines));

/**
 * The checks of speedscope's file-format-schema.json that apply to a sampled profile,
 * written from the format's description, on the file as it is read back from JSON.
 */
function expectValidSpeedscope(file: unknown): asserts file is SpeedscopeFile {
	const doc = file as Record<string, unknown>;
	expect(doc.$schema).toBe('https://www.speedscope.app/file-format-schema.json');
	expect(typeof doc.name).toBe('string');
	expect(typeof doc.exporter).toBe('string');
	const shared = doc.shared as {frames: unknown[]};
	expect(Array.isArray(shared.frames)).toBe(true);
	for (const frame of shared.frames) {
		expect(Object.keys(frame as object)).toEqual(['name']);
		expect(typeof (frame as {name: unknown}).name).toBe('string');
	}
	const profiles = doc.profiles as Array<Record<string, unknown>>;
	expect(profiles.length).toBeGreaterThan(0);
	expect(Number.isInteger(doc.activeProfileIndex)).toBe(true);
	expect(doc.activeProfileIndex).toBeGreaterThanOrEqual(0);
	expect(doc.activeProfileIndex).toBeLessThan(profiles.length);
	for (const profile of profiles) {
		expect(Object.keys(profile).sort()).toEqual(['endValue', 'name', 'samples', 'startValue', 'type', 'unit', 'weights']);
		expect(profile.type).toBe('sampled');
		expect(typeof profile.name).toBe('string');
		expect(['none', 'nanoseconds', 'microseconds', 'milliseconds', 'seconds', 'bytes']).toContain(profile.unit);
		const samples = profile.samples as number[][];
		const weights = profile.weights as number[];
		expect(weights).toHaveLength(samples.length);
		for (const sample of samples) {
			for (const index of sample) {
				expect(Number.isInteger(index)).toBe(true);
				expect(index).toBeGreaterThanOrEqual(0);
				expect(index).toBeLessThan(shared.frames.length);
			}
		}
		for (const weight of weights) expect(weight).toBeGreaterThan(0);
		expect(profile.endValue as number).toBeGreaterThanOrEqual(profile.startValue as number);
		expect((profile.endValue as number) - (profile.startValue as number)).toBe(weights.reduce((a, b) => a + b, 0));
	}
}

/** Each sample as its frame names, root first, with its weight. */
const readBack = (file: SpeedscopeFile): Array<[string, number]> =>
	file.profiles[0]!.samples.map((sample, i) => [sample.map(index => file.shared.frames[index]!.name).join(';'), file.profiles[0]!.weights[i]!]);

describe('toSpeedscope', () => {
	const stacks = stacksOf({
		'bash;main;read_[k];vfs_read_[k]': 300,
		'bash;main;compute': 900,
		'bash;main': 100,
		'bash;[unknown]': 200,
		'sshd;read': 50,
	});

	it('writes a file that follows the schema, one weighted sample per stack', () => {
		const file = JSON.parse(JSON.stringify(toSpeedscope(stacks, {name: 'CPU on web-1', exporter: 'tracetop 0.1.0'}))) as unknown;
		expectValidSpeedscope(file);
		expect(file).toMatchObject({name: 'CPU on web-1', exporter: 'tracetop 0.1.0', activeProfileIndex: 0});
		expect(file.profiles).toHaveLength(1);
		expect(file.profiles[0]).toMatchObject({name: 'CPU on web-1', unit: 'none', startValue: 0, endValue: 1550});
		expect(file.profiles[0]!.samples).toHaveLength(stacks.size);
	});

	it('lists frames root first, each frame once, kernel frames marked [k]', () => {
		const file = toSpeedscope(stacks, {name: 'p'});
		expect(readBack(file)).toEqual([
			['bash;[unknown]', 200],
			['bash;main', 100],
			['bash;main;compute', 900],
			['bash;main;read [k];vfs_read [k]', 300],
			['sshd;read', 50],
		]);
		const names = file.shared.frames.map(f => f.name);
		expect(new Set(names).size).toBe(names.length);
		// The kernel's read and a user-space read stay two frames.
		expect(names.filter(n => n === 'read' || n === 'read [k]').sort()).toEqual(['read', 'read [k]']);
	});

	it('takes the unit and defaults the exporter', () => {
		const file = toSpeedscope(stacksOf({'a;b': 1500}), {name: 'off-CPU', unit: 'microseconds'});
		expectValidSpeedscope(file);
		expect(file.profiles[0]).toMatchObject({unit: 'microseconds', endValue: 1500});
		expect(file.exporter).toBe('tracetop');
	});

	it('is the same whatever order the stacks were counted in', () => {
		const entries = [...stacks];
		expect(toSpeedscope(new Map(entries.reverse()), {name: 'p'})).toEqual(toSpeedscope(stacks, {name: 'p'}));
	});

	it('leaves out stacks without samples, and makes a valid empty profile from none', () => {
		const file = toSpeedscope(stacksOf({'a;b': 0, 'a;c': 2}), {name: 'p'});
		expect(readBack(file)).toEqual([['a;c', 2]]);
		expect(file.shared.frames.map(f => f.name)).toEqual(['a', 'c']);

		const empty = toSpeedscope(new Map(), {name: 'nothing'});
		expectValidSpeedscope(empty);
		expect(empty.profiles[0]).toMatchObject({samples: [], weights: [], startValue: 0, endValue: 0});
	});
});
