import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {diffFolded, foldedDiff} from '../../source/models/diff-folded.js';
import {changeRatio, diffFlame} from '../../source/models/flame-diff.js';
import {buildFlameTree, type FlameNode} from '../../source/models/flame-tree.js';
import {formatFolded} from '../../source/models/folded-stacks.js';
import {functionChanges} from '../../source/models/profile-diff.js';
import {allFrames, topFunctions} from '../../source/models/profile.js';
import {itWithPeer} from '../support/requirements.js';
import {kernelFrame, stack, userFrame} from '../support/profile-stacks.js';

const folded = (lines: Record<string, number>) => new Map(Object.entries(lines));

const BEFORE = folded({'a;b;c': 10, 'a;b': 5, 'a;d': 5});
const AFTER = folded({'a;b;c': 30, 'a;e': 10});

describe('diffFolded (difffolded.pl)', () => {
	it('pairs every stack of either profile, 0 where absent, sorted by stack', () => {
		expect(diffFolded(BEFORE, AFTER)).toBe('a;b 5 0\na;b;c 10 30\na;d 5 0\na;e 0 10\n');
	});

	it('-n scales the before counts to the after total, truncating as difffolded.pl does', () => {
		// total before 20, after 40: before counts double.
		expect(diffFolded(BEFORE, AFTER, {normalize: true})).toBe('a;b 10 0\na;b;c 20 30\na;d 10 0\na;e 0 10\n');
		expect(foldedDiff(folded({x: 1, y: 2}), folded({x: 1}), {normalize: true}).get('x')).toEqual([0, 1]);
		// Nothing before: nothing to scale (difffolded.pl dies dividing by zero).
		expect(diffFolded(new Map(), folded({x: 3}), {normalize: true})).toBe('x 0 3\n');
	});

	it('keeps every line one line, as formatFolded does', () => {
		expect(diffFolded(new Map(), folded({'a\nb 99;c': 1}))).toBe('a^Jb 99;c 0 1\n');
	});

	const peer = path.join(process.env.TRACETOP_FLAMEGRAPH_DIR ?? '/work/peers/FlameGraph', 'difffolded.pl');
	const peerAbsent = fs.existsSync(peer) ? undefined : `${path.dirname(peer)} not present (a checkout CI cannot install)`;
	itWithPeer('gives the lines difffolded.pl gives, with and without -n', {uninstallable: peerAbsent}, () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-diff-'));
		const before = folded({'main;work;leaf': 7, 'main;work': 3, 'main;io;read_[k]': 11, gone: 1});
		const after = folded({'main;work;leaf': 20, 'main;io;read_[k]': 2, 'main;new': 5});
		fs.writeFileSync(path.join(dir, 'before'), formatFolded(before));
		fs.writeFileSync(path.join(dir, 'after'), formatFolded(after));
		for (const args of [[], ['-n']]) {
			const perl = execFileSync('perl', [peer, ...args, path.join(dir, 'before'), path.join(dir, 'after')], {encoding: 'utf8'});
			const sorted = perl.split('\n').filter(Boolean).sort().join('\n') + '\n';
			expect(diffFolded(before, after, {normalize: args.length > 0})).toBe(sorted);
		}
	});
});

const child = (node: FlameNode, ...names: string[]): FlameNode =>
	names.reduce((at, name) => at.children.find(c => c.name === name)!, node);

describe('diffFlame', () => {
	it('colours each frame of the current tree by the change of its self share, the largest change full', () => {
		const now = buildFlameTree(AFTER);
		const diff = diffFlame(now, buildFlameTree(BEFORE));
		// c: 10/20 = 50% before, 30/40 = 75% now; e: new, 25%; b: 25% of self before, none now.
		expect(diff.deltas.get(child(now, 'a', 'b', 'c'))).toBeCloseTo(0.25);
		expect(diff.deltas.get(child(now, 'a', 'e'))).toBeCloseTo(0.25);
		expect(diff.deltas.get(child(now, 'a', 'b'))).toBeCloseTo(-0.25);
		expect(diff.deltas.get(child(now, 'a'))).toBe(0);
		expect(diff.max).toBeCloseTo(0.25);
		expect(changeRatio(diff, child(now, 'a', 'b', 'c'))).toBeCloseTo(1);
		expect(changeRatio(diff, child(now, 'a', 'b'))).toBeCloseTo(-1);
	});

	it('compares shares, so the same profile at another rate is unchanged', () => {
		const now = buildFlameTree(AFTER);
		const diff = diffFlame(now, buildFlameTree(folded({'a;b;c': 3, 'a;e': 1})));
		expect([...diff.deltas.values()].every(d => Math.abs(d) < 1e-12)).toBe(true);
		expect(changeRatio(diff, child(now, 'a', 'e'))).toBeCloseTo(0);
	});

	it('scales to at least one sample, so a change of a few samples is not full colour', () => {
		const now = buildFlameTree(folded({'a;b': 999, 'a;c': 1}));
		const diff = diffFlame(now, buildFlameTree(folded({'a;b': 1000})));
		expect(diff.max).toBeCloseTo(1 / 1000);
		expect(changeRatio(diff, child(now, 'a', 'c'))).toBeCloseTo(1);
		expect(diffFlame(now, buildFlameTree(folded({'a;b': 999, 'a;c': 1}))).max).toBeCloseTo(1 / 1000);
	});
});

describe('functionChanges', () => {
	const u = (name: string) => userFrame(name, 'app');
	const before = [stack('app', 1, [u('main'), u('work')], 50), stack('app', 1, [u('main'), kernelFrame('read')], 50)];
	const now = [stack('app', 1, [u('main'), u('work')], 150), stack('app', 1, [u('main'), kernelFrame('read')], 30), stack('app', 1, [u('main'), u('fresh')], 20)];

	it('gives each row its self and total share now minus then', () => {
		const change = functionChanges(now, before, allFrames, false);
		const row = (name: string) => topFunctions(now).find(r => r.name === name)!;
		expect(change(row('work')).self).toBeCloseTo(0.75 - 0.5);
		expect(change(row('read')).self).toBeCloseTo(0.15 - 0.5);
		expect(change(row('fresh')).total).toBeCloseTo(0.1);
		expect(change(row('main')).total).toBeCloseTo(0);
	});

	it('keeps processes apart when grouped by process', () => {
		const other = [stack('db', 2, [u('main'), u('work')], 100)];
		const change = functionChanges(other, before, allFrames, true);
		const work = topFunctions(other, allFrames, true).find(r => r.name === 'work')!;
		expect(change(work).self).toBeCloseTo(1);
	});
});

