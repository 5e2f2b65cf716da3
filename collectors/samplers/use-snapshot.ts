/**
 * One reading of the files the USE sampler needs, through a small reader interface so
 * tests run it on fixture trees. Only /proc/stat is required; every other source is
 * optional (PSI needs 4.20+ and CONFIG_PSI, containers hide parts of /sys …) and its
 * absence shows as "n/a" in the pane rather than stopping the sampler.
 *
 * Per device facts that do not change (is it a whole disk, is it virtual, does it have
 * an error counter) are looked up once per device and cached, keyed so a different
 * device appearing under the same name is looked up again.
 */
import path from 'node:path';
import {parseDiskstats} from '../procfs/diskstats.js';
import {parseKeyValues} from '../procfs/key-values.js';
import {parseLinkSpeed} from '../procfs/link-speed.js';
import {parseNetDev} from '../procfs/net-dev.js';
import {parseSnmp} from '../procfs/net-snmp.js';
import {parsePressure, type Pressure} from '../procfs/pressure.js';
import {parseProcStat} from '../procfs/proc-stat.js';
import {parseHexCounter} from '../procfs/scsi-error-count.js';
import {TCP_COUNTERS, type SnapshotDisk, type SnapshotInterface, type UseSnapshot} from './use-readings.js';

export interface SnapshotIo {
	/** A file's text, or undefined when it cannot be read. */
	read(file: string): string | undefined;
	exists(file: string): boolean;
	/** Monotonic milliseconds. */
	nowMs(): number;
}

export interface SnapshotRoots {
	proc: string;
	sys: string;
}

interface DiskFacts {
	key: string;
	whole: boolean;
	virtual: boolean;
	errorCounter: string | undefined;
}

export interface SnapshotCache {
	disks: Map<string, DiskFacts>;
	netVirtual: Map<string, boolean>;
}

export const emptySnapshotCache = (): SnapshotCache => ({disks: new Map(), netVirtual: new Map()});

/**
 * Device names come from /proc and become path components under /sys: the kernel never
 * makes one with a slash (block names use "!" in sysfs for it) or "." / "..", so such a
 * name is not a device and is skipped rather than followed.
 */
const sysfsName = (name: string): string | undefined => {
	const sys = name.replaceAll('/', '!');
	return sys === '.' || sys === '..' || sys === '' || /[\s\0]/.test(sys) ? undefined : sys;
};

function diskFacts(io: SnapshotIo, roots: SnapshotRoots, cache: SnapshotCache, name: string, key: string): DiskFacts | undefined {
	const cached = cache.disks.get(name);
	if (cached?.key === key) return cached;
	const sys = sysfsName(name);
	if (sys === undefined) return undefined;
	const counter = path.join(roots.sys, 'block', sys, 'device', 'ioerr_cnt');
	const facts: DiskFacts = {
		key,
		whole: io.exists(path.join(roots.sys, 'block', sys)),
		virtual: io.exists(path.join(roots.sys, 'devices', 'virtual', 'block', sys)),
		errorCounter: io.exists(counter) ? counter : undefined,
	};
	cache.disks.set(name, facts);
	return facts;
}

function readDisks(io: SnapshotIo, roots: SnapshotRoots, cache: SnapshotCache): UseSnapshot['disks'] {
	const disks = new Map<string, SnapshotDisk>();
	const text = io.read(path.join(roots.proc, 'diskstats'));
	const seen = new Set<string>();
	for (const d of text === undefined ? [] : parseDiskstats(text)) {
		seen.add(d.name);
		const facts = diskFacts(io, roots, cache, d.name, `${d.major}:${d.minor}`);
		if (!facts?.whole) continue;
		const errors = facts.errorCounter === undefined ? null : parseHexCounter(io.read(facts.errorCounter));
		disks.set(d.name, {...d, virtual: facts.virtual, errors});
	}
	for (const name of cache.disks.keys()) if (!seen.has(name)) cache.disks.delete(name);
	return disks;
}

function readNet(io: SnapshotIo, roots: SnapshotRoots, cache: SnapshotCache): UseSnapshot['net'] {
	const net = new Map<string, SnapshotInterface>();
	const text = io.read(path.join(roots.proc, 'net', 'dev'));
	const seen = new Set<string>();
	for (const n of text === undefined ? [] : parseNetDev(text)) {
		const sys = sysfsName(n.name);
		if (sys === undefined) continue;
		seen.add(n.name);
		let virtual = cache.netVirtual.get(n.name);
		if (virtual === undefined) {
			virtual = io.exists(path.join(roots.sys, 'devices', 'virtual', 'net', sys));
			cache.netVirtual.set(n.name, virtual);
		}
		// Read each time for physical links (renegotiation changes it); virtual ones have no real speed.
		const speedMbps = virtual ? null : parseLinkSpeed(io.read(path.join(roots.sys, 'class', 'net', sys, 'speed')));
		net.set(n.name, {...n, virtual, speedMbps});
	}
	for (const name of cache.netVirtual.keys()) if (!seen.has(name)) cache.netVirtual.delete(name);
	return net;
}

function readTcp(io: SnapshotIo, roots: SnapshotRoots): Map<string, number> {
	const snmp = parseSnmp(io.read(path.join(roots.proc, 'net', 'snmp')) ?? '').get('Tcp');
	const ext = parseSnmp(io.read(path.join(roots.proc, 'net', 'netstat')) ?? '').get('TcpExt');
	const tcp = new Map<string, number>();
	for (const key of TCP_COUNTERS) {
		const value = snmp?.get(key) ?? ext?.get(key);
		if (value !== undefined) tcp.set(key, value);
	}
	return tcp;
}

/** A reading of everything but the kernel log, which the caller adds (it depends on vmstat's oom_kill). */
export function readUseSnapshot(io: SnapshotIo, roots: SnapshotRoots, cache: SnapshotCache): Omit<UseSnapshot, 'oom'> {
	const statFile = path.join(roots.proc, 'stat');
	const statText = io.read(statFile);
	if (statText === undefined) throw new Error(`cannot read ${statFile}: is /proc mounted?`);
	const pressure = (resource: string): Pressure | undefined => {
		const text = io.read(path.join(roots.proc, 'pressure', resource));
		return text === undefined ? undefined : parsePressure(text);
	};
	return {
		atMs: io.nowMs(),
		stat: parseProcStat(statText),
		psi: {cpu: pressure('cpu'), memory: pressure('memory'), io: pressure('io')},
		meminfo: parseKeyValues(io.read(path.join(roots.proc, 'meminfo')) ?? ''),
		vmstat: parseKeyValues(io.read(path.join(roots.proc, 'vmstat')) ?? ''),
		disks: readDisks(io, roots, cache),
		net: readNet(io, roots, cache),
		tcp: readTcp(io, roots),
	};
}
