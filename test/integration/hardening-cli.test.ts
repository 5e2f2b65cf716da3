/**
 * The hardening classes as a user meets them through the built CLI: unreadable and
 * endless inputs, files that are not stacks, symlinks and existing files at output
 * paths, full disks. Each is one line on stderr and a non-zero exit, never a hang, a
 * stack trace or exit 0 with the output cut.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {bpfMissing, cliPath, describeWhen, repoRoot} from '../support/requirements.js';

const demo = path.join(repoRoot, 'recordings', 'demo.jsonl.gz');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-harden-'));
afterAll(() => fs.rmSync(dir, {recursive: true, force: true}));

/** Runs the CLI through sh so stdout can be redirected (to /dev/full, a full tmpfs). */
function sh(script: string, timeout = 30_000) {
	const r = spawnSync('sh', ['-c', script], {encoding: 'utf8', cwd: dir, timeout, env: {...process.env, NODE: process.execPath, CLI: cliPath}});
	return {code: r.status, stdout: r.stdout, stderr: r.stderr, timedOut: r.error !== undefined};
}
const tracetop = (args: string) => sh(`"$NODE" "$CLI" ${args}`);

const oneLineError = (stderr: string, pattern: RegExp): void => {
	expect(stderr.trim().split('\n')).toHaveLength(1);
	expect(stderr).toMatch(/^tracetop: /);
	expect(stderr).not.toMatch(/internal error|\n\s+at /);
	expect(stderr).toMatch(pattern);
};

const folded = path.join(dir, 'in.folded');
fs.writeFileSync(folded, 'bash;main;work 10\nbash;main 2\n');

describe('unbounded and non-text input', () => {
	it('snapshot --replay /dev/zero is refused at once (a device never ends)', () => {
		const r = tracetop('snapshot --replay /dev/zero');
		expect(r.timedOut).toBe(false);
		expect(r.code).toBe(1);
		oneLineError(r.stderr, /\/dev\/zero: a character device, not a regular file/);
	});

	it('a FIFO without a writer is refused, not waited on', () => {
		execFileSync('mkfifo', [path.join(dir, 'fifo')]);
		for (const args of ['snapshot --replay fifo', 'collapse fifo', 'flame --input fifo -o x.svg']) {
			const r = tracetop(args);
			expect(r.timedOut).toBe(false);
			expect(r.code).toBe(1);
			oneLineError(r.stderr, /fifo: a FIFO, not a regular file/);
		}
	});

	it('a recording that is one endless line is an error naming the file', () => {
		const file = path.join(dir, 'long.jsonl');
		fs.writeFileSync(file, '{"format":"tracetop-recording","version":1}\n');
		// Sparse: 300 MiB of NULs without a newline, over the recording line bound.
		fs.truncateSync(file, 300 << 20);
		const r = tracetop('snapshot --replay long.jsonl');
		expect(r.code).toBe(1);
		oneLineError(r.stderr, /long\.jsonl:2: a line longer than 256 MiB/);
	});

	it('random bytes are not taken for stacks by collapse, flame --input and open', () => {
		fs.writeFileSync(path.join(dir, 'random.bin'), crypto.randomBytes(64 * 1024));
		for (const args of ['collapse random.bin', 'flame --input random.bin -o r.svg']) {
			const r = tracetop(args);
			expect(r.code).toBe(1);
			oneLineError(r.stderr, /random\.bin: not text/);
		}
		expect(fs.existsSync(path.join(dir, 'r.svg'))).toBe(false);
	});

	it('text that is no stack format is refused with a hint', () => {
		fs.writeFileSync(path.join(dir, 'prose.txt'), 'Dear operator,\nthis is a letter.\n');
		const r = tracetop('collapse prose.txt');
		expect(r.code).toBe(1);
		oneLineError(r.stderr, /prose\.txt: not folded stacks, perf script output, bpftrace stacks or pprof .*--input-format/);
	});
});

describe('crafted recording headers', () => {
	it('"collectors":[null] is a one-line error naming the field, not an internal error', () => {
		fs.writeFileSync(path.join(dir, 'nullc.jsonl'), '{"format":"tracetop-recording","version":1,"collectors":[null]}\n');
		const r = tracetop('snapshot --replay nullc.jsonl');
		expect(r.code).toBe(1);
		oneLineError(r.stderr, /nullc\.jsonl:1: recording header field "collectors\[0\]" is null/);
	});
});

describe('output files', () => {
	it('flame -o refuses an existing file unless --force, and never writes through a symlink', () => {
		const victim = path.join(dir, 'victim');
		fs.writeFileSync(victim, 'precious');
		fs.symlinkSync(victim, path.join(dir, 'planted.svg'));
		const refused = tracetop('flame --input in.folded -o planted.svg');
		expect(refused.code).toBe(1);
		oneLineError(refused.stderr, /planted\.svg: already exists; choose another name or pass --force/);
		const forced = tracetop('flame --input in.folded -o planted.svg --force');
		expect(forced.code).toBe(0);
		expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
		expect(fs.lstatSync(path.join(dir, 'planted.svg')).isSymbolicLink()).toBe(false);
		expect(fs.statSync(path.join(dir, 'planted.svg')).mode & 0o777).toBe(0o600);
	});

	it('collapse, snapshot and flame -o - to a full device exit non-zero', () => {
		for (const args of ['collapse in.folded', `snapshot --replay ${demo} --json`, 'flame --input in.folded -o -']) {
			const r = tracetop(`${args} > /dev/full`);
			expect(r.code, args).toBe(1);
			oneLineError(r.stderr, /stdout: .*no space left on the device \(ENOSPC\)/);
		}
	});
});

describeWhen(process.getuid?.() === 0 ? undefined : 'not root (mounts a small tmpfs)', 'a full file system', () => {
	const mnt = path.join(dir, 'full');
	beforeAll(() => {
		fs.mkdirSync(mnt);
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', mnt]);
	});
	afterAll(() => execFileSync('umount', [mnt]));

	it('snapshot text redirected into it exits non-zero, not 0 with the output cut', () => {
		const r = tracetop(`snapshot --replay ${demo} --json > ${mnt}/snap.json`);
		expect(r.code).toBe(1);
		oneLineError(r.stderr, /stdout: write failed after \d+ of \d+ bytes: no space left/);
	});
});

describeWhen(bpfMissing(), 'recording into trouble (live)', () => {
	it('record -o a planted symlink is refused before tracing starts, the target untouched', () => {
		const victim = path.join(dir, 'victim2');
		fs.writeFileSync(victim, 'precious');
		fs.symlinkSync(victim, path.join(dir, 'rec.jsonl'));
		const r = tracetop('record -o rec.jsonl -d 1');
		expect(r.code).toBe(1);
		oneLineError(r.stderr, /rec\.jsonl: already exists/);
		expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
	});

	it('record into a full disk stops with one line and exit 1', () => {
		const mnt = path.join(dir, 'full-rec');
		fs.mkdirSync(mnt);
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8k', 'tmpfs', mnt]);
		try {
			const r = sh(`"$NODE" "$CLI" record -o ${mnt}/r.jsonl -d 20`, 60_000);
			expect(r.code).toBe(1);
			expect(r.stderr).toMatch(/^tracetop: recording to /);
			expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^tracetop: recording stopped: .*r\.jsonl: write failed .*no space left on the device/);
			expect(r.stderr).not.toMatch(/internal error/);
		} finally {
			execFileSync('umount', [mnt]);
		}
	}, 90_000);
});

describeWhen(process.getuid?.() === 0 ? undefined : 'not root (runs doctor as nobody and in a mount namespace)', 'doctor and tracefs', () => {
	it('as non-root says tracefs is mounted but unreadable, not that it is not mounted', () => {
		const r = sh('setpriv --reuid 65534 --regid 65534 --clear-groups "$NODE" "$CLI" doctor');
		expect(r.stdout).toMatch(/\[!!\] tracefs +mounted at \/sys\/kernel\/tracing, but not readable by uid 65534 -- run tracetop as root/);
		expect(r.stdout).not.toMatch(/not mounted/);
	});

	it('says not mounted where it is not (unmounted in a private mount namespace)', () => {
		const r = sh('unshare -m sh -c \'umount /sys/kernel/tracing 2>/dev/null; umount /sys/kernel/debug 2>/dev/null; "$NODE" "$CLI" doctor\'');
		expect(r.stdout).toMatch(/\[!!\] tracefs +not mounted -- mount it/);
	});
});

describeWhen(bpfMissing(), 'headless commands whose collector cannot start', () => {
	it('flame, record and snapshot exit 1 with the collector\'s own error, not 0 or "no stacks"', () => {
		const bin = path.join(dir, 'fakebin');
		fs.mkdirSync(bin, {recursive: true});
		// A bpftrace that fails the way a missing probe does.
		fs.writeFileSync(path.join(bin, 'bpftrace'), '#!/bin/sh\necho "ERROR: fake: could not attach probe" >&2\nexit 1\n', {mode: 0o755});
		for (const args of ['flame -d 1 -o fail.svg', 'record -d 1 -o fail.jsonl', 'snapshot -d 1']) {
			const r = sh(`PATH="${bin}:$PATH" "$NODE" "$CLI" ${args}`, 60_000);
			expect(r.code, args).toBe(1);
			expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^tracetop: collector \w+ failed to start: ERROR: fake: could not attach probe \(exited with code 1\)$/);
		}
		expect(fs.existsSync(path.join(dir, 'fail.svg'))).toBe(false);
	}, 120_000);
});
