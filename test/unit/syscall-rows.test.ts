import {describe, expect, it} from 'vitest';
import type {BpfRecord} from '../../collectors/bpftrace-json.js';
import {
	callsPerSecond,
	groupedRows,
	heaviestSyscall,
	p99History,
	processKey,
	slowRows,
	sortAt,
	syscallRows,
	SYSCALL_SORTS,
} from '../../source/models/syscall-rows.js';
import {syscallsToJson, syscallsToText} from '../../source/models/syscalls-report.js';
import {accumulateSyscalls, beginSyscalls, finishSyscalls, mergeSyscalls, PROCESS_CAP, type SyscallsSample} from '../../source/models/syscalls.js';
import {fixtureLines, samplesFrom} from '../support/syscall-samples.js';

/** A 2-second interval: read (0) heavy in time, futex (202) many calls and errors, umask (95) rare. */
function sample(durationSec = 2): SyscallsSample {
	const records: BpfRecord[] = [
		{
			type: 'hist',
			map: '@ns',
			entries: [
				{key: '0', value: [{min: 1048576, max: 2097151, count: 10}]},
				{key: '202', value: [{min: 1024, max: 2047, count: 90}, {min: 2048, max: 4095, count: 10}]},
				{key: '95', value: [{min: 512, max: 1023, count: 4}]},
			],
		},
		{type: 'map', map: '@max_ns', entries: [{key: '0', value: 2_000_000}, {key: '202', value: 4000}, {key: '95', value: 900}]},
		{
			type: 'stats',
			map: '@proc',
			entries: [
				{key: '10,db,0', value: {count: 10, average: 1_500_000, total: 15_000_000}},
				{key: '10,db,202', value: {count: 40, average: 1500, total: 60_000}},
				{key: '20,web, 1,202', value: {count: 60, average: 1500, total: 90_000}},
				{key: '30,sh,95', value: {count: 4, average: 700, total: 2800}},
			],
		},
		{type: 'map', map: '@errno', entries: [{key: '202,11', value: 30}, {key: '202,110', value: 5}]},
		{type: 'printf', text: 'slow 0 12000000 -2 10 11 10:00:00.000001 db\n'},
		{type: 'printf', text: 'slow 0 15000000 4096 10 12 10:00:00.500000 db\n'},
		{type: 'map', map: '@slow_calls', entries: [{key: '', value: 2}]},
	];
	return finishSyscalls(records.reduce(accumulateSyscalls, beginSyscalls()), 2000, {intervalSec: durationSec, host: {arch: 'x86_64'}, options: {slowMs: 10}});
}

describe('per-syscall rows', () => {
	const s = sample();

	it('sorts by total time by default and selects the heaviest syscall at start', () => {
		expect(sortAt(0)).toBe('total');
		expect(syscallRows(s, 'total').map(r => r.name)).toEqual(['read', 'futex', 'umask']);
		expect(heaviestSyscall(s)).toBe(0);
	});

	it('computes rates, wall share, errors with the commonest errno, avg and percentiles', () => {
		const futex = syscallRows(s, 'total').find(r => r.name === 'futex')!;
		expect(futex).toMatchObject({calls: 100, callsPerSec: 50, errors: 35, errorsPerSec: 17.5, topErrno: 'EAGAIN', totalNs: 150_000, avgNs: 1500, maxNs: 4000});
		expect(futex.wallShare).toBeCloseTo(150_000 / 2e9);
		// Rank 50 of 100 lies 50/90 of the way through [1024, 2047].
		expect(futex.p50Ns).toBeCloseTo(1024 + (2047 - 1024) * (50 / 90));
		// Rank 99: 9/10 through [2048, 4095].
		expect(futex.p99Ns).toBeCloseTo(2048 + (4095 - 2048) * 0.9);
		expect(callsPerSecond(s)).toBe(57);
	});

	it('cycles every sort and filters by name', () => {
		expect(SYSCALL_SORTS.map((_, i) => sortAt(i))).toEqual([...SYSCALL_SORTS]);
		expect(sortAt(SYSCALL_SORTS.length)).toBe('total');
		expect(syscallRows(s, 'calls').map(r => r.name)).toEqual(['futex', 'read', 'umask']);
		expect(syscallRows(s, 'errors')[0]!.name).toBe('futex');
		expect(syscallRows(s, 'p99')[0]!.name).toBe('read');
		expect(syscallRows(s, 'max').map(r => r.name)).toEqual(['read', 'futex', 'umask']);
		expect(syscallRows(s, 'name').map(r => r.name)).toEqual(['futex', 'read', 'umask']);
		expect(syscallRows(s, 'total', 'FUT').map(r => r.name)).toEqual(['futex']);
		expect(syscallRows(s, 'total', 'nothing')).toEqual([]);
	});

	it('names calls by the sample architecture', () => {
		const arm = {...s, arch: 'aarch64'};
		expect(syscallRows(arm, 'name').map(r => r.name)).toEqual(['accept', 'io_setup', 'waitid']);
	});

	it('gives a syscall p99 per sample for the sparkline, null where it was not called', () => {
		const empty = finishSyscalls(beginSyscalls(), 3000, {intervalSec: 1, host: {arch: 'x86_64'}, options: {}});
		const h = p99History([s, empty, s], 202);
		expect(h[1]).toBeNull();
		expect(h[0]).toBeCloseTo(syscallRows(s, 'total').find(r => r.nr === 202)!.p99Ns!);
	});
});

describe('rows grouped by process', () => {
	const s = sample();

	it('lists processes by syscall time, collapsed unless expanded', () => {
		const rows = groupedRows(s, 'total', '', new Set());
		expect(rows.map(r => r.kind === 'process' && `${r.comm}/${r.pid}`)).toEqual(['db/10', 'web, 1/20', 'sh/30']);
		expect(rows[0]).toMatchObject({calls: 50, totalNs: 15_060_000, topSyscall: 'read', expanded: false});
	});

	it('shows an expanded process with its syscalls under it', () => {
		const rows = groupedRows(s, 'total', '', new Set([processKey({pid: 10, comm: 'db'})]));
		expect(rows.map(r => r.key)).toEqual(['p10/db', 'p10/db/0', 'p10/db/202', 'p20/web, 1', 'p30/sh']);
		expect(rows[2]).toMatchObject({kind: 'process-syscall', name: 'futex', calls: 40, callsPerSec: 20, avgNs: 1500});
	});

	it('filters by comm, pid or syscall name', () => {
		const open = new Set(['p10/db', 'p20/web, 1']);
		expect(groupedRows(s, 'total', 'web', open).map(r => r.key)).toEqual(['p20/web, 1', 'p20/web, 1/202']);
		expect(groupedRows(s, 'total', '30', open).map(r => r.key)).toEqual(['p30/sh']);
		expect(groupedRows(s, 'total', 'futex', open).map(r => r.key)).toEqual(['p10/db', 'p10/db/202', 'p20/web, 1', 'p20/web, 1/202']);
		expect(groupedRows(s, 'calls', '', new Set()).map(r => r.key)).toEqual(['p20/web, 1', 'p10/db', 'p30/sh']);
	});

	it('ends with an others row past the process cap', () => {
		const many: BpfRecord = {
			type: 'stats',
			map: '@proc',
			entries: Array.from({length: PROCESS_CAP + 3}, (_, i) => ({key: `${i + 1},p,1`, value: {count: 1, average: 10, total: 10 + i}})),
		};
		const big = finishSyscalls(accumulateSyscalls(beginSyscalls(), many), 1000, {intervalSec: 1, host: {arch: 'x86_64'}, options: {}});
		const rows = groupedRows(big, 'total', '', new Set());
		expect(rows).toHaveLength(PROCESS_CAP + 1);
		expect(rows.at(-1)).toMatchObject({kind: 'others', processes: 3, calls: 3, totalNs: 10 + 11 + 12});
	});
});

describe('slow-call log', () => {
	it('lists slow calls newest first with errno names for failed calls', () => {
		const rows = slowRows(sample());
		expect(rows.map(r => r.tid)).toEqual([12, 11]);
		expect(rows[1]).toMatchObject({name: 'read', comm: 'db', pid: 10, durationNs: 12_000_000, result: '-ENOENT'});
		expect(rows[0]!.result).toBe('4096');
		expect(slowRows(sample(), 'nothing')).toEqual([]);
	});
});

describe('snapshot JSON and text', () => {
	it('has the documented shape', () => {
		const json = syscallsToJson(sample());
		expect(Object.keys(json)).toEqual(['calls', 'slow', 'slowDropped', 'slowThresholdNs', 'processes', 'others', 'unattributed']);
		expect(json.slowThresholdNs).toBe(10_000_000);
		expect(json.calls[1]).toEqual({
			name: 'futex',
			nr: 202,
			count: 100,
			errors: 35,
			errnos: {EAGAIN: 30, ETIMEDOUT: 5},
			totalNs: 150_000,
			avgNs: 1500,
			p50Ns: 1592,
			p99Ns: 3890,
			maxNs: 4000,
			buckets: [
				{min: 1024, max: 2047, count: 90},
				{min: 2048, max: 4095, count: 10},
			],
		});
		expect(json.slow[0]).toEqual({time: '10:00:00.000001', comm: 'db', pid: 10, tid: 11, name: 'read', durationNs: 12_000_000, ret: -2, error: 'ENOENT'});
		expect(json.slow[1]).not.toHaveProperty('error');
		expect(json.slowDropped).toBe(0);
		expect(JSON.parse(JSON.stringify(json))).toEqual(json);
	});

	it('prints a syscount -L style table, the heaviest histogram, processes and slow calls', () => {
		const text = syscallsToText(sample());
		const lines = text.split('\n');
		expect(lines[0]).toBe('Syscalls, 2s, 114 calls, 3 syscalls, 2 slow at >= 10 ms (0 not logged)');
		expect(lines[2]).toMatch(/^SYSCALL\s+COUNT\s+ERRORS\s+ERRNO\s+TIME \(us\)\s+AVG \(us\)\s+P99 \(us\)\s+MAX \(us\)$/);
		expect(lines[3]).toMatch(/^read\s+10\s+0\s+15000\.000\s+1500\.000\s+/);
		expect(lines[4]).toMatch(/^futex\s+100\s+35 EAGAIN\s+150\.000\s+1\.500\s+3\.890\s+4\.000$/);
		expect(text).toContain('@ns[read]:\n[1M, 2M)              10 |@@@@');
		expect(text).toMatch(/\ndb\s+10\s+50\s+15060\.000\s+read\n/);
		expect(text).toMatch(/10:00:00\.000001\s+db\s+10\s+11\s+read\s+12\.000\s+-ENOENT/);
	});

	it('merges the recorded system-wide intervals into one document', () => {
		const merged = mergeSyscalls(samplesFrom(fixtureLines('syscalls-all-json.ndjson')));
		const json = syscallsToJson(merged);
		expect(json.calls.length).toBeGreaterThan(5);
		for (let i = 1; i < json.calls.length; i++) expect(json.calls[i - 1]!.totalNs).toBeGreaterThanOrEqual(json.calls[i]!.totalNs);
		expect(json.calls.some(c => c.name === 'syscall_-1' || c.name === 'futex')).toBe(true);
		expect(syscallsToText(merged).split('\n')[0]).toMatch(/^Syscalls, \d+s, \d+ calls/);
	});
});
