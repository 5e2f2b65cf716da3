/**
 * Keeps each collector running, whatever its kind (a bpftrace process, an in-process
 * sampler): starts it, hands its lines on, restarts it with backoff when it ends, and
 * says why in its status. One collector failing never touches the others.
 */
import type {CollectorSpec} from './collector-spec.js';
import type {Launcher, RunningProcess} from './launcher.js';
import type {CollectorStatus} from './collector-status.js';

export interface CollectorEvents {
	line(collectorId: string, line: string): void;
	status(collectorId: string, patch: Partial<CollectorStatus>): void;
}

export interface BackoffPolicy {
	initialMs: number;
	maxMs: number;
	/** A run longer than this counts as healthy and resets the backoff. */
	healthyAfterMs: number;
}

export const defaultBackoff: BackoffPolicy = {initialMs: 1000, maxMs: 30_000, healthyAfterMs: 30_000};

export interface HealthPolicy {
	/** A collector with no output this long after its start is `silent`. */
	silentAfterMs: number;
	/** One whose last interval is this old is `stale`. */
	staleAfterMs: number;
	/** How often both are checked. */
	checkEveryMs: number;
}

/**
 * bpftrace prints its first line (attached probes) within 0.25-0.7 s, a few seconds on a
 * loaded machine: 15 s of nothing is stuck. Stale is 3 intervals, but at least 5 s, as a
 * loaded machine delays a 1 s interval by a second or two.
 */
export const healthFor = (intervalSec: number): HealthPolicy => ({
	silentAfterMs: 15_000,
	staleAfterMs: Math.max(3 * intervalSec * 1000, 5000),
	checkEveryMs: 500,
});

/** An interval marker, as bpftrace's time() prints it and the sampler launcher writes it. */
const INTERVAL_LINE = /^\s*\{\s*"type"\s*:\s*"time"/;

/** stderr lines bpftrace prints on working setups; they are not the reason for anything. */
const NOISE = [/RLIMIT_MEMLOCK/, /^Attaching \d+ probes?/];

interface Slot {
	spec: CollectorSpec;
	process?: RunningProcess;
	startedAt: number;
	backoffMs: number;
	restarts: number;
	restartTimer?: NodeJS.Timeout;
	lastError?: string;
	wanted: boolean;
	/** When the running process printed its first line, and its last interval marker. */
	firstLineAt?: number;
	lastIntervalAt?: number;
	/** The health state last reported, so each change is reported once. */
	health?: 'silent' | 'stale';
}

export class Supervisor {
	private readonly slots = new Map<string, Slot>();
	private stopping = false;
	private healthTimer?: NodeJS.Timeout;

	constructor(
		specs: readonly CollectorSpec[],
		private readonly launch: Launcher,
		private readonly events: CollectorEvents,
		private readonly backoff: BackoffPolicy = defaultBackoff,
		private readonly clock: () => number = Date.now,
		private readonly health?: HealthPolicy,
	) {
		for (const spec of specs) {
			this.slots.set(spec.id, {spec, startedAt: 0, backoffMs: backoff.initialMs, restarts: 0, wanted: !spec.onDemand});
		}
	}

	start(): void {
		for (const slot of this.slots.values()) {
			if (slot.wanted) this.spawn(slot);
			else this.events.status(slot.spec.id, {state: 'idle', message: 'starts when its view is shown'});
		}
		if (this.health) {
			this.healthTimer = setInterval(() => this.checkHealth(), this.health.checkEveryMs);
			this.healthTimer.unref();
		}
	}

	/** Silent and stale collectors, said once per change; a line that arrives again clears it (in spawn's line handler). */
	checkHealth(): void {
		const policy = this.health;
		if (!policy || this.stopping) return;
		const now = this.clock();
		for (const slot of this.slots.values()) {
			if (!slot.process) continue;
			const id = slot.spec.id;
			if (slot.firstLineAt === undefined) {
				const quietMs = now - slot.startedAt;
				if (quietMs >= policy.silentAfterMs && slot.health !== 'silent') {
					slot.health = 'silent';
					const hint = slot.spec.kind === 'bpftrace' ? ' (bpftrace may be stuck compiling or attaching its probes)' : '';
					this.events.status(id, {state: 'silent', message: `no output ${Math.round(quietMs / 1000)} s after start${hint}`});
				}
				continue;
			}
			// A bpftrace collector owes intervals from its first line on; a sampler once it has sent one.
			const since = slot.lastIntervalAt ?? (slot.spec.kind === 'bpftrace' ? slot.firstLineAt : undefined);
			if (since === undefined) continue;
			const quietMs = now - since;
			if (quietMs >= policy.staleAfterMs && slot.health !== 'stale') {
				slot.health = 'stale';
				const last = slot.lastIntervalAt === undefined ? 'none yet' : `last ${Math.round(quietMs / 1000)} s ago`;
				this.events.status(id, {state: 'stale', message: `no interval for ${Math.round(quietMs / 1000)} s (${last}); what is shown is not live`});
			}
		}
	}

	/** Start or stop an on-demand collector as its view opens or closes. */
	setDemand(id: string, wanted: boolean): void {
		const slot = this.slots.get(id);
		if (!slot || slot.wanted === wanted || this.stopping) return;
		slot.wanted = wanted;
		if (wanted) {
			this.spawn(slot);
			return;
		}
		clearTimeout(slot.restartTimer);
		const running = slot.process;
		slot.process = undefined;
		void running?.stop();
		this.events.status(id, {state: 'idle', message: 'starts when its view is shown'});
	}

	/**
	 * Run `spec` (new arguments) in place of the collector with its id: the running process
	 * stops and the new one starts at once, with a fresh backoff. Unknown ids are ignored.
	 */
	replace(spec: CollectorSpec): void {
		const slot = this.slots.get(spec.id);
		if (!slot || this.stopping) return;
		slot.spec = spec;
		slot.backoffMs = this.backoff.initialMs;
		clearTimeout(slot.restartTimer);
		const running = slot.process;
		slot.process = undefined;
		void running?.stop();
		if (slot.wanted) this.spawn(slot);
	}

	async stop(): Promise<void> {
		this.stopping = true;
		clearInterval(this.healthTimer);
		const running: Array<Promise<void>> = [];
		for (const slot of this.slots.values()) {
			clearTimeout(slot.restartTimer);
			if (slot.process) running.push(slot.process.stop());
			slot.process = undefined;
		}
		await Promise.all(running);
	}

	/** SIGKILL every child now: for exit paths that cannot wait. */
	killAll(): void {
		this.stopping = true;
		clearInterval(this.healthTimer);
		for (const slot of this.slots.values()) {
			clearTimeout(slot.restartTimer);
			slot.process?.kill();
		}
	}

	private spawn(slot: Slot): void {
		const id = slot.spec.id;
		slot.startedAt = this.clock();
		slot.lastError = undefined;
		slot.firstLineAt = undefined;
		slot.lastIntervalAt = undefined;
		slot.health = undefined;
		this.events.status(id, {state: 'starting', message: undefined});
		let announced = false;
		const proc = this.launch(slot.spec, {
			line: line => {
				if (slot.process !== proc) return;
				const now = this.clock();
				slot.firstLineAt ??= now;
				if (INTERVAL_LINE.test(line)) slot.lastIntervalAt = now;
				if (!announced || (slot.health && (slot.health === 'silent' || slot.lastIntervalAt === now))) {
					announced = true;
					slot.health = undefined;
					this.events.status(id, {state: 'running', message: undefined});
				}
				this.events.line(id, line);
			},
			stderr: line => {
				if (slot.process !== proc) return;
				const text = line.trim();
				if (text === '' || NOISE.some(re => re.test(text))) return;
				// The first error is the cause; later lines are usually its consequences.
				slot.lastError ??= text;
			},
			exit: (code, signal) => {
				if (slot.process !== proc) return;
				slot.process = undefined;
				this.onExit(slot, code, signal);
			},
		});
		slot.process = proc;
	}

	private onExit(slot: Slot, code: number | null, signal: string | null): void {
		if (this.stopping || !slot.wanted) return;
		const ranMs = this.clock() - slot.startedAt;
		if (ranMs >= this.backoff.healthyAfterMs) slot.backoffMs = this.backoff.initialMs;
		const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
		const why = slot.lastError ? `${slot.lastError} (${how})` : `${slot.spec.kind === 'bpftrace' ? 'bpftrace' : `sampler ${slot.spec.sampler}`} ${how}`;
		const delay = slot.backoffMs;
		slot.backoffMs = Math.min(slot.backoffMs * 2, this.backoff.maxMs);
		slot.restarts++;
		this.events.status(slot.spec.id, {
			state: 'restarting',
			message: `${why}; restarting in ${Math.round(delay / 1000)}s`,
			restarts: slot.restarts,
		});
		slot.restartTimer = setTimeout(() => {
			if (!this.stopping && slot.wanted) this.spawn(slot);
		}, delay);
	}
}
