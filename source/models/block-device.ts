/**
 * Block device numbers as block tracepoints report them, and their names. The
 * tracepoints' `dev` is the kernel's internal dev_t, MKDEV(major, minor) =
 * major << 20 | minor (not the userspace encoding of stat(2)); host facts name devices
 * by "major:minor" as /sys/dev/block does.
 */

export interface DeviceNumber {
	major: number;
	minor: number;
}

/** The part of the host facts that names block devices (structurally HostFacts'). */
export interface BlockDeviceNames {
	blockDevices: Readonly<Record<string, {name: string; disk: string}>>;
}

const MINOR_BITS = 20;
const MINOR_SPAN = 2 ** MINOR_BITS;

/** The kernel's dev_t (a u32) as major and minor; null for what is not one. */
export function decodeDevT(dev: number): DeviceNumber | null {
	if (!Number.isInteger(dev) || dev < 0 || dev >= 2 ** 32) return null;
	return {major: Math.floor(dev / MINOR_SPAN), minor: dev % MINOR_SPAN};
}

/** "254:0", the key host facts and /sys/dev/block use. */
export const deviceKey = (d: DeviceNumber): string => `${d.major}:${d.minor}`;

/** "254:0" → {major: 254, minor: 0}; null for anything else. */
export function parseDeviceKey(key: string): DeviceNumber | null {
	const m = /^(\d{1,10}):(\d{1,10})$/.exec(key);
	if (!m) return null;
	const major = Number(m[1]);
	const minor = Number(m[2]);
	return major < 2 ** 12 && minor < MINOR_SPAN ? {major, minor} : null;
}

/** A device's kernel name ("vda", "sda1"), or its number when the host facts lack it. */
export const blockDeviceName = (host: BlockDeviceNames, key: string): string => host.blockDevices[key]?.name ?? key;
