/**
 * Runs sampler collectors in process: no child, a timer. At start the sampler reads
 * once (host facts, a baseline for rates); then every interval it reads and the
 * launcher emits the interval marker after its lines, exactly as bpftrace's `time()`
 * prints it, so reducers close intervals the same way for both kinds. A sampler that
 * throws "exits" with its error, and the supervisor restarts it with backoff.
 */
import type {SamplerSpec} from './collector-spec.js';
import type {Launcher} from './launcher.js';
import {samplers as defaultSamplers} from './samplers/registry.js';
import type {SamplerContext, SamplerFactory} from './samplers/sampler.js';

/** bpftrace's `time()` default: local "%H:%M:%S\n". */
export const timeMarker = (now: Date): string => JSON.stringify({type: 'time', data: `${now.toTimeString().slice(0, 8)}\n`});

export function samplerLauncher(
	ctx: SamplerContext,
	factories: Readonly<Record<string, SamplerFactory>> = defaultSamplers,
	now: () => Date = () => new Date(),
): Launcher<SamplerSpec> {
	return (spec, handlers) => {
		let timer: NodeJS.Timeout | undefined;
		let first: NodeJS.Timeout | undefined;
		let sampler: ReturnType<SamplerFactory> | undefined;
		let running = true;
		const end = (code: number | null, signal: string | null) => {
			if (!running) return;
			running = false;
			clearInterval(timer);
			clearTimeout(first);
			handlers.exit(code, signal);
		};
		const read = (marker: boolean) => {
			try {
				const factory = factories[spec.sampler];
				if (!factory) throw new Error(`no sampler named '${spec.sampler}'`);
				sampler ??= factory(ctx);
				const lines = sampler.read();
				if (!running) return;
				for (const line of lines) handlers.line(line);
				if (marker) handlers.line(timeMarker(now()));
			} catch (error) {
				handlers.stderr(`sampler ${spec.sampler}: ${error instanceof Error ? error.message : String(error)}`);
				end(1, null);
			}
		};
		// Not synchronously: the supervisor learns of this run when the launcher returns.
		first = setTimeout(() => {
			read(false);
			if (running) timer = setInterval(() => read(true), ctx.intervalSec * 1000);
		}, 0);
		return {
			pid: undefined,
			async stop() {
				end(0, null);
			},
			kill() {
				end(0, null);
			},
		};
	};
}
