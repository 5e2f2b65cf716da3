import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {noKernelLog} from '../../collectors/samplers/kmsg-oom.js';
import {createUseSampler} from '../../collectors/samplers/use.js';
import {cpuFigures, diskFigures, netFigures, tcpFigures} from '../../source/models/use-figures.js';
import {useToJson} from '../../source/models/use-json.js';
import {formatBytes, formatRate, formatShare, useMatrix, type MatrixOptions, type UseRow} from '../../source/models/use-matrix.js';
import {accumulateUse, beginUse, finishUse, mergeUse, weighUse} from '../../source/models/use-sample.js';
import {useToText} from '../../source/models/use-text.js';
import {stateOf, worstState, THRESHOLDS} from '../../source/models/use-thresholds.js';
import {disk, iface, tcp, ticks, useSample} from '../support/use-samples.js';

const options = (over: Partial<MatrixOptions> = {}): MatrixOptions => ({perCpu: false, all: false, filter: '', sort: 0, historyLength: 8, ...over});
const row = (rows: UseRow[], id: string): UseRow => rows.find(r => r.id === id)!;

describe('USE readings into samples', () => {
	it('turns the four reading kinds into one sample lasting the measured interval', () => {
		const s = useSample(3000, {cpu: {elapsedSec: 1.25}});
		expect(s.t).toBe(3000);
		expect(s.durationSec).toBe(1.25);
		expect(s.cpu!.cpus.all).toEqual(ticks(50, 150));
		expect(s.disk!.disks.vda).toEqual(disk());
		expect(s.net!.interfaces.eth0).toEqual(iface());
	});

	it('distrusts recorded data: bad numbers become unknown, bad devices and kinds are dropped', () => {
		let acc = beginUse();
		acc = accumulateUse(acc, {type: 'reading', kind: 'use-cpu', data: {elapsedSec: 1, cpus: {all: {user: -1}, 0: ticks(1, 1), '../x': ticks(1, 1)}, runnable: 'lots', psi: 7}});
		acc = accumulateUse(acc, {type: 'reading', kind: 'use-memory', data: {elapsedSec: 1, totalBytes: Number.NaN, lastOom: 'x'.repeat(5000), oomKills: 1e400}});
		acc = accumulateUse(acc, {type: 'reading', kind: 'use-disk', data: {elapsedSec: 1, disks: {vda: {...disk(), reads: '3'}, [`${'n'.repeat(100)}`]: disk()}}});
		acc = accumulateUse(acc, {type: 'reading', kind: 'use-net', data: {elapsedSec: 0, interfaces: {}}});
		acc = accumulateUse(acc, {type: 'reading', kind: 'use-gpu', data: {}});
		const s = finishUse(acc, 1000);
		expect(s.cpu).toEqual({elapsedSec: 1, cpus: {all: null, 0: ticks(1, 1)}, runnable: null, blocked: null, psi: null});
		expect(s.memory).toMatchObject({totalBytes: null, oomKills: null});
		expect(s.memory!.lastOom).toHaveLength(200);
		expect(s.disk!.disks).toEqual({vda: null});
		expect(s.net).toBeNull();
	});

	it('bounds a recorded device map', () => {
		const disks = Object.fromEntries(Array.from({length: 1000}, (_, i) => [`d${i}`, disk()]));
		const s = finishUse(accumulateUse(beginUse(), {type: 'reading', kind: 'use-disk', data: {elapsedSec: 1, disks}}), 1);
		expect(Object.keys(s.disk!.disks)).toHaveLength(256);
	});

	it('takes the run-queue p99 from the runqlat histogram when that collector feeds the pane', () => {
		const acc = accumulateUse(beginUse(), {type: 'hist', map: '@usecs', entries: [{key: '', value: [{min: 1024, max: 2047, count: 100}]}]});
		expect(finishUse(acc, 1).runqP99Us).toBeGreaterThan(1024);
		expect(finishUse(acc, 1).runqP99Us).toBeLessThan(2048);
	});

	it('takes per-CPU run-queue p99s from the per-CPU histograms, worst interval in a merge', () => {
		const acc = accumulateUse(beginUse(), {
			type: 'hist',
			map: '@usecs_cpu',
			entries: [
				{key: '0', value: [{min: 16, max: 31, count: 10}]},
				{key: '1', value: [{min: 8192, max: 16383, count: 10}]},
				{key: 'x', value: []},
			],
		});
		const s = finishUse(acc, 1);
		expect(Object.keys(s.runqP99UsPerCpu)).toEqual(['0', '1']);
		expect(s.runqP99UsPerCpu['1']).toBeGreaterThan(8192);
		const merged = mergeUse([s, {...s, runqP99UsPerCpu: {0: 20_000, 1: null}}]);
		expect(merged.runqP99UsPerCpu['0']).toBe(20_000);
		expect(merged.runqP99UsPerCpu['1']).toBe(s.runqP99UsPerCpu['1']);
		const rows = useMatrix({...useSample(), runqP99UsPerCpu: s.runqP99UsPerCpu}, [], options({perCpu: true})).rows;
		expect(row(rows, 'cpu0').cells[1]).toMatchObject({state: 'ok', text: expect.stringMatching(/^p99 \d+us$/)});
		expect(row(rows, 'cpu1').cells[1]).toMatchObject({state: 'bad', text: expect.stringMatching(/^p99 1\d\.\dms$/)});
	});

	it('counts failed block requests per disk from the blkerr collector, zero when it reported none', () => {
		let acc = accumulateUse(beginUse(), {type: 'map', map: '@errors', entries: [{key: '254,0', value: 3}, {key: 'x', value: 1}]}, 'blkerr');
		acc = accumulateUse(acc, {type: 'time', text: '12:00:00\n'}, 'blkerr');
		const s = {...useSample(), blockErrors: finishUse(acc, 1).blockErrors};
		expect(s.blockErrors).toEqual({'254:0': 3});
		const vda = row(useMatrix(s, [], options()).rows, 'disk:vda').cells[2];
		expect(vda).toMatchObject({text: '3 err', state: 'bad', detail: '3 failed requests in the interval (block:block_rq_error)'});
		expect(useToJson(s).disks.vda).toMatchObject({errors: {ioErrors: 3, source: 'tracepoint'}});
		// An interval that ended without an @errors line: none, known.
		const quiet = finishUse(accumulateUse(beginUse(), {type: 'time', text: ''}, 'blkerr'), 1);
		expect(quiet.blockErrors).toEqual({});
		expect(row(useMatrix({...useSample(), blockErrors: {}}, [], options()).rows, 'disk:vda').cells[2].text).toBe('0 err');
		// Another collector's interval end says nothing about disk errors.
		expect(finishUse(accumulateUse(beginUse(), {type: 'time', text: ''}, 'runqlat'), 1).blockErrors).toBeNull();
		expect(mergeUse([{...s, blockErrors: {'254:0': 1}}, s]).blockErrors).toEqual({'254:0': 4});
		expect(mergeUse([s, useSample()]).blockErrors).toBeNull();
	});

	it('merges a range: counts add up, gauges are the newest, partial devices unknown, worst p99', () => {
		const a = useSample(1000, {runqP99Us: 500, memory: {availableBytes: 7 * 2 ** 30}});
		const b = useSample(2000, {runqP99Us: 9000, disk: {elapsedSec: 1, psi: null, disks: {vda: disk({inFlight: 4})}, omitted: 0}});
		const m = mergeUse([a, b]);
		expect(m.t).toBe(2000);
		expect(m.durationSec).toBe(2);
		expect(m.cpu!.cpus.all).toEqual(ticks(100, 300));
		expect(m.cpu!.psi).toEqual({someUs: 40_000, fullUs: 0});
		expect(m.memory!.availableBytes).toBe(6 * 2 ** 30);
		expect(m.memory!.majorFaults).toBe(6);
		expect(m.disk!.disks.vda).toMatchObject({reads: 20, ioTicksMs: 500, inFlight: 4});
		expect(m.disk!.disks.loop0).toBeNull();
		expect(m.disk!.psi).toBeNull();
		expect(m.runqP99Us).toBe(9000);
		expect(diskFigures(m.disk!.disks.vda!, m.disk!.elapsedSec, null).utilization).toBe(0.25);
	});

	it('weighs more for more devices', () => {
		expect(weighUse(useSample())).toBeGreaterThan(weighUse(finishUse(beginUse(), 1)));
	});
});

describe('USE figures', () => {
	it('counts CPU busy as mpstat does: all but idle and iowait; iowait and steal apart', () => {
		const f = cpuFigures(ticks(30, 50, {system: 10, iowait: 8, steal: 2}));
		expect(f.utilization).toBeCloseTo(0.42);
		expect(f.iowait).toBeCloseTo(0.08);
		expect(f.steal).toBeCloseTo(0.02);
		expect(cpuFigures(ticks(0, 0)).utilization).toBeNull();
	});

	it('derives disk %util and aqu-sz as iostat does, clamped at 100%', () => {
		const f = diskFigures(disk({ioTicksMs: 1500, weightedMs: 3000}), 1, null);
		expect(f.utilization).toBe(1);
		expect(f.avgQueueSize).toBe(3);
		expect(f.writeBytesPerSec).toBe(2048 * 512);
		expect(f.awaitMs).toBe(2);
	});

	it('takes the busier direction of a link against its speed, none where the speed is unknown', () => {
		expect(netFigures(iface({rxBytes: 100_000_000, txBytes: 1}), 1).utilization).toBeCloseTo(0.8);
		expect(netFigures(iface({speedMbps: null}), 1).utilization).toBeNull();
		expect(netFigures(iface({rxDrops: 3, txFifo: 1, rxFrame: 2}), 2)).toMatchObject({dropsPerSec: 1.5, fifoPerSec: 0.5, errorsPerSec: 1});
	});

	it('rates TCP retransmits against segments sent, and listen drops once', () => {
		const f = tcpFigures(tcp({RetransSegs: 20, ListenOverflows: 4, ListenDrops: 4, InErrs: 2, InCsumErrors: 2}), 2);
		expect(f.retransShare).toBe(0.05);
		expect(f.listenDropsPerSec).toBe(2);
		expect(f.errorsPerSec).toBe(1);
		expect(tcpFigures(tcp({OutSegs: 0}), 1).retransShare).toBe(0);
	});
});

describe('USE thresholds', () => {
	it('marks warn and bad from inclusive lower bounds, n/a when unknown', () => {
		expect(stateOf(0.69, THRESHOLDS.cpuBusy)).toBe('ok');
		expect(stateOf(0.7, THRESHOLDS.cpuBusy)).toBe('warn');
		expect(stateOf(0.9, THRESHOLDS.cpuBusy)).toBe('bad');
		expect(stateOf(null, THRESHOLDS.cpuBusy)).toBe('na');
		expect(stateOf(1, THRESHOLDS.oomKills)).toBe('bad');
	});

	it('takes the worst of several figures', () => {
		expect(worstState(['ok', 'na', 'warn'])).toBe('warn');
		expect(worstState(['na', 'na'])).toBe('na');
		expect(worstState(['bad', 'ok'])).toBe('bad');
	});
});

describe('USE matrix', () => {
	it('has CPU, memory, physical disks and interfaces and TCP; virtual idle devices folded', () => {
		const m = useMatrix(useSample(), [], options());
		expect(m.rows.map(r => r.id)).toEqual(['cpu', 'memory', 'disk:vda', 'net:eth0', 'tcp']);
		expect(m.folded).toBe(2);
		expect(useMatrix(useSample(), [], options({all: true})).rows.map(r => r.id)).toEqual(['cpu', 'memory', 'disk:loop0', 'disk:vda', 'net:eth0', 'net:lo', 'tcp']);
	});

	it('shows a virtual disk that did I/O (dm, md, loop in use) without `all`', () => {
		const s = useSample(1000, {disk: {elapsedSec: 1, psi: null, disks: {'dm-0': disk({virtual: true})}, omitted: 0}});
		expect(useMatrix(s, [], options()).rows.map(r => r.id)).toContain('disk:dm-0');
	});

	it('fills cells with text, state and the figures behind them', () => {
		const s = useSample(1000, {cpu: {cpus: {all: ticks(190, 10), 0: ticks(95, 5), 1: ticks(95, 5)}, runnable: 5, psi: {someUs: 500_000, fullUs: 0}}});
		const cpu = row(useMatrix(s, [], options()).rows, 'cpu');
		expect(cpu.cells.map(c => c.state)).toEqual(['bad', 'bad', 'na']);
		expect(cpu.cells[0].text).toBe('95%');
		expect(cpu.cells[1].text).toBe('50% psi');
		expect(cpu.cells[1].detail).toMatch(/PSI some 50% full 0\.0%; runnable 5 on 2 CPUs \(3 beyond\); run-queue p99 n\/a/);
		expect(cpu.cells[2].text).toBe('n/a');
		const quiet = useMatrix(useSample(), [], options()).rows;
		expect(row(quiet, 'cpu').cells.map(c => c.state)).toEqual(['ok', 'ok', 'na']);
		expect(row(quiet, 'memory').cells.map(c => c.text)).toEqual(['25%', '0.0% psi', '0 oom']);
		expect(row(quiet, 'disk:vda').cells.map(c => c.text)).toEqual(['25%', 'aqu 0.30', 'n/a']);
		expect(row(quiet, 'net:eth0').cells.map(c => c.text)).toEqual(['0.8%', '0/s drop', '0/s err']);
	});

	it('judges CPU saturation without PSI by runnable tasks beyond the CPUs, and by the run-queue p99', () => {
		const noPsi = useSample(1000, {cpu: {psi: null, runnable: 4}});
		const cells = row(useMatrix(noPsi, [], options()).rows, 'cpu').cells;
		expect(cells[1].text).toBe('r 4/2');
		expect(cells[1].state).toBe('bad');
		const slow = useSample(1000, {runqP99Us: 12_000});
		expect(row(useMatrix(slow, [], options()).rows, 'cpu').cells[1]).toMatchObject({state: 'bad', detail: expect.stringContaining('run-queue p99 12.0ms')});
	});

	it('counts host-wide PSI io only against disks that did I/O', () => {
		const s = useSample(1000, {disk: {elapsedSec: 1, psi: {someUs: 900_000, fullUs: 0}, disks: {vda: disk(), sdb: disk({ioTicksMs: 0, weightedMs: 0})}, omitted: 0}});
		const rows = useMatrix(s, [], options()).rows;
		expect(row(rows, 'disk:vda').cells[1].state).toBe('bad');
		expect(row(rows, 'disk:sdb').cells[1].state).toBe('ok');
	});

	it('shows n/a, not a rate, for a device whose counters went backwards', () => {
		const s = useSample(1000, {disk: {elapsedSec: 1, psi: null, disks: {vda: null}, omitted: 0}, net: {elapsedSec: 1, interfaces: {eth0: null}, tcp: null, omitted: 0}});
		const rows = useMatrix(s, [], options()).rows;
		expect(row(rows, 'disk:vda').cells.map(c => c.text)).toEqual(['n/a', 'n/a', 'n/a']);
		expect(row(rows, 'net:eth0').cells[0].detail).toMatch(/counters went backwards/);
		expect(rows.map(r => r.id)).not.toContain('tcp');
	});

	it('marks OOM kills and says where the last message came from', () => {
		const s = useSample(1000, {memory: {oomKills: 1, oomKillsSinceBoot: 3, lastOom: '[ 5.000] Out of memory: Killed process 9 (x)'}});
		const e = row(useMatrix(s, [], options()).rows, 'memory').cells[2];
		expect(e).toMatchObject({text: '1 oom', state: 'bad'});
		expect(e.detail).toBe('OOM kills: 1 in the interval, 3 since boot; last: [ 5.000] Out of memory: Killed process 9 (x)');
		const hidden = useSample(1000, {memory: {oomKillsSinceBoot: 3, kernelLogReadable: false}});
		expect(row(useMatrix(hidden, [], options()).rows, 'memory').cells[2].detail).toMatch(/kernel log not readable \(needs root or CAP_SYSLOG\)/);
	});

	it('adds one row per CPU with `perCpu`, and filters rows by name', () => {
		expect(useMatrix(useSample(), [], options({perCpu: true})).rows.map(r => r.id).slice(0, 4)).toEqual(['cpu', 'cpu0', 'cpu1', 'memory']);
		expect(useMatrix(useSample(), [], options({perCpu: true, filter: 'CPU1'})).rows.map(r => r.id)).toEqual(['cpu1']);
		expect(useMatrix(useSample(), [], options({filter: 'eth'})).rows.map(r => r.id)).toEqual(['net:eth0']);
	});

	it('sorts the worst rows first with the second sort order', () => {
		const s = useSample(1000, {net: {elapsedSec: 1, interfaces: {eth0: iface({rxErrors: 50})}, tcp: tcp(), omitted: 0}});
		expect(useMatrix(s, [], options({sort: 1})).rows[0]!.id).toBe('net:eth0');
	});

	it('jumps from a cell to the pane that explains it, with a filter where one applies', () => {
		const rows = useMatrix(useSample(), [], options({perCpu: true})).rows;
		expect(row(rows, 'cpu').cells[0].target).toMatchObject({pane: 'profile'});
		expect(row(rows, 'cpu').cells[1].target).toMatchObject({pane: 'runq'});
		expect(row(rows, 'cpu').cells[1].target!.filter).toBeUndefined();
		expect(row(rows, 'cpu1').cells[1].target).toMatchObject({pane: 'runq', filter: 'cpu1', toggles: {perCpu: true}});
		expect(row(rows, 'disk:vda').cells.map(c => c.target?.pane)).toEqual(['bio', 'bio', 'bio']);
		expect(row(rows, 'disk:vda').cells[0].target!.filter).toBe('vda');
		expect(row(rows, 'memory').cells.every(c => c.target === undefined)).toBe(true);
		// Mostly system time: the syscall pane explains it.
		const sys = useSample(1000, {cpu: {cpus: {all: ticks(20, 100, {system: 80})}}});
		expect(row(useMatrix(sys, [], options()).rows, 'cpu').cells[0].target).toMatchObject({pane: 'syscalls'});
	});

	it('carries each cell’s recent values for its sparkline, oldest first', () => {
		const history = [10, 50, 190].map((busy, i) => useSample(1000 * (i + 1), {cpu: {cpus: {all: ticks(busy, 200 - busy)}}}));
		const m = useMatrix(history[2]!, history, options({historyLength: 2}));
		expect(row(m.rows, 'cpu').cells[0].history).toEqual([0.25, 0.95]);
		const frozen = useMatrix(history[1]!, history.slice(0, 2), options());
		expect(row(frozen.rows, 'cpu').cells[0].history).toEqual([0.05, 0.25]);
	});
});

describe('USE snapshot', () => {
	it('gives utilization as a fraction with the raw figures, per resource', () => {
		const j = useToJson(useSample());
		expect(j.cpu).toMatchObject({
			utilization: 0.25,
			saturation: {psiSome: 0.02, runnable: 1, cpus: 2, beyondCpus: 0, runqP99Us: null},
			errors: null,
			state: {utilization: 'ok', saturation: 'ok', errors: 'na'},
			raw: {ticks: ticks(50, 150), user: 0.25},
		});
		expect(j.cpu!.perCpu).toEqual([
			{cpu: 0, utilization: 0.3, raw: {ticks: ticks(30, 70), user: 0.3, system: 0, iowait: 0, steal: 0}},
			{cpu: 1, utilization: 0.2, raw: {ticks: ticks(20, 80), user: 0.2, system: 0, iowait: 0, steal: 0}},
		]);
		expect(j.memory).toMatchObject({utilization: 0.25, errors: {oomKills: 0, lastOom: null}, raw: {totalBytes: 8 * 2 ** 30}});
		expect(j.disks.vda).toMatchObject({utilization: 0.25, saturation: {avgQueueSize: 0.3}, errors: {ioErrors: null}, virtual: false, raw: {ioTicksMs: 250, elapsedSec: 1}});
		expect(j.disks.loop0).toMatchObject({virtual: true});
		expect(j.net.eth0).toMatchObject({utilization: 0.008, rxBytesPerSec: 1_000_000, speedMbps: 1000, virtual: false});
		expect(j.net.lo).toMatchObject({utilization: null, virtual: true});
		expect(j.tcp).toMatchObject({segmentsPerSec: 1000, saturation: {retransShare: 0}});
	});

	it('prints the matrix with state marks readable without colour, then each cell’s figures', () => {
		const s = useSample(1000, {cpu: {cpus: {all: ticks(150, 50), 0: ticks(95, 5), 1: ticks(55, 45)}}});
		const text = useToText(s);
		expect(text).toMatch(/^RESOURCE +UTILIZATION +SATURATION +ERRORS$/m);
		expect(text).toMatch(/^CPU +! 75% +  2\.0% psi +- n\/a$/m);
		expect(text).toMatch(/^cpu0 +!!95% /m);
		expect(text).toMatch(/^vda +  25% +  aqu 0\.30 +- n\/a$/m);
		expect(text).toMatch(/^lo +/m);
		expect(text).toContain('vda saturation: average queue 0.30 (aqu-sz), 1 in flight now; host-wide io PSI some 0.5% full 0.1%');
	});

	it('shows control characters in names and messages visibly, never raw', () => {
		const s = useSample(1000, {
			net: {elapsedSec: 1, interfaces: {'e\u001b[2Jx': iface()}, tcp: null, omitted: 0},
			memory: {oomKills: 1, lastOom: 'Out of memory: Killed process 1 (\u001b]0;pwned\u0007)'},
		});
		const text = useToText(s);
		expect(text).not.toMatch(/[\u001b\u0007]/);
		expect(text).toContain('e^[[2Jx');
		expect(text).toContain('(^[]0;pwned^G)');
	});
});

describe('USE model on two real readings', () => {
	it('finds both CPUs busy and vda writing between the captured files (a spin loop and dd ran in between)', () => {
		const root = new URL('../fixtures/proc/', import.meta.url).pathname;
		let tree = 'vm-a';
		let now = 0;
		const sampler = createUseSampler({
			procRoot: '/proc',
			sysRoot: path.join(root, 'sys'),
			io: {
				read: f => {
					const file = f.startsWith('/proc/') ? path.join(root, tree, f.slice(6)) : f;
					return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
				},
				exists: f => fs.existsSync(f),
				nowMs: () => (now += 1000),
			},
			oom: noKernelLog,
		});
		sampler.read();
		tree = 'vm-b';
		let acc = beginUse();
		for (const line of sampler.read()) {
			const {type, data} = JSON.parse(line) as {type: string; data: unknown};
			acc = accumulateUse(acc, {type: 'reading', kind: type, data});
		}
		const j = useToJson(finishUse(acc, 1000));
		expect(j.cpu!.utilization).toBe(1);
		expect(j.disks.vda!.raw).toMatchObject({writes: 50, sectorsWritten: 102400});
		expect(Object.keys(j.disks)).not.toContain('loop0p1');
		expect(j.memory!.utilization).toBeGreaterThan(0);
		expect(j.memory!.utilization).toBeLessThan(1);
	});
});

describe('USE formatting', () => {
	it('formats shares, rates and bytes for narrow cells', () => {
		expect([formatShare(0), formatShare(0.0004), formatShare(0.05), formatShare(0.523), formatShare(null)]).toEqual(['0.0%', '<0.1%', '5.0%', '52%', 'n/a']);
		expect([formatRate(0), formatRate(2.5), formatRate(950), formatRate(12_345), formatRate(12e6, ' seg')]).toEqual(['0/s', '2.5/s', '950/s', '12.3k/s', '12.0M seg']);
		expect([formatBytes(512), formatBytes(1536, '/s'), formatBytes(5 * 2 ** 30)]).toEqual(['512B', '1.5KiB/s', '5.0GiB']);
	});
});
