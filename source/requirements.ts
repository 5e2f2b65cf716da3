/**
 * Requirements per collector, not per session: what this machine offers for each
 * requirement a collector can declare, which collectors can start, and one line for
 * those that cannot, saying what they need and how to get it. As root, tracefs that is
 * not mounted is mounted at /sys/kernel/tracing first (as trace-cmd's libtracefs does).
 */
import {spawnSync} from 'node:child_process';
import type {CollectorSpec, Requirement} from '../collectors/collector-spec.js';
import {checkBpftrace, checkPrivileges, checkSetpriv, checkTracefs, onPath, tracefsDir, type Check} from './system-checks.js';

/** Per requirement: undefined when this machine meets it, else the failed check (with its fix). */
export type Machine = Readonly<Record<Requirement, Check | undefined>>;

export const everythingMet: Machine = {root: undefined, bpftrace: undefined, tracefs: undefined};

export const TRACEFS_MOUNT_POINT = '/sys/kernel/tracing';

export function probeMachine(): Machine {
	const privileges = checkPrivileges();
	// bpftrace collectors run under setpriv: without it they cannot start either.
	const bpftrace = onPath('bpftrace') ? (onPath('setpriv') ? undefined : checkSetpriv()) : checkBpftrace(undefined);
	const tracefs = checkTracefs();
	// tracefs mounted but root-only is no separate problem for someone who is not root.
	const tracefsProblem = tracefs.ok || (!privileges.ok && /not readable/.test(tracefs.detail)) ? undefined : tracefs;
	return {root: privileges.ok ? undefined : privileges, bpftrace, tracefs: tracefsProblem};
}

export const unmetRequirements = (spec: CollectorSpec, machine: Machine): Requirement[] => spec.requires.filter(r => machine[r] !== undefined);

/** "needs root: run tracetop as root: sudo tracetop", fixes said once each. */
export function needsMessage(missing: readonly Requirement[], machine: Machine): string {
	const fixes = [...new Set(missing.map(r => machine[r]?.fix ?? machine[r]?.detail ?? r))];
	return `needs ${missing.join(', ')}: ${fixes.join('; ')}`;
}

export type MountTracefs = () => {ok: true} | {ok: false; reason: string};

export const mountTracefs: MountTracefs = () => {
	// Node's own spawnSync: the dashboard's start path (the demo too) does not load execa.
	const result = spawnSync('mount', ['-t', 'tracefs', 'nodev', TRACEFS_MOUNT_POINT], {encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'pipe']});
	if (result.status === 0) return {ok: true};
	const reason = String(result.stderr ?? '').trim().split('\n')[0] || `mount exited with code ${result.status}`;
	return {ok: false, reason};
};

/**
 * As root, with tracefs not mounted and a collector that needs it: mount it. Returns the
 * machine as it is afterwards and what to tell the user (the status bar), if anything.
 */
export function ensureTracefs(
	machine: Machine,
	specs: readonly CollectorSpec[],
	mount: MountTracefs = mountTracefs,
	mounted: () => boolean = () => tracefsDir() !== undefined,
): {machine: Machine; notice?: string} {
	const wanted = specs.some(s => s.requires.includes('tracefs'));
	if (!wanted || machine.tracefs === undefined || machine.root !== undefined || machine.tracefs.detail !== 'not mounted') return {machine};
	const result = mount();
	if (result.ok && mounted()) {
		return {machine: {...machine, tracefs: undefined}, notice: `tracefs was not mounted: mounted it at ${TRACEFS_MOUNT_POINT}`};
	}
	const reason = result.ok ? `nothing at ${TRACEFS_MOUNT_POINT}/events after mounting` : result.reason;
	return {
		machine: {
			...machine,
			tracefs: {
				name: 'tracefs',
				ok: false,
				detail: `not mounted, and mounting it failed (${reason})`,
				fix: `mount it where this is allowed (the host, not a container without CAP_SYS_ADMIN): mount -t tracefs nodev ${TRACEFS_MOUNT_POINT}`,
			},
		},
		notice: `could not mount tracefs: ${reason}`,
	};
}
