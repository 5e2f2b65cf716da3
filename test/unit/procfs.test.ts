import fs from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseDiskstats} from '../../collectors/procfs/diskstats.js';
import {parseKeyValues} from '../../collectors/procfs/key-values.js';
import {parseLinkSpeed} from '../../collectors/procfs/link-speed.js';
import {parseNetDev} from '../../collectors/procfs/net-dev.js';
import {parseSnmp} from '../../collectors/procfs/net-snmp.js';
import {parsePressure} from '../../collectors/procfs/pressure.js';
import {parseProcStat} from '../../collectors/procfs/proc-stat.js';
import {parseHexCounter} from '../../collectors/procfs/scsi-error-count.js';

/** Real files captured on this project's machine (2 CPUs, virtio disk, kernel 6.18). */
const fixture = (file: string): string => fs.readFileSync(new URL(`../fixtures/proc/vm-a/${file}`, import.meta.url), 'utf8');

describe('/proc/stat', () => {
	it('reads the all-CPU line, each CPU and the task counts of a real file', () => {
		const stat = parseProcStat(fixture('stat'));
		expect(stat.total).toEqual({user: 123730, nice: 0, system: 33506, idle: 58502, iowait: 621, irq: 0, softirq: 677, steal: 4237});
		expect([...stat.perCpu.keys()]).toEqual([0, 1]);
		expect(stat.perCpu.get(1)!.user).toBeGreaterThan(0);
		expect(stat.procsRunning).toBeGreaterThanOrEqual(1);
		expect(stat.procsBlocked).toBeGreaterThanOrEqual(0);
	});

	it('takes missing trailing fields of an old kernel as 0 and skips offline CPUs', () => {
		const stat = parseProcStat('cpu  10 1 5 100\ncpu0 10 1 5 100\ncpu3 1 2 3 4 5 6 7 8 9 10\n');
		expect(stat.total).toEqual({user: 10, nice: 1, system: 5, idle: 100, iowait: 0, irq: 0, softirq: 0, steal: 0});
		expect([...stat.perCpu.keys()]).toEqual([0, 3]);
		expect(stat.procsRunning).toBeNull();
	});

	it('skips garbled CPU lines and refuses a file without the all-CPU line', () => {
		expect(parseProcStat('cpu 1 2 3 4\ncpu0 1 x 3 4\n').perCpu.size).toBe(0);
		expect(() => parseProcStat('intr 1 2\n')).toThrow(/no "cpu" line/);
	});
});

describe('/proc/pressure', () => {
	it('reads some and full with the cumulative stall time', () => {
		const cpu = parsePressure(fixture('pressure/cpu'))!;
		expect(cpu.some.totalUs).toBeGreaterThan(0);
		expect(cpu.some.avg10).toBeGreaterThanOrEqual(0);
		expect(cpu.full).not.toBeNull();
	});

	it('has no full line on old kernels (cpu before 5.13) and nothing when PSI is off', () => {
		const p = parsePressure('some avg10=1.50 avg60=0.50 avg300=0.10 total=123456\n')!;
		expect(p).toEqual({some: {avg10: 1.5, avg60: 0.5, avg300: 0.1, totalUs: 123456}, full: null});
		expect(parsePressure('')).toBeUndefined();
		expect(parsePressure('some avg10=x total=1\n')).toBeUndefined();
	});
});

describe('/proc/meminfo and /proc/vmstat', () => {
	it('reads meminfo in bytes, names with parentheses included', () => {
		const m = parseKeyValues(fixture('meminfo'));
		expect(m.get('MemTotal')).toBe(24683584 * 1024);
		expect(m.get('MemAvailable')).toBeLessThanOrEqual(m.get('MemTotal')!);
		expect(m.has('Active(anon)')).toBe(true);
		// Counts without a unit stay counts.
		expect(parseKeyValues('HugePages_Total:       4\n').get('HugePages_Total')).toBe(4);
	});

	it('reads vmstat counters', () => {
		const v = parseKeyValues(fixture('vmstat'));
		for (const key of ['pswpin', 'pswpout', 'pgmajfault', 'pgscan_direct', 'oom_kill']) expect(v.get(key)).toBeGreaterThanOrEqual(0);
		expect(parseKeyValues('garbage\npgmajfault -1\noom_kill 3\n')).toEqual(new Map([['oom_kill', 3]]));
	});
});

describe('/proc/diskstats', () => {
	it('reads every device of a real file, with io_ticks and the weighted time', () => {
		const disks = parseDiskstats(fixture('diskstats'));
		expect(disks.map(d => d.name)).toEqual(['loop0', 'loop0p1', 'loop0p2', 'loop1', 'loop2', 'loop3', 'loop4', 'loop5', 'loop6', 'loop7', 'vda', 'zram0']);
		const vda = disks.find(d => d.name === 'vda')!;
		expect(vda).toMatchObject({major: 254, minor: 0, reads: 72745, sectorsRead: 2965058, readMs: 56463, writes: 31208, sectorsWritten: 4087624, writeMs: 86630, inFlight: 0, ioTicksMs: 31060, weightedMs: 151613});
	});

	it('reads the 14-field layout of kernels before 4.18 and skips short or garbled lines', () => {
		const disks = parseDiskstats('   8       0 sda 1 2 3 4 5 6 7 8 9 10 11\n   8 1 sda1 1 2 3\n 8 2 sdb x 2 3 4 5 6 7 8 9 10 11\n');
		expect(disks).toHaveLength(1);
		expect(disks[0]).toMatchObject({name: 'sda', inFlight: 9, ioTicksMs: 10, weightedMs: 11});
	});
});

describe('/proc/net/dev', () => {
	it('reads each interface of a real file', () => {
		const ifs = parseNetDev(fixture('net/dev'));
		expect(ifs.map(i => i.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
		const eth0 = ifs.find(i => i.name === 'eth0')!;
		expect(eth0.rxBytes).toBeGreaterThan(0);
		expect(eth0.txPackets).toBeGreaterThan(0);
	});

	it('takes every field in its place (no space after the colon when counters are wide)', () => {
		const [i] = parseNetDev('Inter-|\n face |\n  eth1:12345678901 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n');
		expect(i).toEqual({
			name: 'eth1', rxBytes: 12345678901, rxPackets: 2, rxErrors: 3, rxDrops: 4, rxFifo: 5, rxFrame: 6,
			txBytes: 9, txPackets: 10, txErrors: 11, txDrops: 12, txFifo: 13, txCollisions: 14, txCarrier: 15,
		});
	});
});

describe('/proc/net/snmp and /proc/net/netstat', () => {
	it('pairs names and values per protocol', () => {
		const snmp = parseSnmp(fixture('net/snmp'));
		expect(snmp.get('Tcp')!.get('MaxConn')).toBe(-1);
		expect(snmp.get('Tcp')!.get('RetransSegs')).toBeGreaterThanOrEqual(0);
		expect(snmp.get('Udp')!.has('InDatagrams')).toBe(true);
		const netstat = parseSnmp(fixture('net/netstat'));
		expect(netstat.get('TcpExt')!.get('ListenOverflows')).toBeGreaterThanOrEqual(0);
		expect(netstat.get('TcpExt')!.get('ListenDrops')).toBeGreaterThanOrEqual(0);
	});

	it('skips a pair whose lengths differ', () => {
		expect(parseSnmp('Tcp: A B\nTcp: 1\nUdp: C\nUdp: 2\n')).toEqual(new Map([['Udp', new Map([['C', 2]])]]));
	});
});

describe('/sys attributes', () => {
	it('knows a link speed only when it is a positive number', () => {
		expect(parseLinkSpeed('10000\n')).toBe(10000);
		expect(parseLinkSpeed('-1\n')).toBeNull();
		expect(parseLinkSpeed('')).toBeNull();
		expect(parseLinkSpeed(undefined)).toBeNull();
	});

	it('reads the SCSI error counter in hex', () => {
		expect(parseHexCounter('0x1d\n')).toBe(29);
		expect(parseHexCounter('0x0')).toBe(0);
		expect(parseHexCounter('12')).toBeNull();
		expect(parseHexCounter(undefined)).toBeNull();
	});
});
