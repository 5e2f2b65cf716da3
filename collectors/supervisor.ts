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
}

export class Supervisor {
	private readonly slots = new Map<string, Slot>();
	private stopping = false;

	constructor(
		specs: readonly CollectorSpec[],
		private readonly launch: Launcher,
		private readonly events: CollectorEvents,
		private readonly backoff: BackoffPolicy = defaultBackoff,
		private readonly clock: () => number = Date.now,
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
		for (const slot of this.slots.values()) {
			clearTimeout(slot.restartTimer);
			slot.process?.kill();
		}
	}

	private spawn(slot: Slot): void {
		const id = slot.spec.id;
		slot.startedAt = this.clock();
		slot.lastError = undefined;
		this.events.status(id, {state: 'starting', message: undefined});
		let announced = false;
		const proc = this.launch(slot.spec, {
			line: line => {
				if (slot.process !== proc) return;
				if (!announced) {
					announced = true;
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
