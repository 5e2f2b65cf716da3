/**
 * What live tracing needs from this machine, checked before anything starts, so a missing
 * piece is one clear line instead of a failing child process. Also feeds `doctor`.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {readBounded, readBoundedOrUndefined} from './safety/bounded-read.js';

export interface Check {
	name: string;
	ok: boolean;
	detail: string;
	/** How to fix it, when not ok. */
	fix?: string;
}

const TRACEFS_DIRS = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'];

/** CAP_SYS_ADMIN (21), CAP_PERFMON (38), CAP_BPF (39) in the effective set. */
function effectiveCaps(): bigint {
	try {
		const status = readBounded('/proc/self/status');
		const hex = /^CapEff:\s*([0-9a-f]+)/m.exec(status)?.[1];
		return hex ? BigInt(`0x${hex}`) : 0n;
	} catch {
		return 0n;
	}
}

const hasCap = (caps: bigint, bit: number): boolean => (caps & (1n << BigInt(bit))) !== 0n;

export function checkPrivileges(): Check {
	const caps = effectiveCaps();
	const root = process.getuid?.() === 0;
	const bpfCaps = hasCap(caps, 21) || (hasCap(caps, 38) && hasCap(caps, 39));
	return {
		name: 'privileges',
		ok: bpfCaps,
		detail: root ? (bpfCaps ? 'root' : 'root without CAP_SYS_ADMIN/CAP_BPF') : bpfCaps ? 'CAP_BPF + CAP_PERFMON' : `uid ${process.getuid?.()}`,
		fix: 'run tracetop as root: sudo tracetop',
	};
}

/** Whether a command is on PATH, without running it (startup checks must be cheap). */
export const onPath = (command: string): boolean =>
	(process.env.PATH ?? '').split(':').some(dir => dir !== '' && fs.existsSync(path.join(dir, command)));

export function bpftraceVersion(): string | undefined {
	try {
		// Node's own spawnSync: the dashboard's start path does not load execa for this.
		const out = spawnSync('bpftrace', ['--version'], {encoding: 'utf8', timeout: 5000});
		return /v?(\d+\.\d+\.\d+)/.exec(String(out.stdout))?.[1];
	} catch {
		return undefined;
	}
}

export function checkBpftrace(version = bpftraceVersion()): Check {
	return {
		name: 'bpftrace',
		ok: version !== undefined,
		detail: version ? `bpftrace ${version}` : onPath('bpftrace') ? 'bpftrace does not run (bpftrace --version failed)' : 'bpftrace not found in PATH',
		fix: 'install it: apt-get install bpftrace (Debian/Ubuntu) or dnf install bpftrace (Fedora/RHEL)',
	};
}

export function tracefsDir(): string | undefined {
	return TRACEFS_DIRS.find(dir => fs.existsSync(`${dir}/events`));
}

/** Where tracefs is mounted, from the mount table: it tells "not mounted" from "not readable by me". */
export function tracefsMounts(mounts = readBoundedOrUndefined('/proc/self/mounts', 16 << 20) ?? ''): string[] {
	return mounts
		.split('\n')
		.map(line => line.split(' '))
		.filter(fields => fields[2] === 'tracefs' || (fields[2] === 'debugfs' && TRACEFS_DIRS.some(dir => dir.startsWith(`${fields[1]}/`))))
		.map(fields => (fields[2] === 'debugfs' ? `${fields[1]}/tracing` : fields[1]!));
}

export function checkTracefs({dir, mounted}: {dir?: string; mounted: string[]} = {dir: tracefsDir(), mounted: tracefsMounts()}): Check {
	if (dir) return {name: 'tracefs', ok: true, detail: `mounted at ${dir}`};
	const where = mounted.find(m => TRACEFS_DIRS.includes(m)) ?? mounted[0];
	if (where) {
		return {
			name: 'tracefs',
			ok: false,
			detail: `mounted at ${where}, but not readable by uid ${process.getuid?.()}`,
			fix: 'run tracetop as root: sudo tracetop (tracefs is root-only)',
		};
	}
	return {name: 'tracefs', ok: false, detail: 'not mounted', fix: 'mount it: mount -t tracefs nodev /sys/kernel/tracing'};
}

export function checkBtf(): Check {
	const ok = fs.existsSync('/sys/kernel/btf/vmlinux');
	return {
		name: 'BTF',
		ok,
		detail: ok ? '/sys/kernel/btf/vmlinux' : 'no kernel BTF (only needed for struct access; tracepoints work without it)',
		fix: 'use a kernel built with CONFIG_DEBUG_INFO_BTF=y',
	};
}

export function checkSetpriv(): Check {
	const found = onPath('setpriv');
	return {
		name: 'setpriv',
		ok: found,
		detail: found ? 'found (collectors die with tracetop)' : 'not found',
		fix: 'install util-linux (setpriv kills bpftrace if tracetop dies)',
	};
}

/** Whether a tracepoint such as "sched:sched_switch" exists on this kernel. */
export function tracepointExists(tracepoint: string): boolean {
	const dir = tracefsDir();
	const [category, name] = tracepoint.split(':');
	return dir !== undefined && category !== undefined && name !== undefined && fs.existsSync(`${dir}/events/${category}/${name}`);
}

export const hostName = (): string => os.hostname();
export const kernelRelease = (): string => os.release();
