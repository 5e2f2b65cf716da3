/**
 * The sampler contract. A sampler module (collectors/samplers/NAME.ts) exports a
 * factory; the sampler launcher calls `read()` once at start and then once per interval,
 * hands each returned line to the line stream and, after each interval's lines, emits
 * the interval marker. A sampler that reports rates keeps its previous reading itself
 * and emits the computed values, so reducers stay pure per-interval functions. Files are
 * read with source/safety/bounded-read.ts (readBounded, readBoundedOrUndefined).
 */
export interface SamplerContext {
	intervalSec: number;
	/** Where /proc is; tests point it at fixture files. */
	procRoot?: string;
	/** Where /sys is; tests point it at fixture files. */
	sysRoot?: string;
}

export interface Sampler {
	/** The JSON lines of one reading, one object per line ([] when there is nothing to say). */
	read(): string[];
}

export type SamplerFactory = (ctx: SamplerContext) => Sampler;

/** One line of a reading: `{"type": KIND, "data": …}`. */
export const readingLine = (kind: string, data: unknown): string => JSON.stringify({type: kind, data});
