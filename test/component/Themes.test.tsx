import {afterEach, describe, expect, it} from 'vitest';
import {dark, initialTheme, light, mono, nextTheme, themeByName, themes} from '../../themes/theme.js';
import {cleanupApps, renderApp, sampleA, withColour} from './harness.js';

afterEach(cleanupApps);

withColour();

const rgb = (hex: string) => {
	const n = Number.parseInt(hex.slice(1), 16);
	return `38;2;${(n >> 16) & 255};${(n >> 8) & 255};${n & 255}m`;
};

describe('initialTheme', () => {
	it('defaults to dark on a colour terminal', () => {
		expect(initialTheme(undefined, {}, 24)).toBe(dark);
		expect(initialTheme(undefined, {}, 8)).toBe(dark);
	});

	it('is mono when NO_COLOR is set, whatever its value', () => {
		expect(initialTheme(undefined, {NO_COLOR: '1'}, 24)).toBe(mono);
		expect(initialTheme(undefined, {NO_COLOR: 'false'}, 24)).toBe(mono);
		// An empty NO_COLOR does not count (no-color.org).
		expect(initialTheme(undefined, {NO_COLOR: ''}, 24)).toBe(dark);
	});

	it('is mono with 16 colours or fewer', () => {
		expect(initialTheme(undefined, {}, 4)).toBe(mono);
		expect(initialTheme(undefined, {}, 1)).toBe(mono);
	});

	it('takes an explicit choice over NO_COLOR and the colour depth', () => {
		expect(initialTheme('light', {}, 24)).toBe(light);
		expect(initialTheme('dark', {NO_COLOR: '1'}, 4)).toBe(dark);
		expect(initialTheme('mono', {}, 24)).toBe(mono);
	});

	it('falls back to dark for an unknown name', () => {
		expect(initialTheme('solarized', {}, 24)).toBe(dark);
	});
});

describe('nextTheme', () => {
	it('cycles dark → light → mono → dark', () => {
		expect(themes.map(t => t.name)).toEqual(['dark', 'light', 'mono']);
		expect(nextTheme(dark)).toBe(light);
		expect(nextTheme(light)).toBe(mono);
		expect(nextTheme(mono)).toBe(dark);
		expect(themeByName('light')).toBe(light);
	});
});

describe('t in the app', () => {
	it('cycles the theme and the app keeps rendering', async () => {
		const r = await renderApp({theme: dark});
		await r.update(s => s.addSample('runq', 1000, sampleA(), 100));
		const raw = () => r.lastFrame() ?? '';
		const check = () => {
			const frame = r.frame();
			expect(frame).toContain('tracetop  testhost  6.0');
			expect(frame).toContain('1 Run queue');
			expect(frame).toMatch(/p50 24us/);
			expect(frame).toContain('[16, 32)');
			expect(frame).toContain('q quit');
		};

		const header = () => raw().split('\n')[0]!;
		check();
		expect(raw()).toContain(rgb(dark.accent!));
		expect(raw()).toContain(rgb(dark.bar!));
		expect(raw()).not.toContain(rgb(light.accent!));
		expect(header()).toContain('48;2;48;48;48m'); // dark chrome background
		expect(header()).not.toContain('\u001B[7m');

		await r.press('t');
		check();
		expect(raw()).toContain(rgb(light.accent!));
		expect(raw()).toContain(rgb(light.bar!));
		expect(raw()).not.toContain(rgb(dark.accent!));

		await r.press('t');
		check();
		// Mono: no 24-bit colour at all, and the header in inverse instead.
		expect(raw()).not.toMatch(/[34]8;2;/);
		expect(header()).toContain('\u001B[7m');

		await r.press('t');
		check();
		expect(raw()).toContain(rgb(dark.accent!));
	});

	it('keeps working through every theme with the help overlay and the per-CPU table', async () => {
		const r = await renderApp({theme: mono});
		await r.update(s => s.addSample('runq', 1000, sampleA(), 100));
		for (let i = 0; i < themes.length; i++) {
			await r.press('t', '?');
			expect(r.frame()).toContain('tracetop keys');
			await r.press('h', 'c');
			expect(r.frame()).toContain('per CPU (c: all CPUs)');
			await r.press('c');
			expect(r.frame()).toContain('all CPUs, 2 CPUs');
		}
		expect(r.onQuit.calls).toBe(0);
	});
});
