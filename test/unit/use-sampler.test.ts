import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {noKernelLog, type OomWatcher} from '../../collectors/samplers/kmsg-oom.js';
import {createUseSampler, useSampler} from '../../collectors/samplers/use.js';
import {MAX_DEVICES, counterDelta, cpuTicks, type CpuReading, type DiskReading, type MemoryReading, type NetReading} from '../../collectors/samplers/use-readings.js';
import type {SnapshotIo} from '../../collectors/samplers/use-snapshot.js';

const root = new URL('../fixtures/proc/', import.meta.url).pathname;
const SYS = path.join(root, 'sys');

/** The files of a captured /proc tree, keyed as the sampler asks for them under /proc. */
function procFiles(dir: string): Map<string, string> {
	const files = new Map<string, string>();
	const walk = (d: string) => {
		for (const e of fs.readdirSync(d, {withFileTypes: true})) {
			const full = path.join(d, e.name);
			if (e.isDirectory()) walk(full);
			else files.set(path.join('/proc', path.relative(path.join(root, dir), full)), fs.readFileSync(full, 'utf8'));
		}
	};
	walk(path.join(root, dir));
	return files;
}

/** /sys of the fixture machine, as paths that exist and files that read. */
const sysFiles = (): Map<string, string> => {
	const files = new Map<string, string>();
	const walk = (d: string) => {
		for (const e of fs.readdirSync(d, {withFileTypes: true})) {
			const full = path.join(d, e.name);
			const key = path.join('/sys', path.relative(SYS, full));
			if (e.isDirectory()) {
				files.set(key, '');
				walk(full);
			} else if (e.name !== '.keep') files.set(key, fs.readFileSync(full, 'utf8'));
		}
	};
	walk(SYS);
	return files;
};

/** An in-memory machine: readings are swapped in between reads, the clock moves 1 s a read. */
function fakeMachine(first: Map<string, string>, oom: OomWatcher = noKernelLog) {
	let files = new Map([...first, ...sysFiles()]);
	let now = 0;
	const io: SnapshotIo = {
		read: f => files.get(f),
		exists: f => files.has(f) || [...files.keys()].some(k => k.startsWith(f + '/')),
		nowMs: () => (now += 1000),
	};
	const sampler = createUseSampler({procRoot: '/proc', sysRoot: '/sys', io, oom});
	return {
		sampler,
		set(next: Map<string, string>) {
			files = new Map([...next, ...sysFiles()]);
		},
		edit(file: string, change: (text: string) => string) {
			files.set(file, change(files.get(file) ?? ''));
		},
		remove(file: string) {
			files.delete(file);
		},
		readings() {
			const lines = sampler.read().map(l => JSON.parse(l) as {type: string; data: unknown});
			const by = (t: string) => lines.find(l => l.type === t)?.data;
			return {
				types: lines.map(l => l.type),
				cpu: by('use-cpu') as CpuReading,
				memory: by('use-memory') as MemoryReading,
				disk: by('use-disk') as DiskReading,
				net: by('use-net') as NetReading,
			};
		},
	};
}

describe('counter deltas', () => {
	it('is the difference, and null (never negative) when a counter went backwards or is unknown', () => {
		expect(counterDelta(10, 15)).toBe(5);
		expect(counterDelta(10, 10)).toBe(0);
		expect(counterDelta(4294967290, 5)).toBeNull();
		expect(counterDelta(undefined, 5)).toBeNull();
		expect(counterDelta(5, null)).toBeNull();
	});

	it('counts a CPU state that stepped back as 0 (iowait on NO_HZ kernels), keeping the others', () => {
		const t = {user: 10, nice: 0, system: 5, idle: 100, iowait: 7, irq: 0, softirq: 0, steal: 0};
		expect(cpuTicks(t, {...t, user: 20, iowait: 6})).toEqual({...t, user: 10, system: 0, idle: 0, iowait: 0});
	});
});

describe('use sampler on two real readings 1 s apart', () => {
	it('primes on the first read, then emits the four reading lines', () => {
		const m = fakeMachine(procFiles('vm-a'));
		expect(m.sampler.read()).toEqual([]);
		m.set(procFiles('vm-b'));
		const r = m.readings();
		expect(r.types).toEqual(['use-cpu', 'use-memory', 'use-disk', 'use-net']);
		expect(r.cpu.elapsedSec).toBe(1);
		// vm-a → vm-b: user 123730 → 123967, system 33506 → 33561, steal 4237 → 4246, idle unchanged.
		expect(r.cpu.cpus.all).toEqual({user: 237, nice: 0, system: 55, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 9});
		expect(Object.keys(r.cpu.cpus).sort()).toEqual(['0', '1', 'all']);
		expect(r.cpu.psi!.someUs).toBeGreaterThan(0);
		expect(r.memory.totalBytes).toBe(24683584 * 1024);
		expect(r.memory.oomKills).toBe(0);
	});

	it('keeps whole disks only, marks virtual devices, and takes the deltas of vda', () => {
		const m = fakeMachine(procFiles('vm-a'));
		m.sampler.read();
		m.set(procFiles('vm-b'));
		const {disk} = m.readings();
		// loop0p1/loop0p2 are partitions: their I/O is in loop0.
		expect(Object.keys(disk.disks).sort()).toEqual(['loop0', 'loop1', 'loop2', 'loop3', 'loop4', 'loop5', 'loop6', 'loop7', 'vda', 'zram0']);
		expect(disk.disks.vda).toMatchObject({virtual: false, reads: 12, writes: 50, sectorsWritten: 102400, ioTicksMs: 84, weightedMs: 114, errors: null});
		expect(disk.disks.loop3!.virtual).toBe(true);
	});

	it('marks virtual interfaces and reads link speeds (unknown for virtio: -1)', () => {
		const m = fakeMachine(procFiles('vm-a'));
		m.sampler.read();
		m.set(procFiles('vm-b'));
		const {net} = m.readings();
		expect(net.interfaces.eth0).toMatchObject({virtual: false, speedMbps: null});
		expect(net.interfaces.lo!.virtual).toBe(true);
		expect(net.interfaces.ifb0!.virtual).toBe(true);
		expect(net.tcp).not.toBeNull();
		expect(net.tcp!.OutSegs).toBeGreaterThanOrEqual(0);
	});
});

describe('use sampler on counters that wrap, reset or vanish', () => {
	it('gives no rate for an interface whose counters went backwards, and a normal one after', () => {
		const m = fakeMachine(procFiles('vm-a'));
		m.sampler.read();
		m.edit('/proc/net/dev', t => t.replace(/eth0: +\d+/, 'eth0:    100'));
		expect(m.readings().net.interfaces.eth0).toBeNull();
		m.edit('/proc/net/dev', t => t.replace(/eth0: +\d+/, 'eth0:    1600'));
		expect(m.readings().net.interfaces.eth0!.rxBytes).toBe(1500);
	});

	it('gives no figures for a disk re-plugged under the same name (new device number), then picks it up', () => {
		const m = fakeMachine(procFiles('vm-a'));
		m.sampler.read();
		m.edit('/proc/diskstats', t => t.replace(' 254       0 vda', ' 254      16 vda'));
		expect(m.readings().disk.disks.vda).toBeNull();
		expect(m.readings().disk.disks.vda).toMatchObject({minor: 16, reads: 0});
	});

	it('leaves out a disk or interface that vanished, and one that just appeared until it has two readings', () => {
		const m = fakeMachine(procFiles('vm-a'));
		m.sampler.read();
		m.edit('/proc/diskstats', t => t.split('\n').filter(l => !l.includes(' vda ')).join('\n'));
		m.edit('/proc/net/dev', t => t.split('\n').filter(l => !l.includes('eth0:')).join('\n'));
		let r = m.readings();
		expect(r.disk.disks.vda).toBeUndefined();
		expect(r.net.interfaces.eth0).toBeUndefined();
		m.set(procFiles('vm-a'));
		r = m.readings();
		expect(r.disk.disks.vda).toBeUndefined();
		expect(r.net.interfaces.eth0).toBeUndefined();
		r = m.readings();
		expect(r.disk.disks.vda).toMatchObject({reads: 0});
		expect(r.net.interfaces.eth0).toMatchObject({rxBytes: 0});
	});

	it('says PSI is unknown where /proc/pressure is missing (kernel without CONFIG_PSI)', () => {
		const files = procFiles('vm-a');
		for (const k of [...files.keys()]) if (k.startsWith('/proc/pressure')) files.delete(k);
		const m = fakeMachine(files);
		m.sampler.read();
		const r = m.readings();
		expect(r.cpu.psi).toBeNull();
		expect(r.memory.psi).toBeNull();
		expect(r.disk.psi).toBeNull();
	});

	it('drops a PSI total that went backwards but keeps the rest of the reading', () => {
		const m = fakeMachine(procFiles('vm-a'));
		m.sampler.read();
		m.edit('/proc/pressure/cpu', t => t.replace(/some (.*) total=\d+/, 'some $1 total=1'));
		expect(m.readings().cpu.psi).toEqual({someUs: null, fullUs: 0});
	});

	it('fails with a one-line reason when /proc/stat cannot be read', () => {
		const m = fakeMachine(procFiles('vm-a'));
		m.remove('/proc/stat');
		expect(() => m.sampler.read()).toThrow(/cannot read \/proc\/stat: is \/proc mounted\?/);
	});

	it('reads the SCSI error counter where a disk has one', () => {
		const files = procFiles('vm-a');
		files.set('/proc/diskstats', '   8       0 sda 1 0 8 1 1 0 8 1 0 5 9 0 0 0 0 0 0\n');
		const m = fakeMachine(files);
		m.edit('/sys/block/sda', () => '');
		m.edit('/sys/block/sda/device/ioerr_cnt', () => '0x2\n');
		m.sampler.read();
		m.edit('/sys/block/sda/device/ioerr_cnt', () => '0x5\n');
		expect(m.readings().disk.disks.sda).toMatchObject({errors: 3, virtual: false});
	});

	it('skips device names that could not be a kernel device (no path outside /sys)', () => {
		const files = procFiles('vm-a');
		files.set('/proc/net/dev', 'h\nh\n  ..: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n');
		const m = fakeMachine(files);
		m.sampler.read();
		expect(m.readings().net.interfaces).toEqual({});
	});

	it('bounds the devices per line, physical first, and counts the rest', () => {
		const lines = Array.from({length: MAX_DEVICES + 10}, (_, i) => `  veth${i}: ${i} 1 0 0 0 0 0 0 0 1 0 0 0 0 0 0`);
		const files = procFiles('vm-a');
		files.set('/proc/net/dev', ['h', 'h', ...lines, '  eth0: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0'].join('\n'));
		const m = fakeMachine(files);
		for (let i = 0; i < MAX_DEVICES + 10; i++) m.edit(`/sys/devices/virtual/net/veth${i}`, () => '');
		m.sampler.read();
		const {net} = m.readings();
		expect(Object.keys(net.interfaces)).toHaveLength(MAX_DEVICES);
		expect(net.interfaces.eth0).toBeDefined();
		expect(net.omitted).toBe(11);
	});
});

describe('use sampler and the kernel log', () => {
	function watcher() {
		const asked: boolean[] = [];
		const oom: OomWatcher = {readable: true, poll: wanted => (asked.push(wanted), wanted ? '[ 12.000] Out of memory: Killed process 9 (x)' : null)};
		return {oom, asked};
	}

	it('looks in the kernel log only when the OOM killer ran (since boot, then since the last reading)', () => {
		const {oom, asked} = watcher();
		const m = fakeMachine(procFiles('vm-a'), oom);
		m.sampler.read();
		m.readings();
		m.edit('/proc/vmstat', t => t.replace(/^oom_kill \d+$/m, 'oom_kill 2'));
		const r = m.readings();
		expect(asked).toEqual([false, false, true]);
		expect(r.memory).toMatchObject({oomKills: 2, oomKillsSinceBoot: 2, kernelLogReadable: true});
		expect(r.memory.lastOom).toMatch(/Killed process 9/);
	});
});

describe('use sampler factory on the real fixture tree', () => {
	it('reads procRoot and sysRoot from the context', () => {
		const s = useSampler({intervalSec: 1, procRoot: path.join(root, 'vm-a'), sysRoot: SYS});
		expect(s.read()).toEqual([]);
		const lines = s.read();
		expect(lines.map(l => JSON.parse(l).type)).toEqual(['use-cpu', 'use-memory', 'use-disk', 'use-net']);
		expect(JSON.parse(lines[2]!).data.disks.vda.reads).toBe(0);
	});
});
