/**
 * `tracetop flame` and `tracetop open` as users run them: render folded stacks to each
 * format, record a flame graph live, and open stacks in the terminal flame graph.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {parseFolded} from '../../source/models/folded-stacks.js';
import {bpfMissing, cliPath, describeWhen, tmuxMissing} from '../support/requirements.js';
import {TmuxSession} from '../support/tmux.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-flame-'));

function tracetop(args: string[]) {
	const r = spawnSync(process.execPath, [cliPath, ...args], {encoding: 'utf8', timeout: 60_000});
	return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

const FOLDED = ['bash;main;read_[k];vfs_read_[k] 30', 'bash;main;compute;inner 50', 'sshd;<script>alert(1)</script> 5', 'a&b;"c" 2', ''].join('\n');

describe('tracetop flame --input', () => {
	const input = () => {
		const file = path.join(tmp(), 'in.folded');
		fs.writeFileSync(file, FOLDED);
		return file;
	};

	it('writes an SVG flame graph that xmllint accepts, names escaped', () => {
		const out = path.join(tmp(), 'out.svg');
		const r = tracetop(['flame', '--input', input(), '-o', out]);
		expect(r.code).toBe(0);
		expect(r.stderr).toMatch(/wrote .*out\.svg \(87 samples, 4 stacks\)/);
		const svg = fs.readFileSync(out, 'utf8');
		expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(svg).not.toContain('<script>alert(1)');
		execFileSync('xmllint', ['--noout', out]);
	});

	it('writes folded stacks and speedscope JSON by extension, and folded to stdout with -o -', () => {
		const dir = tmp();
		expect(tracetop(['flame', '--input', input(), '-o', path.join(dir, 'x.folded')]).code).toBe(0);
		expect(parseFolded(fs.readFileSync(path.join(dir, 'x.folded'), 'utf8')).stacks).toEqual(parseFolded(FOLDED).stacks);
		expect(tracetop(['flame', '--input', input(), '-o', path.join(dir, 'x.speedscope.json')]).code).toBe(0);
		const speedscope = JSON.parse(fs.readFileSync(path.join(dir, 'x.speedscope.json'), 'utf8'));
		expect(speedscope.profiles[0].type).toBe('sampled');
		const stdout = tracetop(['flame', '--input', input(), '-o', '-']);
		expect(stdout.code).toBe(0);
		expect(stdout.stdout).toContain('bash;main;compute;inner 50\n');
	});

	it('refuses an unknown output extension before doing anything, and names an unreadable input', () => {
		const bad = tracetop(['flame', '--input', input(), '-o', path.join(tmp(), 'out.png')]);
		expect(bad.code).toBe(2);
		expect(bad.stderr.trim()).toMatch(/^tracetop: -o .*out\.png: name the output \.svg, \.folded, \.speedscope\.json or \.pb\.gz/);
		const missing = tracetop(['flame', '--input', '/nonexistent.folded', '-o', path.join(tmp(), 'x.svg')]);
		expect(missing.code).toBe(1);
		expect(missing.stderr.trim()).toBe('tracetop: /nonexistent.folded: cannot read (ENOENT)');
		const empty = path.join(tmp(), 'empty.folded');
		fs.writeFileSync(empty, 'not folded\n');
		expect(tracetop(['flame', '--input', empty, '-o', path.join(tmp(), 'x.svg')]).stderr).toMatch(/empty\.folded: not folded stacks, perf script output, bpftrace stacks or pprof/);
	});
});

describe('tracetop flame: flamegraph.pl options, differentials, flame charts', () => {
	const write = (name: string, text: string) => {
		const file = path.join(tmp(), name);
		fs.writeFileSync(file, text);
		return file;
	};

	it('takes flamegraph.pl options and refuses unknown ones in one line naming them', () => {
		const out = path.join(tmp(), 'o.svg');
		const r = tracetop(['flame', '--input', write('in.folded', FOLDED), '-o', out, '--title', 'Big <one>', '--colors', 'java', '--inverted', '--width', '900']);
		expect(r.code).toBe(0);
		const svg = fs.readFileSync(out, 'utf8');
		expect(svg).toContain('>Big &lt;one&gt;</text>');
		expect(svg).toMatch(/<svg [^>]*width="900"/);
		execFileSync('xmllint', ['--noout', out]);
		for (const [args, message] of [
			[['--frobnicate'], /^tracetop: flame: unknown option '--frobnicate' \(see tracetop flame --help\)$/],
			[['--colors', 'neon'], /^tracetop: --colors neon: choose one of hot, /],
			[['--minwidth', '1px'], /^tracetop: --minwidth 1px: expected pixels/],
		] as const) {
			const bad = tracetop(['flame', '--input', 'x.folded', '-o', out, ...args]);
			expect(bad.code).toBe(2);
			expect(bad.stderr.trim().split('\n')).toHaveLength(1);
			expect(bad.stderr.trim()).toMatch(message);
		}
		const help = tracetop(['flame', '--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('--diff BEFORE AFTER');
	});

	it('writes a differential of two profiles as SVG, or as difffolded.pl\'s columns; collapse --diff prints them', () => {
		const before = write('before.folded', 'main;a 10\nmain;b 10\n');
		const after = write('after.folded', 'main;a 5\nmain;b 30\nmain;c 5\n');
		const out = path.join(tmp(), 'diff.svg');
		const r = tracetop(['flame', '--diff', before, after, '-o', out]);
		expect(r.code).toBe(0);
		const svg = fs.readFileSync(out, 'utf8');
		execFileSync('xmllint', ['--noout', out]);
		expect(svg).toContain('<title>b (30 samples, 75.00%; +50.00%)</title>');
		expect(svg).toMatch(/<title>a \(5 samples, 12\.50%; -12\.50%\)<\/title><rect [^>]*fill="rgb\(\d+,\d+,255\)"/);
		const columns = tracetop(['collapse', '--diff', before, after]);
		expect(columns.stdout).toBe('main;a 10 5\nmain;b 10 30\nmain;c 0 5\n');
		expect(tracetop(['collapse', '--diff', '--normalize', before, after]).stdout).toBe('main;a 20 5\nmain;b 20 30\nmain;c 0 5\n');
		expect(tracetop(['flame', '--diff', '--normalize', before, after, '-o', '-']).stdout).toBe('main;a 20 5\nmain;b 20 30\nmain;c 0 5\n');
		// flamegraph.pl draws a three-column file as a differential; so does flame --input.
		const again = path.join(tmp(), 'again.svg');
		expect(tracetop(['flame', '--input', write('d.folded', columns.stdout), '-o', again]).code).toBe(0);
		expect(fs.readFileSync(again, 'utf8')).toContain('<title>b (30 samples, 75.00%; +50.00%)</title>');
	});

	it('draws a flame chart in input order', () => {
		const out = path.join(tmp(), 'chart.svg');
		expect(tracetop(['flame', '--input', write('t.folded', 'main;work 2\nmain;idle 1\nmain;work 3\n'), '--flamechart', '-o', out]).code).toBe(0);
		const svg = fs.readFileSync(out, 'utf8');
		expect(svg).toContain('>Flame Chart</text>');
		expect(svg.match(/<title>work \(/g)).toHaveLength(2);
	});
});

describeWhen(bpfMissing(), 'tracetop flame (live)', () => {
	it('records on-CPU stacks for -d seconds into folded stacks', () => {
		const out = path.join(tmp(), 'cpu.folded');
		const r = tracetop(['flame', '-d', '3', '-o', out]);
		expect(r.code).toBe(0);
		const stacks = parseFolded(fs.readFileSync(out, 'utf8')).stacks;
		expect(stacks.size).toBeGreaterThan(0);
		// Kernel frames are marked. Not necessarily in the idle task's stacks: a loaded machine
		// (the rest of the suite) may leave no CPU idle for 3 s.
		expect([...stacks.keys()].some(k => /^[^;]+;.*_\[k\]/.test(k))).toBe(true);
	}, 60_000);

	it('records off-CPU time with --off-cpu', () => {
		const out = path.join(tmp(), 'off.folded');
		const r = tracetop(['flame', '-d', '3', '--off-cpu', '-o', out]);
		expect(r.code, r.stderr).toBe(0);
		expect(r.stderr).toMatch(/wrote .* us, \d+ stacks/);
		expect([...parseFolded(fs.readFileSync(out, 'utf8')).stacks.keys()].some(k => k.includes('schedule_[k]'))).toBe(true);
	}, 60_000);
});

const sessions: TmuxSession[] = [];
afterEach(() => {
	for (const s of sessions.splice(0)) s.kill();
});

describeWhen(tmuxMissing(), 'tracetop open', () => {
	it('shows folded stacks in the terminal flame graph and quits cleanly', async () => {
		const file = path.join(tmp(), 'stacks.folded');
		fs.writeFileSync(file, FOLDED);
		const t = TmuxSession.start('tt-open', `sh -c 'node ${cliPath} open ${file}; echo EXIT=$?; sleep 600'`);
		sessions.push(t);
		const screen = await t.waitForText(/all +87 samples +100% of all/);
		expect(screen).toContain('inner');
		expect(screen).toContain('vfs_read');
		expect(screen).not.toContain('_[k]');
		t.keys('q');
		await t.waitForText(/EXIT=0/);
	}, 30_000);

	it('opens a pprof profile the same way', async () => {
		const dir = tmp();
		fs.writeFileSync(path.join(dir, 'stacks.folded'), FOLDED);
		expect(tracetop(['flame', '--input', path.join(dir, 'stacks.folded'), '-o', path.join(dir, 'stacks.pb.gz')]).code).toBe(0);
		const t = TmuxSession.start('tt-open-pprof', `sh -c 'node ${cliPath} open ${path.join(dir, 'stacks.pb.gz')}; echo EXIT=$?; sleep 600'`);
		sessions.push(t);
		const screen = await t.waitForText(/all +87 samples +100% of all/);
		expect(screen).toContain('vfs_read');
		expect(screen).toMatch(/pprof stacks/);
		t.keys('q');
		await t.waitForText(/EXIT=0/);
	}, 30_000);
});
