/**
 * What panes need to name things on the machine that produced the data: architecture,
 * CPU count, block devices by number and network interfaces. Read once at start by the
 * host-facts sampler and recorded like any collector's lines, so a replay names the
 * recorded machine's disks, not the local ones. Parsed here from untrusted data.
 */

export interface BlockDevice {
	/** Kernel name, e.g. "sda1". */
	name: string;
	/** The whole disk the device belongs to: itself for a disk, its disk for a partition. */
	disk: string;
}

export interface NetInterface {
	/** Link speed, Mbit/s; null when the kernel does not know (virtual, down). */
	speedMbps: number | null;
	/** A software device (loopback, bridge, tunnel …), not a NIC. */
	virtual: boolean;
}

export interface HostFacts {
	/** As `uname -m`, e.g. "x86_64"; "unknown" for recordings without host facts. */
	arch: string;
	/** Online CPUs; 0 when unknown. */
	cpus: number;
	/** By "major:minor", as block tracepoints report devices. */
	blockDevices: Readonly<Record<string, BlockDevice>>;
	/** By interface name. */
	netInterfaces: Readonly<Record<string, NetInterface>>;
}

/** Before host facts arrive, and for recordings made without them. */
export const unknownHost: HostFacts = {arch: 'unknown', cpus: 0, blockDevices: {}, netInterfaces: {}};

/** Far more than any machine has; bounds what a hostile recording can make us hold. */
const MAX_ENTRIES = 4096;
const MAX_NAME = 64;
const DEVICE_NUMBER = /^\d{1,10}:\d{1,10}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const name = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= MAX_NAME ? v : undefined);

function entries<T>(value: unknown, keyOk: (k: string) => boolean, convert: (v: unknown) => T | undefined): Record<string, T> {
	const out: Record<string, T> = {};
	if (!isObject(value)) return out;
	let n = 0;
	for (const [key, v] of Object.entries(value)) {
		if (n >= MAX_ENTRIES) break;
		const converted = keyOk(key) ? convert(v) : undefined;
		if (converted === undefined) continue;
		out[key] = converted;
		n++;
	}
	return out;
}

/** Host facts from a `hostfacts` reading's data; what is malformed is left out. */
export function parseHostFacts(data: unknown): HostFacts {
	if (!isObject(data)) return unknownHost;
	const cpus = typeof data.cpus === 'number' && Number.isInteger(data.cpus) && data.cpus >= 0 && data.cpus <= 65536 ? data.cpus : 0;
	return {
		arch: name(data.arch) ?? 'unknown',
		cpus,
		blockDevices: entries(data.blockDevices, k => DEVICE_NUMBER.test(k), v => {
			if (!isObject(v)) return undefined;
			const n = name(v.name);
			return n === undefined ? undefined : {name: n, disk: name(v.disk) ?? n};
		}),
		netInterfaces: entries(data.netInterfaces, k => name(k) !== undefined, v => {
			if (!isObject(v)) return undefined;
			const speed = typeof v.speedMbps === 'number' && Number.isFinite(v.speedMbps) && v.speedMbps > 0 ? v.speedMbps : null;
			return {speedMbps: speed, virtual: v.virtual === true};
		}),
	};
}

/** A device's name by its number ("8:1" → "sda1"), or the number itself when unknown. */
export const deviceName = (host: HostFacts, dev: string): string => host.blockDevices[dev]?.name ?? dev;
