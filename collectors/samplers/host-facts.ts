/**
 * host-facts: what panes need to name things, read once at start (one `hostfacts` line,
 * then nothing): architecture, online CPUs, block devices by "major:minor" with the disk
 * each belongs to, network interfaces with link speed and whether they are virtual.
 *
 *   {"type":"hostfacts","data":{"arch":"x86_64","cpus":2,
 *     "blockDevices":{"8:0":{"name":"sda","disk":"sda"},"8:1":{"name":"sda1","disk":"sda"}},
 *     "netInterfaces":{"eth0":{"speedMbps":10000,"virtual":false}}}}
 *
 * Disks are /sys/block/DISK; a partition is a subdirectory of its disk with a
 * `partition` file. An interface is virtual when it lives under /sys/devices/virtual/net.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {BlockDevice, HostFacts, NetInterface} from '../../source/models/host-facts.js';
import {readBoundedOrUndefined} from '../../source/safety/bounded-read.js';
import {readingLine, type SamplerFactory} from './sampler.js';

/** Bounds a directory listing: no machine has this many disks or interfaces. */
const MAX_ENTRIES = 4096;

const list = (dir: string): string[] => {
	try {
		return fs.readdirSync(dir).slice(0, MAX_ENTRIES);
	} catch {
		return [];
	}
};

/** "0-3,6,8-9" → 7. */
export function countCpuList(text: string): number {
	let n = 0;
	for (const part of text.trim().split(',')) {
		const m = /^(\d+)(?:-(\d+))?$/.exec(part);
		if (!m) continue;
		const lo = Number(m[1]);
		const hi = m[2] === undefined ? lo : Number(m[2]);
		n += hi >= lo ? hi - lo + 1 : 1;
	}
	return n;
}

function blockDevices(sys: string): Record<string, BlockDevice> {
	const devices: Record<string, BlockDevice> = {};
	for (const disk of list(path.join(sys, 'block'))) {
		const dev = readBoundedOrUndefined(path.join(sys, 'block', disk, 'dev'))?.trim();
		if (dev) devices[dev] = {name: disk, disk};
		for (const part of list(path.join(sys, 'block', disk))) {
			if (!fs.existsSync(path.join(sys, 'block', disk, part, 'partition'))) continue;
			const partDev = readBoundedOrUndefined(path.join(sys, 'block', disk, part, 'dev'))?.trim();
			if (partDev) devices[partDev] = {name: part, disk};
		}
	}
	return devices;
}

function netInterfaces(sys: string): Record<string, NetInterface> {
	const interfaces: Record<string, NetInterface> = {};
	for (const name of list(path.join(sys, 'class', 'net'))) {
		const speed = Number(readBoundedOrUndefined(path.join(sys, 'class', 'net', name, 'speed'))?.trim());
		interfaces[name] = {
			speedMbps: Number.isFinite(speed) && speed > 0 ? speed : null,
			virtual: fs.existsSync(path.join(sys, 'devices', 'virtual', 'net', name)),
		};
	}
	return interfaces;
}

export function readHostFacts(sys = '/sys', arch = os.machine()): HostFacts {
	const online = readBoundedOrUndefined(path.join(sys, 'devices', 'system', 'cpu', 'online'));
	return {
		arch,
		cpus: online === undefined ? os.cpus().length : countCpuList(online),
		blockDevices: blockDevices(sys),
		netInterfaces: netInterfaces(sys),
	};
}

export const hostFacts: SamplerFactory = ctx => {
	let sent = false;
	return {
		read() {
			if (sent) return [];
			sent = true;
			return [readingLine('hostfacts', readHostFacts(ctx.sysRoot))];
		},
	};
};
