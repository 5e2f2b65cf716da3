import {describe, expect, it} from 'vitest';
import {background, deltaColor, frameColor, PALETTES} from '../../source/exporters/flamegraph-colors.js';

/**
 * Expected values computed with flamegraph.pl's own functions under perl 5.36: its colour
 * per name is rand(1) after srand(sum of the name's characters); --hash is namehash().
 */
describe('flamegraph.pl palettes', () => {
	it('gives each name the colour flamegraph.pl gives it (perl rand seeded by the name)', () => {
		expect(frameColor('main', {palette: 'hot'})).toBe('rgb(243,179,42)');
		expect(frameColor('', {palette: 'hot'})).toBe('rgb(213,39,9)');
		// java: no annotation, no package: "system" red; a kernel frame orange.
		expect(frameColor('java_start', {palette: 'java'})).toBe('rgb(244,114,114)');
		expect(frameColor('kfn_1_[k]', {palette: 'java'})).toBe('rgb(221,121,0)');
	});

	it('--hash colours by flamegraph.pl namehash, module prefix cut', () => {
		expect(frameColor('main', {palette: 'hot', hash: true})).toBe('rgb(247,83,46)');
		expect(frameColor('libc.so`malloc', {palette: 'mem', hash: true})).toBe('rgb(0,225,102)');
	});

	it('picks the multi-palettes by name as flamegraph.pl does', () => {
		const hue = (name: string, palette: 'java' | 'js' | 'perl') => frameColor(name, {palette, hash: true});
		const flat = (name: string, palette: 'green' | 'aqua' | 'yellow' | 'orange' | 'red') => frameColor(name, {palette, hash: true});
		expect(hue('Ljava/lang/Thread;::run', 'java')).toBe(flat('Ljava/lang/Thread;::run', 'green'));
		expect(hue('foo_[j]', 'java')).toBe(flat('foo_[j]', 'green'));
		expect(hue('foo_[i]', 'java')).toBe(flat('foo_[i]', 'aqua'));
		expect(hue('std::vector', 'java')).toBe(flat('std::vector', 'yellow'));
		expect(hue('LazyCompile:~main /app/x.js:3_[j]', 'js')).toBe(flat('LazyCompile:~main /app/x.js:3_[j]', 'green'));
		expect(hue('Builtin:Call_[j]', 'js')).toBe(flat('Builtin:Call_[j]', 'aqua'));
		expect(hue('Perl_pp_entersub', 'perl')).toBe(flat('Perl_pp_entersub', 'green'));
		expect(hue('read_[k]', 'perl')).toBe(flat('read_[k]', 'orange'));
		expect(hue('memcpy', 'perl')).toBe(flat('memcpy', 'red'));
		expect(frameColor('x', {palette: 'wakeup', hash: true})).toBe(frameColor('x', {palette: 'aqua', hash: true}));
	});

	it('keeps stack separators grey in every palette', () => {
		for (const palette of [undefined, ...PALETTES]) {
			expect(frameColor('--', {palette})).toBe('rgb(160,160,160)');
			expect(frameColor('-', {palette})).toBe('rgb(200,200,200)');
		}
	});

	it('colours at random with --random, within the palette', () => {
		const fills = new Set(Array.from({length: 20}, () => frameColor('main', {palette: 'red', random: true})));
		expect(fills.size).toBeGreaterThan(1);
		for (const fill of fills) {
			const [r, g, b] = /rgb\((\d+),(\d+),(\d+)\)/.exec(fill)!.slice(1).map(Number);
			expect(r).toBeGreaterThanOrEqual(200);
			expect(g).toBe(b);
		}
	});

	it('picks the background flamegraph.pl gives the palette', () => {
		expect(background(undefined)).toEqual(['#eeeeee', '#eeeeb0']);
		expect(background('mem')).toEqual(['#eef2ee', '#e0ffe0']);
		expect(background('io')).toEqual(['#eeeeee', '#e0e0ff']);
		expect(background('blue')).toEqual(['#f8f8f8', '#e8e8e8']);
		expect(background('java')).toEqual(['#eeeeee', '#eeeeb0']);
	});

	it('scales differential colours to the largest change, red for growth, blue for shrinkage', () => {
		expect(deltaColor(10, 10, false)).toBe('rgb(255,0,0)');
		expect(deltaColor(5, 10, false)).toBe('rgb(255,105,105)');
		expect(deltaColor(-5, 10, false)).toBe('rgb(105,105,255)');
		expect(deltaColor(0, 10, false)).toBe('rgb(255,255,255)');
		expect(deltaColor(5, 10, true)).toBe('rgb(105,105,255)');
	});
});
