import {afterEach, describe, expect, it} from 'vitest';
import type {ProfileSample, ProfileStack} from '../../source/models/profile.js';
import {cleanupApps, KEY, renderApp} from './harness.js';
import {kernelFrame, stack, userFrame} from '../support/profile-stacks.js';

afterEach(cleanupApps);

const k = kernelFrame;
const u = (name: string, module = 'app') => userFrame(name, module);

const sample = (t = 1000, extra: ProfileStack[] = []): ProfileSample => ({
	t,
	durationSec: 1,
	onCpu: [
		stack('app', 10, [u('main'), u('work'), u('leaf')], 60),
		stack('app', 10, [u('main'), u('work'), u('write', 'libc.so.6'), k('sys_write')], 30),
		stack('db', 20, [u('main', 'db'), u('query', 'db')], 5),
		stack('swapper/0', 0, [k('do_idle'), k('default_idle')], 5),
		...extra,
	],
	offCpu: [stack('app', 10, [u('main'), k('schedule')], 2500)],
});

async function profileApp() {
	const r = await renderApp();
	await r.press('2');
	await r.update(s => s.addSample('profile', 1000, sample(), 100));
	await r.until('FUNCTION');
	return r;
}

const rowNames = (frame: string): string[] =>
	frame
		.split('\n')
		.filter(l => /^\s+[\d.]+%\s+[\d.]+%/.test(l))
		.map(l => l.replace(/^\s+[\d.]+%\s+[\d.]+%\s+\S+\s+(\[k\]\s+)?/, '').split(/\s{2,}/)[0]!);

describe('profile pane', () => {
	it('waits for the first interval', async () => {
		const r = await renderApp();
		await r.press('2');
		await r.until('Waiting for the first interval of stack samples');
	});

	it('shows samples/s, kernel/user/idle shares and the hottest functions by self', async () => {
		const r = await profileApp();
		const frame = r.frame();
		expect(frame).toMatch(/100 samples\/s\s+kernel 35\.0%\s+user 65\.0%\s+idle 5\.0%/);
		expect(rowNames(frame).slice(0, 2)).toEqual(['leaf', 'sys_write']);
		expect(frame).toMatch(/60\.0%\s+60\.0%\s+60\s+leaf\s+app/);
		expect(frame).toMatch(/30\.0%\s+30\.0%\s+30 \[k\] sys_write/);
	});

	it('s cycles self → total → name', async () => {
		const r = await profileApp();
		await r.press('s');
		await r.waitFor(f => rowNames(f)[0] === 'main', 'main first by total');
		await r.press('s');
		await r.waitFor(f => rowNames(f)[0] === 'default_idle', 'alphabetical');
	});

	it('k hides kernel frames, u hides user frames', async () => {
		const r = await profileApp();
		await r.press('k');
		await r.waitFor(f => !rowNames(f).includes('sys_write'), 'no kernel rows');
		expect(rowNames(r.frame())).toContain('write');
		await r.press('k', 'u');
		await r.waitFor(f => !rowNames(f).includes('leaf'), 'no user rows');
		expect(rowNames(r.frame())).toContain('sys_write');
	});

	it('g groups rows by process, the busiest process first', async () => {
		const r = await renderApp();
		await r.press('2');
		// The same function (leaf in module app) in two processes.
		await r.update(s => s.addSample('profile', 1000, sample(1000, [stack('app', 30, [u('main'), u('leaf')], 7)]), 100));
		await r.until('FUNCTION');
		expect(r.frame()).toMatch(/67\s+leaf/);
		await r.press('g');
		const frame = await r.until('PROCESS');
		const rows = frame.split('\n').filter(l => /\bleaf\b/.test(l));
		expect(rows).toHaveLength(2);
		expect(rows[0]).toMatch(/60\s+app\/10\s+leaf/);
		expect(rows[1]).toMatch(/7\s+app\/30\s+leaf/);
		// Processes by their samples: app/10 (90), then app/30 (7), db/20 (5), swapper (5).
		const order = [...frame.matchAll(/(app\/10|app\/30|db\/20)/g)].map(m => m[1]);
		expect(order.indexOf('app/30')).toBeLessThan(order.indexOf('db/20'));
		expect(order[0]).toBe('app/10');
	});

	it('/ filters functions by name', async () => {
		const r = await profileApp();
		await r.press('/', 'quer', KEY.enter);
		await r.waitFor(f => rowNames(f).join() === 'query', 'only query');
	});

	it('Enter shows callers and callees of the selected row, Enter again goes back', async () => {
		const r = await profileApp();
		await r.press('/', 'work', KEY.enter);
		await r.waitFor(f => rowNames(f).join() === 'work', 'only work');
		await r.press(KEY.enter);
		const frame = await r.until('callers');
		expect(frame).toMatch(/^work\s+\(Enter: back\)/m);
		expect(frame).toMatch(/callers\n\s+100\.0%\s+main/);
		expect(frame).toMatch(/callees\n\s+66\.7%\s+leaf\n\s+33\.3%\s+write/);
		await r.press(KEY.enter);
		await r.until('FUNCTION');
	});

	it('the cursor row follows ↓ and Enter opens that row', async () => {
		const r = await profileApp();
		await r.press(KEY.down);
		await r.press(KEY.enter);
		await r.until(/^\[k\] sys_write\s+\(Enter: back\)/m);
	});

	it('o switches to off-CPU time and asks for its collector only while shown', async () => {
		const shown: Array<Record<string, boolean>> = [];
		const r = await renderApp({onPaneShown: (_id, toggles) => void shown.push({...toggles})});
		await r.press('2');
		await r.update(s => s.addSample('profile', 1000, sample(), 100));
		await r.press('o');
		const frame = await r.until('off-CPU 2.50ms blocked');
		expect(frame).toContain('SELF TIME');
		expect(frame).toMatch(/2\.50ms\s+\[k\] schedule/);
		expect(shown.at(-1)).toEqual({offCpu: true});
		await r.press('o');
		await r.until('samples/s');
		expect(shown.at(-1)).toEqual({offCpu: false});
	});

	it('f opens the flame graph of the same stacks; frames show without _[k]', async () => {
		const r = await profileApp();
		await r.press('f');
		const frame = await r.waitFor(f => f.includes('sys_write') && !f.includes('FUNCTION'), 'flame graph');
		expect(frame).not.toContain('_[k]');
		expect(frame).toContain('all');
	});

	it('a merges every interval since start', async () => {
		const r = await profileApp();
		await r.update(s => s.addSample('profile', 2000, sample(2000), 100));
		await r.press('a');
		// Two intervals of 60 leaf samples each.
		await r.until(/120\s+leaf/);
	});

	it('says so when user stacks are mostly [unknown]', async () => {
		const r = await renderApp();
		await r.press('2');
		const unknown: ProfileSample = {t: 1000, durationSec: 1, onCpu: [stack('x', 1, [u('[unknown]', ''), u('[unknown]', ''), u('f')], 9)], offCpu: []};
		await r.update(s => s.addSample('profile', 1000, unknown, 100));
		await r.until('-fno-omit-frame-pointer');
	});
});
