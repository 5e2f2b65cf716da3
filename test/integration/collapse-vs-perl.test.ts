/**
 * `tracetop collapse` as built, against Brendan Gregg's stackcollapse-perf.pl on perf
 * captures made here and now (perf record, perf script), with and without its options,
 * --inline on a program built here with inlined functions. The peer checkout cannot be
 * installed in CI (no network, no package), so that comparison skips there, even under
 * TRACETOP_REQUIRE_BPF=1; perl, perf, gcc and binutils, which .ci/run installs, are
 * required there. The comparisons with stored outputs in test/unit/perf-script.test.ts and
 * test/unit/flamegraph-corpus.test.ts always run. The CLI's own errors need neither.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {cliPath, itWithPeer, repoRoot} from '../support/requirements.js';

/** The checkout of brendangregg/FlameGraph: outside the repository, where bench setup puts it. */
const PEER = path.join(process.env.TRACETOP_FLAMEGRAPH_DIR ?? '/work/peers/FlameGraph', 'stackcollapse-perf.pl');

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** What .ci/run provides for the comparison, when absent here. */
function toolsMissing(...more: string[]): string | undefined {
	for (const tool of ['perl', 'perf', ...more]) if (!has(tool)) return `${tool} not installed`;
	if (process.getuid?.() !== 0) return 'perf record of kernel stacks needs root';
	return undefined;
}

function tracetop(args: string[], input?: Buffer) {
	const r = spawnSync(process.execPath, [cliPath, ...args], {input, maxBuffer: 1 << 28, timeout: 60_000});
	return {code: r.status, stdout: r.stdout.toString('latin1'), stderr: r.stderr.toString('latin1')};
}

const lineSet = (folded: string): string[] => folded.split('\n').filter(l => l !== '').sort();

const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-collapse-'));

const peerAbsent = fs.existsSync(PEER) ? undefined : `${path.dirname(PEER)} not present (a checkout CI cannot install); run bench setup`;

describe('tracetop collapse against stackcollapse-perf.pl', () => {
	itWithPeer('gives the same lines for a fresh perf capture', {uninstallable: peerAbsent, missing: toolsMissing()}, () => {
		const dir = tempDir();
		const data = path.join(dir, 'perf.data');
		// Two seconds of short-lived processes doing system calls: user and kernel frames, many comms.
		const busy = 'end=$(($(date +%s) + 2)); while [ "$(date +%s)" -lt "$end" ]; do dd if=/dev/zero bs=64k count=2000 2>/dev/null | sha256sum >/dev/null; done';
		execFileSync('perf', ['record', '-F', '99', '-g', '-e', 'cpu-clock', '-o', data, '--', 'sh', '-c', busy], {stdio: 'ignore', timeout: 30_000});
		const script = execFileSync('perf', ['script', '-i', data], {maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore']});
		const scriptFile = path.join(dir, 'perf.txt');
		fs.writeFileSync(scriptFile, script);
		const perl = execFileSync('perl', [PEER, scriptFile], {maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore']}).toString('latin1');

		const ours = tracetop(['collapse', scriptFile]);
		expect(ours.stderr).toBe('');
		expect(ours.code).toBe(0);
		// Under a loaded test run 2 s may give only a few distinct stacks; equality is the point.
		expect(lineSet(perl).length).toBeGreaterThanOrEqual(3);
		expect(perl).toMatch(/^(dd|sha256sum|sh);/m);
		expect(ours.stdout).toBe(perl);

		// Some of its options: annotations, addresses and PIDs change every line.
		for (const options of [['--all', '--pid'], ['--addrs', '--tid']]) {
			const perlWith = execFileSync('perl', [PEER, ...options, scriptFile], {maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore']}).toString('latin1');
			// perf script prints the TID alone by default, which the perl script takes for a PID of '?'.
			expect(perlWith).toMatch(options[0] === '--all' ? /^(dd|sha256sum|sh)-\?;.*_\[k\] \d+$/m : /^(dd|sha256sum|sh)-\?\/\d+;/m);
			expect(tracetop(['collapse', ...options, scriptFile]).stdout).toBe(perlWith);
		}

		// The same capture gzipped, and on stdin.
		const gz = path.join(dir, 'perf.txt.gz');
		fs.writeFileSync(gz, gzipSync(script));
		expect(tracetop(['collapse', gz]).stdout).toBe(ours.stdout);
		expect(tracetop(['collapse', '-'], script).stdout).toBe(ours.stdout);
		fs.rmSync(dir, {recursive: true, force: true});
	});
});

describe('tracetop collapse --inline against stackcollapse-perf.pl --inline', () => {
	itWithPeer('unfolds the same inlined functions with addr2line', {uninstallable: peerAbsent, missing: toolsMissing('gcc', 'addr2line')}, () => {
		const dir = tempDir();
		const program = path.join(dir, 'inlined');
		execFileSync('gcc', ['-O2', '-g', '-o', program, path.join(repoRoot, 'test', 'fixtures', 'programs', 'inlined.c')]);
		const data = path.join(dir, 'perf.data');
		execFileSync('perf', ['record', '-F', '499', '-g', '-o', data, '--', program, '1'], {stdio: 'ignore', timeout: 30_000});
		const scriptFile = path.join(dir, 'perf.txt');
		fs.writeFileSync(scriptFile, execFileSync('perf', ['script', '-i', data], {maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore']}));
		for (const options of [['--inline'], ['--inline', '--context']]) {
			const perl = execFileSync('perl', [PEER, ...options, scriptFile], {maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore']}).toString('latin1');
			expect(perl).toMatch(options.length === 1 ? /^inlined;outer;middle;inner \d+$/m : /^inlined;outer:inlined\.c:\d+;middle:inlined\.c:\d+;inner:inlined\.c:\d+ \d+$/m);
			const ours = tracetop(['collapse', ...options, scriptFile]);
			expect(ours.code).toBe(0);
			expect(ours.stdout).toBe(perl);
		}
		fs.rmSync(dir, {recursive: true, force: true});
	}, 60_000);
});

describe('tracetop collapse errors and formats', () => {
	const oneLine = (stderr: string): void => {
		expect(stderr.trim().split('\n')).toHaveLength(1);
		expect(stderr).toMatch(/^tracetop: /);
	};

	it('names a file it cannot read, with exit 1', () => {
		const r = tracetop(['collapse', '/nonexistent/perf.txt']);
		expect(r.code).toBe(1);
		oneLine(r.stderr);
		expect(r.stderr).toMatch(/\/nonexistent\/perf\.txt: cannot read \(ENOENT\)/);
	});

	it('says when the input is in no format it knows, or holds no stacks in the format given', () => {
		const r = tracetop(['collapse', '-'], Buffer.from('hello\nworld\n'));
		expect(r.code).toBe(1);
		oneLine(r.stderr);
		expect(r.stderr).toMatch(/stdin: not folded stacks, perf script output, bpftrace stacks or pprof .*--input-format chooses one/);
		const given = tracetop(['collapse', '--input-format', 'bpftrace', '-'], Buffer.from('hello\n'));
		expect(given.stderr).toMatch(/no stacks found \(read as bpftrace;/);
	});

	it('says so when gzip data is broken', () => {
		const r = tracetop(['collapse', '-'], Buffer.concat([gzipSync('x'.repeat(100)).subarray(0, 12), Buffer.from('garbage')]));
		expect(r.code).toBe(1);
		oneLine(r.stderr);
		expect(r.stderr).toMatch(/stdin: /);
	});

	it('reads bpftrace output and folded stacks too', () => {
		const bpftrace = tracetop(['collapse', path.join(repoRoot, 'test', 'fixtures', 'bpftrace-0.17', 'stacks-kstack-ustack-comm.ndjson')]);
		expect(bpftrace.code).toBe(0);
		expect(lineSet(bpftrace.stdout)).toHaveLength(3);
		expect(bpftrace.stdout).toMatch(/^stack,_demo;__libc_start_call_main;main;outer;.*;perf_syscall_enter_\[k\] 300$/m);
		const folded = tracetop(['collapse', '-'], Buffer.from('b;c 2\na 1\nb;c 3\n'));
		expect(folded.stdout).toBe('a 1\nb;c 5\n');
	});
});
