/**
 * Real block devices for the block I/O integration tests: /proc/diskstats, the disk a
 * file lives on, and a slow device made of a loop device whose direct I/O to its backing
 * file is throttled by a blkio cgroup (cgroup v1 blkio.throttle or v2 io.max).
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface DiskCounts {
	reads: number;
	writes: number;
	readSectors: number;
	writeSectors: number;
}

/** One disk's completed reads and writes from /proc/diskstats (flushes and discards are counted apart there too). */
export function diskCounts(name: string): DiskCounts {
	for (const line of fs.readFileSync('/proc/diskstats', 'utf8').split('\n')) {
		const f = line.trim().split(/\s+/);
		if (f[2] === name) return {reads: Number(f[3]), readSectors: Number(f[5]), writes: Number(f[7]), writeSectors: Number(f[9])};
	}
	throw new Error(`${name} is not in /proc/diskstats`);
}

/** "major:minor" of a stat(2) st_dev (glibc's gnu_dev_major/minor). */
export function devKeyOf(stDev: number): string {
	const dev = BigInt(stDev);
	const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
	const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
	return `${major}:${minor}`;
}

/** The whole disk holding `file`: its name and "major:minor" (a partition's parent disk). */
export function diskOf(file: string): {name: string; key: string} {
	const sys = fs.realpathSync(`/sys/dev/block/${devKeyOf(fs.statSync(file).dev)}`);
	const disk = fs.existsSync(path.join(sys, 'partition')) ? path.dirname(sys) : sys;
	return {name: path.basename(disk), key: fs.readFileSync(path.join(disk, 'dev'), 'utf8').trim()};
}

const has = (cmd: string): boolean => {
	try {
		execFileSync('sh', ['-c', `command -v ${cmd}`], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
};

export interface SlowDevice {
	/** /dev/loopN */
	device: string;
	/** "7:N" */
	key: string;
	/** Runs a shell command inside the throttled cgroup. */
	run(command: string): string;
	remove(): void;
}

const V1 = '/sys/fs/cgroup/blkio';
const V2 = '/sys/fs/cgroup';

/**
 * Why a slow device cannot be made here (undefined when it can). dm-delay would be the
 * obvious choice; kernels without device-mapper (like this project's test machine) have
 * loop devices and blkio throttling instead.
 */
export function slowDeviceMissing(): string | undefined {
	if (!has('losetup')) return 'losetup not installed';
	if (!fs.existsSync('/dev/loop-control')) return 'no loop device support';
	const v1 = fs.existsSync(path.join(V1, 'blkio.throttle.write_iops_device'));
	const v2 = fs.existsSync(path.join(V2, 'cgroup.controllers')) && fs.readFileSync(path.join(V2, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('io');
	if (!v1 && !v2) return 'no blkio throttling (cgroup v1 blkio.throttle or v2 io.max)';
	return undefined;
}

/**
 * A loop device on a file in `dir` with direct I/O to its backing file, and a cgroup in
 * which writes to the backing disk are throttled to `iops`: each write to the loop device
 * then waits about 1/iops s in the device, as on a slow disk.
 */
export function makeSlowDevice(dir: string, iops: number): SlowDevice {
	const image = path.join(dir, 'slow.img');
	fs.writeFileSync(image, '');
	fs.truncateSync(image, 16 << 20);
	const device = execFileSync('losetup', ['--find', '--show', '--direct-io=on', image], {encoding: 'utf8'}).trim();
	const key = fs.readFileSync(`/sys/block/${path.basename(device)}/dev`, 'utf8').trim();
	const backing = diskOf(image).key;
	const v1 = fs.existsSync(path.join(V1, 'blkio.throttle.write_iops_device'));
	const cgroup = path.join(v1 ? V1 : V2, `tracetop-test-${process.pid}`);
	fs.mkdirSync(cgroup);
	if (v1) fs.writeFileSync(path.join(cgroup, 'blkio.throttle.write_iops_device'), `${backing} ${iops}`);
	else fs.writeFileSync(path.join(cgroup, 'io.max'), `${backing} wiops=${iops}`);
	return {
		device,
		key,
		run: command =>
			execFileSync('sh', ['-c', `echo $$ > ${cgroup}/cgroup.procs && ${command}`], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']}),
		remove() {
			execFileSync('losetup', ['-d', device]);
			fs.rmdirSync(cgroup);
			fs.rmSync(image, {force: true});
		},
	};
}
