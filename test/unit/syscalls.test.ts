import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {BpfRecord} from '../../collectors/bpftrace-json.js';
import {errnoName, syscallName} from '../../source/models/syscall-names.js';
import {
	accumulateSyscalls,
	beginSyscalls,
	finishSyscalls,
	mergeSyscalls,
	parseProcKey,
	parseSlowLine,
	PROCESS_CAP,
	SLOW_KEEP,
	unattributedCalls,
	weighSyscalls,
	type SyscallsSample,
} from '../../source/models/syscalls.js';
import {syscallsToJson, syscallsToText} from '../../source/models/syscalls-report.js';
import {repoRoot} from '../support/requirements.js';
import {fixtureLines, samplesFrom} from '../support/syscall-samples.js';

const repo = repoRoot;
const fixture = fixtureLines;
const x86 = {intervalSec: 1, host: {arch: 'x86_64'}, options: {}};

const feed = (records: BpfRecord[], ctx = x86): SyscallsSample =>
	finishSyscalls(records.reduce(accumulateSyscalls, beginSyscalls()), 1000, ctx);

describe('syscall and errno names', () => {
	it('names x86_64 and aarch64 syscalls from the generated tables', () => {
		expect(syscallName('x86_64', 0)).toBe('read');
		expect(syscallName('x86_64', 35)).toBe('nanosleep');
		expect(syscallName('x86_64', 95)).toBe('umask');
		expect(syscallName('x86_64', 202)).toBe('futex');
		expect(syscallName('x64', 202)).toBe('futex');
		expect(syscallName('aarch64', 63)).toBe('read');
		expect(syscallName('aarch64', 79)).toBe('newfstatat');
		expect(syscallName('arm64', 101)).toBe('nanosleep');
		expect(syscallName('aarch64', 166)).toBe('umask');
		expect(syscallName('aarch64', 435)).toBe('clone3');
	});

	it('says syscall_N for numbers and architectures it does not know', () => {
		expect(syscallName('x86_64', 9999)).toBe('syscall_9999');
		expect(syscallName('riscv64', 63)).toBe('syscall_63');
	});

	it('names errnos by their first name, with the kernel-internal restart codes', () => {
		expect(errnoName(2)).toBe('ENOENT');
		expect(errnoName(11)).toBe('EAGAIN');
		expect(errnoName(35)).toBe('EDEADLK');
		expect(errnoName(110)).toBe('ETIMEDOUT');
		expect(errnoName(512)).toBe('ERESTARTSYS');
		expect(errnoName(4000)).toBe('errno_4000');
	});

	const gcc = (() => {
		try {
			execFileSync('gcc', ['--version'], {stdio: 'ignore'});
			return fs.existsSync('/usr/include/x86_64-linux-gnu/asm/unistd_64.h') && fs.existsSync('/usr/include/asm-generic/unistd.h');
		} catch {
			return false;
		}
	})();
	it.skipIf(!gcc)('the committed tables are what the script generates from the installed headers (skipped without gcc and linux-libc-dev)', () => {
		const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-tables-')), 'tables.ts');
		execFileSync('node', [path.join(repo, 'scripts', 'gen-syscall-tables.mjs'), '/usr/include', out], {stdio: 'ignore'});
		expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(path.join(repo, 'source', 'models', 'syscall-tables.ts'), 'utf8'));
	});
});

describe('keys and slow-call lines', () => {
	it('splits @proc keys whose comm holds commas', () => {
		expect(parseProcKey('4242,a,b c,202')).toEqual({pid: 4242, comm: 'a,b c', nr: 202});
		expect(parseProcKey('1,node,0')).toEqual({pid: 1, comm: 'node', nr: 0});
		expect(parseProcKey('1,202')).toBeNull();
		expect(parseProcKey('x,node,1')).toBeNull();
		expect(parseProcKey(`1,${'a'.repeat(100)},1`)).toBeNull();
	});

	it('reads slow-call lines, comm last and free to hold spaces', () => {
		expect(parseSlowLine('slow 35 20109798 0 13743 13744 22:30:33.947145 npm ci\n')).toEqual({
			nr: 35,
			durationNs: 20109798,
			ret: 0,
			pid: 13743,
			tid: 13744,
			time: '22:30:33.947145',
			comm: 'npm ci',
		});
		expect(parseSlowLine('slow 202 50119069 -110 8879 8879 22:30:47.987482 memfd:sealed-91\n')?.ret).toBe(-110);
		expect(parseSlowLine('hello\n')).toBeNull();
		expect(parseSlowLine('slow 35 x 0 1 1 22:30:33.947145 a\n')).toBeNull();
	});
});

describe('the reducer on the double-buffered collector, bpftrace 0.17 output with two intervals joined', () => {
	// syscall-mix 1000 7 6 400 traced with -p its pid (slow threshold 10 ms, cap 2), bpftrace
	// stopped (SIGSTOP) for 2.6 s mid-run: the interval probe saw the other half not yet
	// cleared and joined the next interval to this one ("span 2 0").
	const samples = samplesFrom(fixture('syscalls-joined-json.ndjson'));
	const merged = mergeSyscalls(samples);
	const call = (nr: number) => merged.calls.find(c => c.nr === nr)!;

	it('reads both halves: every call is counted once', () => {
		expect(samples.map(s => s.calls.find(c => c.nr === 35)?.histogram.count ?? 0)).toEqual([0, 2, 4]);
		expect(call(95).histogram.count).toBe(1000);
		expect(call(81)).toMatchObject({errors: 7, errnos: [[9, 7]]});
		expect(call(35).histogram.count).toBe(6);
		expect(merged.processes.map(p => [p.comm, p.bySyscall.find(s => s.nr === 95)?.count])).toEqual([['mix', 1000]]);
	});

	it('makes the joined interval one sample as long as both', () => {
		expect(samples.map(s => s.durationSec)).toEqual([1, 1, 2]);
		expect(merged.durationSec).toBe(4);
	});

	it('keeps the slow calls of both halves, the cap applying to each printed interval', () => {
		expect(merged.slow.map(c => c.durationNs >= 400_000_000)).toEqual([true, true, true, true]);
		expect(merged.slow.length + merged.slowDropped).toBe(6);
		expect(merged.slowThresholdNs).toBe(10_000_000);
	});
});

describe('the reducer on real bpftrace 0.17 output of test/fixtures/programs/syscall-mix.c', () => {
	// syscall-mix 1000 7 3 20 traced with -p its pid, slow threshold 10 ms, slow cap 2.
	const lines = fixture('syscalls-mix-json.ndjson');
	const samples = samplesFrom(lines);
	const busy = samples.find(s => s.calls.length > 0)!;
	const call = (nr: number) => busy.calls.find(c => c.nr === nr)!;

	it('makes one sample per interval', () => {
		expect(samples).toHaveLength(lines.filter(l => l.includes('"type": "time"')).length);
	});

	it('counts the umask calls exactly and attributes them to the one process', () => {
		expect(call(95).histogram.count).toBe(1000);
		expect(busy.processes).toHaveLength(1);
		expect(busy.processes[0]!.comm).toBe('mix');
		expect(busy.processes[0]!.bySyscall.find(s => s.nr === 95)!.count).toBe(1000);
	});

	it('counts the failing fchdir calls with their errno', () => {
		expect(call(81).errors).toBe(7);
		expect(call(81).errnos).toEqual([[9, 7]]);
	});

	it('puts the 20 ms sleeps in the [16M, 32M) ns bucket with an exact max', () => {
		const sleep = call(35);
		expect(sleep.histogram.buckets).toEqual([{min: 16777216, max: 33554431, count: 3}]);
		expect(sleep.maxNs).toBeGreaterThanOrEqual(20_000_000);
		expect(sleep.totalNs).toBeGreaterThanOrEqual(60_000_000);
	});

	it('keeps the printed slow calls and counts the one past the cap as dropped', () => {
		expect(busy.slow).toHaveLength(2);
		expect(busy.slow.every(c => c.nr === 35 && c.comm === 'mix' && c.durationNs >= 20_000_000)).toBe(true);
		expect(busy.slowDropped).toBe(1);
	});

	it('takes the slow-call threshold from the collector, else from the pane option', () => {
		expect(busy.slowThresholdNs).toBe(10_000_000);
		const noLine = finishSyscalls(beginSyscalls(), 1000, {intervalSec: 1, host: {arch: 'x86_64'}, options: {slowMs: 25}});
		expect(noLine.slowThresholdNs).toBe(25_000_000);
		const told = feed([{type: 'printf', text: 'slow_threshold 5000000 100\n'}]);
		expect(told.slowThresholdNs).toBe(5_000_000);
		expect(mergeSyscalls([noLine, told]).slowThresholdNs).toBe(5_000_000);
	});

	it('has no calls, processes or slow calls in the idle intervals', () => {
		for (const s of samples.filter(s => s !== busy)) {
			expect(s.calls).toEqual([]);
			expect(s.slow).toEqual([]);
			expect(s.slowDropped).toBe(0);
		}
	});
});

describe('the reducer on real system-wide bpftrace 0.17 output', () => {
	const lines = fixture('syscalls-all-json.ndjson');
	const samples = samplesFrom(lines);

	/** The fixture read straight from the JSON, independently of the parser. */
	const raw = (() => {
		const out: Array<{calls: number; totalNs: number; errors: number; slow: number}> = [];
		let cur = {calls: 0, totalNs: 0, errors: 0, slow: 0};
		for (const line of lines) {
			const {type, data} = JSON.parse(line) as {type: string; data: any};
			if (type === 'hist' && data['@ns']) for (const b of Object.values<any[]>(data['@ns'])) cur.calls += b.reduce((n, x) => n + x.count, 0);
			if (type === 'stats' && data['@proc']) for (const v of Object.values<any>(data['@proc'])) cur.totalNs += v.total;
			if (type === 'map' && data['@errno']) for (const v of Object.values<number>(data['@errno'])) cur.errors += v;
			if (type === 'printf' && data.startsWith('slow ')) cur.slow++;
			if (type === 'time') {
				out.push(cur);
				cur = {calls: 0, totalNs: 0, errors: 0, slow: 0};
			}
		}
		return out;
	})();

	it('keeps every call, nanosecond, error and printed slow call of each interval', () => {
		expect(samples).toHaveLength(raw.length);
		expect(raw.length).toBeGreaterThanOrEqual(3);
		samples.forEach((s, i) => {
			expect(s.calls.reduce((n, c) => n + c.histogram.count, 0)).toBe(raw[i]!.calls);
			expect(s.calls.reduce((n, c) => n + c.totalNs, 0)).toBe(raw[i]!.totalNs);
			expect(s.processes.reduce((n, p) => n + p.totalNs, 0) + s.others.totalNs).toBe(raw[i]!.totalNs);
			expect(s.calls.reduce((n, c) => n + c.errors, 0)).toBe(raw[i]!.errors);
			expect(s.slow).toHaveLength(raw[i]!.slow);
		});
	});

	it('merges intervals: counts and times add up, max is the largest, errnos summed', () => {
		const merged = mergeSyscalls(samples);
		expect(merged.durationSec).toBe(samples.length);
		expect(merged.calls.reduce((n, c) => n + c.histogram.count, 0)).toBe(raw.reduce((n, r) => n + r.calls, 0));
		expect(merged.calls.reduce((n, c) => n + c.totalNs, 0)).toBe(raw.reduce((n, r) => n + r.totalNs, 0));
		for (const c of merged.calls) {
			const parts = samples.map(s => s.calls.find(x => x.nr === c.nr)).filter(x => x !== undefined);
			expect(c.maxNs).toBe(Math.max(...parts.map(p => p.maxNs ?? 0)));
			expect(c.errors).toBe(parts.reduce((n, p) => n + p.errors, 0));
			expect(c.histogram.count).toBe(parts.reduce((n, p) => n + p.histogram.count, 0));
		}
		expect(merged.slow.length).toBe(samples.reduce((n, s) => n + s.slow.length, 0));
		expect(merged.slowDropped).toBe(samples.reduce((n, s) => n + s.slowDropped, 0));
	});

	it('weighs more with more data', () => {
		expect(weighSyscalls(samples[1]!)).toBeGreaterThan(weighSyscalls(feed([])));
	});
});

describe('hostile or odd input', () => {
	it('ignores keys and values that are not what the collector prints', () => {
		const s = feed([
			{type: 'hist', map: '@ns', entries: [{key: 'x', value: [{min: 1, max: 1, count: 1}]}, {key: '3', value: [{min: 1024, max: 2047, count: 2}]}]},
			{type: 'map', map: '@max_ns', entries: [{key: '3', value: -5}, {key: '4', value: 'a'}]},
			{type: 'map', map: '@errno', entries: [{key: '3,2', value: 1}, {key: '3,2,1', value: 9}, {key: '3', value: 9}]},
			{type: 'stats', map: '@proc', entries: [{key: '7,sh,3', value: {count: 2, average: 1, total: 3000}}, {key: '7,sh', value: {count: 1, average: 1, total: 1}}]},
			{type: 'printf', text: 'not a slow line\n'},
		]);
		expect(s.calls.map(c => c.nr)).toEqual([3]);
		expect(s.calls[0]).toMatchObject({totalNs: 3000, maxNs: null, errors: 1});
		expect(s.processes).toHaveLength(1);
		expect(s.slow).toEqual([]);
	});

	it('keeps at most SLOW_KEEP slow calls and counts the rest as dropped', () => {
		const flood: BpfRecord[] = Array.from({length: SLOW_KEEP + 5}, (_, i) => ({type: 'printf', text: `slow 35 20000000 0 1 1 00:00:0${i % 10}.000001 x\n`}));
		const s = feed([...flood, {type: 'map', map: '@slow_calls', entries: [{key: '', value: SLOW_KEEP + 5}]}]);
		expect(s.slow).toHaveLength(SLOW_KEEP);
		expect(s.slowDropped).toBe(5);
	});
});

describe('process cap and merge', () => {
	const procRecord = (n: number, offset = 0): BpfRecord => ({
		type: 'stats',
		map: '@proc',
		entries: Array.from({length: n}, (_, i) => ({key: `${1000 + i + offset},p${i + offset},1`, value: {count: 1, average: 1, total: (i + offset + 1) * 1000}})),
	});

	it('keeps the heaviest processes and folds the rest into others', () => {
		const s = feed([procRecord(PROCESS_CAP + 10)]);
		expect(s.processes).toHaveLength(PROCESS_CAP);
		expect(s.processes[0]!.totalNs).toBe((PROCESS_CAP + 10) * 1000);
		expect(s.others.processes).toBe(10);
		expect(s.others.count).toBe(10);
		expect(s.others.totalNs).toBe(((1 + 10) * 10 * 1000) / 2);
	});

	it('re-applies the cap after merging, keeping every call and nanosecond', () => {
		const a = feed([procRecord(PROCESS_CAP)]);
		const b = feed([procRecord(PROCESS_CAP, PROCESS_CAP)]);
		const merged = mergeSyscalls([a, b]);
		expect(merged.processes).toHaveLength(PROCESS_CAP);
		const total = (s: SyscallsSample) => s.processes.reduce((n, p) => n + p.totalNs, 0) + s.others.totalNs;
		expect(total(merged)).toBe(total(a) + total(b));
		expect(merged.others.processes).toBe(PROCESS_CAP);
		expect(merged.processes[0]!.pid).toBe(1000 + 2 * PROCESS_CAP - 1);
	});

	it('counts the calls a full process map left out of every process, folded ones included', () => {
		const hist: BpfRecord = {type: 'hist', map: '@ns', entries: [{key: '1', value: [{min: 512, max: 1023, count: PROCESS_CAP + 10 + 25}]}]};
		const full = feed([hist, procRecord(PROCESS_CAP + 10)]);
		expect(unattributedCalls(full)).toBe(25);
		expect(unattributedCalls(mergeSyscalls([full, full]))).toBe(50);
		expect(syscallsToJson(full).unattributed).toBe(25);
		expect(syscallsToText(full)).toContain('25 calls in no process below: the process map was full');
		const roomy = feed([{...hist, entries: [{key: '1', value: [{min: 512, max: 1023, count: PROCESS_CAP + 10}]}]}, procRecord(PROCESS_CAP + 10)]);
		expect(unattributedCalls(roomy)).toBe(0);
		expect(syscallsToText(roomy)).not.toContain('calls in no process');
		// Without a histogram (a recording cut mid-interval) nothing is claimed.
		expect(unattributedCalls(feed([procRecord(3)]))).toBe(0);
	});

	it('merges a process seen in two intervals into one row', () => {
		const rec: BpfRecord = {type: 'stats', map: '@proc', entries: [{key: '5,sh,1', value: {count: 2, average: 1, total: 10}}]};
		const merged = mergeSyscalls([feed([rec]), feed([rec])]);
		expect(merged.processes).toEqual([{pid: 5, comm: 'sh', count: 4, totalNs: 20, bySyscall: [{nr: 1, count: 4, totalNs: 20}]}]);
	});
});
