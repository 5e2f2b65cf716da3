/**
 * The profile pane's `b`: mark the visible interval as the baseline, see each function's
 * change against it in the table and each frame's in the flame graph's colours.
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {ProfileSample} from '../../source/models/profile.js';
import {dark, mixColors} from '../../themes/theme.js';
import {kernelFrame, stack, userFrame} from '../support/profile-stacks.js';
import {cleanupApps, renderApp, withColour} from './harness.js';

afterEach(cleanupApps);

withColour();

const u = (name: string) => userFrame(name, 'app');

/** leaf and sys_write under main;work, and idle. */
const sample = (t: number, leaf: number, write: number, idle: number): ProfileSample => ({
	t,
	durationSec: 1,
	onCpu: [
		stack('app', 10, [u('main'), u('work'), u('leaf')], leaf),
		stack('app', 10, [u('main'), u('work'), kernelFrame('sys_write')], write),
		stack('swapper/0', 0, [kernelFrame('do_idle')], idle),
	].filter(s => s.count > 0),
	offCpu: [],
});

async function withBaseline(theme = dark) {
	const r = await renderApp({theme});
	await r.press('2');
	await r.update(s => s.addSample('profile', 1000, sample(1000, 60, 30, 10), 100));
	await r.until('FUNCTION');
	await r.press('b');
	await r.until('BASELINE 00:00:01 UTC');
	// More samples a second later, none idle: leaf's share shrank, sys_write's grew as much.
	await r.update(s => s.addSample('profile', 2000, sample(2000, 40, 140, 0), 100));
	return r;
}

const row = (frame: string, name: string) => frame.split('\n').find(l => new RegExp(`\\s${name}\\s`).test(l)) ?? '';

describe('profile pane baseline (b)', () => {
	it('b marks the interval: the status bar names it, the table gains ΔSELF and ΔTOTAL against it', async () => {
		const r = await withBaseline();
		const frame = await r.until(/ΔSELF\s+ΔTOTAL/);
		expect(frame).toContain('baseline set');
		// Shares now (of 180 samples) minus then (of 100).
		expect(row(frame, 'sys_write')).toMatch(/77\.8%\s+77\.8%\s+\+47\.8%\s+\+47\.8%\s+140 \[k\] sys_write/);
		expect(row(frame, 'leaf')).toMatch(/22\.2%\s+22\.2%\s+-37\.8%\s+-37\.8%\s+40\s+leaf/);
		expect(row(frame, 'main')).toMatch(/0\.0%\s+100\.0%\s+0\.0%\s+\+10\.0%\s+0\s+main/);
	});

	it('b again clears the baseline and the Δ columns', async () => {
		const r = await withBaseline();
		await r.until('ΔSELF');
		await r.press('b');
		const frame = await r.until('baseline cleared');
		expect(frame).not.toContain('ΔSELF');
		expect(frame).not.toContain('BASELINE');
	});

	it('the flame graph colours frames by their change: red grew, blue shrank, the selected one in the footer', async () => {
		const r = await withBaseline();
		await r.press('f');
		await r.until('Δself');
		const raw = r.lastFrame() ?? '';
		const styled = (hex: string, name: string) => new RegExp(`38;2;${[1, 3, 5].map(i => Number.parseInt(hex.slice(i, i + 2), 16)).join(';')}m(?:\\u001B\\[[\\d;]*m)*${name}`).test(raw);
		// sys_write's is the largest change (+47.8%): full red; leaf's (-37.8%) is blue, 6 of 8 steps.
		expect(styled(dark.grew!, 'sys_write')).toBe(true);
		expect(styled(mixColors(dark.same!, dark.shrank!, 0.75), 'leaf')).toBe(true);
		expect(styled(dark.same!, 'work')).toBe(true);
		expect(r.frame()).toMatch(/all .*Δself 0\.0% \(red grew, blue shrank\)/);
	});

	it('without a baseline the flame graph keeps its colours by kind', async () => {
		const r = await renderApp({theme: dark});
		await r.press('2');
		await r.update(s => s.addSample('profile', 1000, sample(1000, 60, 30, 10), 100));
		await r.press('f');
		await r.until('sys_write');
		expect(r.frame()).not.toContain('Δself');
		expect(r.lastFrame()).not.toContain('38;2;255;0;0m');
	});

	it('says so when there is no interval to mark yet', async () => {
		const r = await renderApp();
		await r.press('2', 'b');
		await r.until('no interval to mark as baseline yet');
		expect(r.frame()).not.toContain('BASELINE');
	});

	it('the help overlay lists b', async () => {
		const r = await renderApp();
		await r.press('2', '?');
		await r.until(/b\s+mark this interval as the baseline/);
	});
});
