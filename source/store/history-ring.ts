/**
 * A bounded history of samples: at most `maxCount` entries and `maxBytes` of their
 * declared weight; the oldest go first. Pure: push returns a new ring, so views holding
 * the old one keep a consistent picture.
 */
export interface Stamped<S> {
	/** ms since the session started */
	t: number;
	sample: S;
	weight: number;
	/** Intervals the sample covers when its collector joined some (bpftrace was late); absent: one. */
	intervals?: number;
}

export interface Ring<S> {
	entries: readonly Stamped<S>[];
	bytes: number;
}

export interface RingLimits {
	maxCount: number;
	maxBytes: number;
}

export const emptyRing = <S>(): Ring<S> => ({entries: [], bytes: 0});

export function pushRing<S>(ring: Ring<S>, entry: Stamped<S>, limits: RingLimits): Ring<S> {
	let drop = 0;
	let bytes = ring.bytes + entry.weight;
	const count = ring.entries.length + 1;
	// Always keep the newest entry, even if it alone is over the byte budget.
	while (drop < ring.entries.length && (count - drop > limits.maxCount || bytes > limits.maxBytes)) {
		bytes -= ring.entries[drop]!.weight;
		drop++;
	}
	return {entries: [...ring.entries.slice(drop), entry], bytes};
}

/**
 * Index of the entry shown at time `at`: the newest at or before it, else the oldest
 * (the pinned one was evicted). -1 for an empty ring.
 */
export function indexAt<S>(ring: Ring<S>, at: number | null): number {
	const n = ring.entries.length;
	if (n === 0) return -1;
	if (at === null) return n - 1;
	for (let i = n - 1; i >= 0; i--) if (ring.entries[i]!.t <= at) return i;
	return 0;
}
