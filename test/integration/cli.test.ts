/**
 * The built CLI as a user runs it: one-line errors with non-zero exits, never a stack
 * trace; snapshot from a recording; what it says when tracing is impossible.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {gunzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {bpfMissing, cliPath, describeWhen, repoRoot} from '../support/requirements.js';

const demo = path.join(repoRoot, 'recordings', 'demo.jsonl.gz');
const demoText = (): string => gunzipSync(fs.readFileSync(demo)).toString('utf8');

function tracetop(args: string[], options: {env?: NodeJS.ProcessEnv; asNobody?: boolean} = {}) {
	const command = options.asNobody ? ['setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, cliPath, ...args]] : [process.execPath, [cliPath, ...args]];
	const result = spawnSync(command[0] as string, command[1] as string[], {encoding: 'utf8', env: options.env ?? process.env, cwd: os.tmpdir(), timeout: 30_000});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

const oneLineError = (stderr: string): void => {
	expect(stderr.trim().split('\n')).toHaveLength(1);
	expect(stderr).toMatch(/^tracetop: /);
	expect(stderr).not.toMatch(/\n\s+at /);
};

/** A thread id of this test process that is not its pid (Node runs worker threads). */
function threadOfThisProcess(): number {
	return Number(fs.readdirSync(`/proc/${process.pid}/task`).find(t => Number(t) !== process.pid));
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-cli-'));

describe('tracetop command line', () => {
	it('prints usage with --help and exits 0', () => {
		const r = tracetop(['--help']);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/tracetop record -o FILE/);
	});

	it.each([
		[['--bogus'], /unknown option '--bogus'/],
		[['-p', 'abc'], /-p abc: a PID is a whole number from 1 to 4194304/],
		[['-p', '-1'], /-p -1: a PID is a whole number from 1 to 4194304/],
		[['-p', '999999999'], /-p 999999999: a PID is a whole number from 1 to 4194304/],
		[['-p', '4194000'], /-p 4194000: no such process/],
		[['-c', 'a-name-longer-than-15'], /a command name is 1 to 15 printable characters/],
		[['-i', '0'], /-i 0: expected a whole number from 1 to 3600 \(seconds per sample\)/],
		[['-i', '1e9'], /-i 1e9: expected a whole number from 1 to 3600/],
		[['-i', '1e21'], /-i 1e21: expected a whole number from 1 to 3600/],
		[['-F', '0x10'], /-F 0x10: expected a whole number from 1 to 10000/],
		[['-d', '-5', 'snapshot'], /-d -5: expected a number from 0\.1 to 604800/],
		[['snapshot', '--speed', '0'], /--speed does not apply to snapshot/],
		[['snapshot', '--replay', 'r.jsonl', '-d', '5'], /-d does not apply here: a replay shows what was recorded/],
		[['collapse', '-p', '1'], /collapse: unknown option '-p'/],
		[['-i', '1', 'collapse'], /collapse takes options of its own: give them after it/],
		[['collapse', 'a', 'b'], /collapse: unexpected argument 'b'/],
		[['collapse', '--context', 'a'], /collapse --context: adds file:line to --inline frames; give --inline too/],
		[['collapse', '--kernel', '--input-format', 'folded', 'a'], /collapse --kernel: applies to perf script input, not --input-format folded/],
		[['collapse', '--event-filter'], /collapse: option '--event-filter <value>' argument missing/],
		[['flame', '--input', 'x', '-o', 'y.svg', '-F', '99'], /-F does not apply here: flame --input renders existing stacks/],
		[['-i', '1', 'flame', '-o', 'y.svg'], /flame takes options of its own: give them after it/],
		[['flame', '--input', 'x', '-o', 'y.svg', '--colour', 'hot'], /flame: unknown option '--colour'/],
		[['--speed', '2'], /--speed applies to --replay and --demo only/],
		[['-p', String(threadOfThisProcess())], new RegExp(`a thread of process ${process.pid}; give -p ${process.pid}`)],
		[['--theme', 'neon'], /--theme neon: choose one of dark, light, mono/],
		[['record'], /record needs -o FILE/],
		[['frobnicate'], /unknown command 'frobnicate'/],
		[['--replay', 'x', '--demo'], /give one/],
	])('rejects %j with one line and exit 2', (args, message) => {
		const r = tracetop(args);
		expect(r.code).toBe(2);
		oneLineError(r.stderr);
		expect(r.stderr).toMatch(message);
	});

	it('snapshot --replay --json gives the documented shape', () => {
		const r = tracetop(['snapshot', '--replay', demo, '--json']);
		expect(r.code).toBe(0);
		const doc = JSON.parse(r.stdout);
		expect(Object.keys(doc)).toEqual(expect.arrayContaining(['host', 'kernel', 'durationSec', 'runq']));
		expect(doc.host).toBe('vm');
		expect(doc.durationSec).toBeGreaterThan(30);
		expect(doc.runq).toMatchObject({unit: 'us', count: expect.any(Number), p50: expect.any(Number), p99: expect.any(Number)});
		const bucketSum = doc.runq.buckets.reduce((n: number, b: {count: number}) => n + b.count, 0);
		expect(bucketSum).toBe(doc.runq.count);
		expect(doc.runq.buckets[0]).toEqual({min: expect.any(Number), max: expect.any(Number), count: expect.any(Number)});
	});

	it('snapshot --replay prints a BCC-style text histogram', () => {
		const r = tracetop(['snapshot', '--replay', demo]);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/Run-queue latency \(runqlat\)/);
		expect(r.stdout).toMatch(/^\[\d+, \d+K?\)\s+\d+ \|@+\s*\|$/m);
	});

	it('replays a recording whose last line was cut off by a killed recorder', () => {
		const file = path.join(tempDir(), 'cut.jsonl');
		const text = demoText();
		fs.writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
		const r = tracetop(['snapshot', '--replay', file, '--json']);
		expect(r.code).toBe(0);
		expect(JSON.parse(r.stdout).runq.count).toBeGreaterThan(0);
	});

	it('names the file and line of a malformed recording', () => {
		const file = path.join(tempDir(), 'bad.jsonl');
		const lines = demoText().split('\n');
		lines[5] = '{"t": "oops"}';
		fs.writeFileSync(file, lines.join('\n'));
		const r = tracetop(['snapshot', '--replay', file]);
		expect(r.code).toBe(1);
		oneLineError(r.stderr);
		expect(r.stderr).toContain(`${file}:6: malformed line`);
	});

	it('refuses a file that is not a recording, and a missing one', () => {
		const file = path.join(tempDir(), 'notes.txt');
		fs.writeFileSync(file, 'hello\n');
		const bad = tracetop(['--replay', file]);
		// Without a terminal the dashboard stops first; snapshot reads the file.
		const r = tracetop(['snapshot', '--replay', file]);
		expect(r.code).toBe(1);
		oneLineError(r.stderr);
		expect(r.stderr).toContain(`${file}:1: not a tracetop recording`);
		expect(bad.code).toBe(1);
		const missing = tracetop(['snapshot', '--replay', '/nonexistent/rec.jsonl']);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/\/nonexistent\/rec\.jsonl: cannot read \(ENOENT\)/);
	});

	it('explains that the dashboard needs a terminal when stdout is not one', () => {
		const r = tracetop(['--demo']);
		expect(r.code).toBe(1);
		oneLineError(r.stderr);
		expect(r.stderr).toMatch(/needs a terminal/);
	});
});

describe('tracetop where tracing is impossible', () => {
	it.skipIf(process.getuid?.() !== 0)('without root: says so, points to --demo, exits 1 (needs root to drop to nobody)', () => {
		const r = tracetop(['snapshot'], {asNobody: true});
		expect(r.code).toBe(1);
		oneLineError(r.stderr);
		expect(r.stderr).toMatch(/cannot trace: privileges .*sudo tracetop.*tracetop --demo/);
	});

	it('without bpftrace on PATH: says how to install it', () => {
		const r = tracetop(['snapshot'], {env: {...process.env, PATH: '/nonexistent'}});
		expect(r.code).toBe(1);
		oneLineError(r.stderr);
		expect(r.stderr).toMatch(process.getuid?.() === 0 ? /bpftrace not found in PATH; install it: apt-get install bpftrace/ : /cannot trace/);
	});

	it('replay works without root', () => {
		const r = tracetop(['snapshot', '--replay', demo, '--json'], {asNobody: process.getuid?.() === 0});
		expect(r.code).toBe(0);
		expect(JSON.parse(r.stdout).runq.count).toBeGreaterThan(0);
	});
});

describeWhen(bpfMissing(), 'tracetop doctor', () => {
	it('passes every check on a machine that can trace', () => {
		const r = tracetop(['doctor']);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/^\[ok\] privileges +root$/m);
		expect(r.stdout).toMatch(/^\[ok\] bpftrace +bpftrace \d+\.\d+\.\d+$/m);
		expect(r.stdout).toMatch(/^\[ok\] tracefs +mounted at /m);
		expect(r.stdout).toMatch(/^\[ok\] pane Run queue +4 tracepoints available$/m);
		expect(r.stdout).toContain('tracetop can trace live here.');
	});

	it('flags missing privileges and says how to fix them', () => {
		const r = tracetop(['doctor'], {asNobody: true});
		expect(r.code).toBe(1);
		expect(r.stdout).toMatch(/^\[!!\] privileges +uid 65534 -- run tracetop as root: sudo tracetop$/m);
		// Per pane: what its collectors require, what is missing here, and how to get it.
		expect(r.stdout).toMatch(/^\[!!\] pane Run queue +needs root \(requires root, bpftrace, tracefs\) -- run tracetop as root: sudo tracetop$/m);
		expect(r.stdout).toMatch(/^\[!!\] pane Profile +needs root \(requires root, bpftrace, tracefs\) -- run tracetop as root: sudo tracetop$/m);
		expect(r.stdout).toMatch(/--demo and --replay still do/);
	});
});
