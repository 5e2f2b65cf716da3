import {describe, expect, it} from 'vitest';
import {emptyRing, indexAt, pushRing, type Ring, type RingLimits} from '../../source/store/history-ring.js';

const roomy: RingLimits = {maxCount: 1000, maxBytes: 1_000_000};

function fill(ts: readonly number[], limits: RingLimits, weight = 10): Ring<string> {
	let ring = emptyRing<string>();
	for (const t of ts) ring = pushRing(ring, {t, sample: `s${t}`, weight}, limits);
	return ring;
}

describe('pushRing', () => {
	it('appends entries oldest first and sums their weight', () => {
		const ring = fill([1000, 2000, 3000], roomy, 7);
		expect(ring.entries.map(e => e.t)).toEqual([1000, 2000, 3000]);
		expect(ring.entries.map(e => e.sample)).toEqual(['s1000', 's2000', 's3000']);
		expect(ring.bytes).toBe(21);
	});

	it('keeps at most maxCount entries, dropping the oldest', () => {
		const ring = fill([1, 2, 3, 4, 5, 6, 7], {maxCount: 3, maxBytes: 1_000_000});
		expect(ring.entries.map(e => e.t)).toEqual([5, 6, 7]);
		expect(ring.bytes).toBe(30);
	});

	it('keeps the total weight within maxBytes, dropping the oldest', () => {
		let ring = emptyRing<string>();
		const limits = {maxCount: 100, maxBytes: 100};
		for (const [t, weight] of [
			[1, 40],
			[2, 40],
			[3, 10],
			[4, 30],
		] as const) {
			ring = pushRing(ring, {t, sample: String(t), weight}, limits);
			expect(ring.bytes).toBeLessThanOrEqual(100);
		}
		// 40+40+10+30 = 120 > 100: the oldest (40) goes, leaving 80.
		expect(ring.entries.map(e => e.t)).toEqual([2, 3, 4]);
		expect(ring.bytes).toBe(80);
	});

	it('keeps the newest entry even when it alone is over the byte budget', () => {
		let ring = fill([1, 2, 3], {maxCount: 100, maxBytes: 100});
		ring = pushRing(ring, {t: 4, sample: 'huge', weight: 500}, {maxCount: 100, maxBytes: 100});
		expect(ring.entries.map(e => e.sample)).toEqual(['huge']);
		expect(ring.bytes).toBe(500);
		// The next entry then pushes the oversized one out.
		ring = pushRing(ring, {t: 5, sample: 'small', weight: 10}, {maxCount: 100, maxBytes: 100});
		expect(ring.entries.map(e => e.sample)).toEqual(['small']);
		expect(ring.bytes).toBe(10);
	});

	it('keeps the byte count equal to the sum of the weights it holds', () => {
		let ring = emptyRing<number>();
		const limits = {maxCount: 5, maxBytes: 60};
		for (let t = 0; t < 50; t++) {
			ring = pushRing(ring, {t, sample: t, weight: (t * 7) % 23}, limits);
			expect(ring.bytes).toBe(ring.entries.reduce((n, e) => n + e.weight, 0));
			expect(ring.entries.length).toBeLessThanOrEqual(5);
			expect(ring.entries.at(-1)!.t).toBe(t);
		}
	});

	it('returns a new ring and leaves the old one as it was', () => {
		const before = fill([1, 2], {maxCount: 2, maxBytes: 1000});
		const after = pushRing(before, {t: 3, sample: 's3', weight: 10}, {maxCount: 2, maxBytes: 1000});
		expect(after).not.toBe(before);
		expect(before.entries.map(e => e.t)).toEqual([1, 2]);
		expect(before.bytes).toBe(20);
		expect(after.entries.map(e => e.t)).toEqual([2, 3]);
	});
});

describe('indexAt', () => {
	const ring = fill([1000, 2000, 3000, 4000], roomy);

	it('is -1 for an empty ring, whatever the time', () => {
		expect(indexAt(emptyRing(), null)).toBe(-1);
		expect(indexAt(emptyRing(), 5)).toBe(-1);
	});

	it('is the newest entry when following live (null)', () => {
		expect(indexAt(ring, null)).toBe(3);
	});

	it('is the entry stamped exactly at the time asked for', () => {
		expect(indexAt(ring, 1000)).toBe(0);
		expect(indexAt(ring, 3000)).toBe(2);
	});

	it('is the newest entry at or before a time between entries', () => {
		expect(indexAt(ring, 2500)).toBe(1);
		expect(indexAt(ring, 3999)).toBe(2);
	});

	it('is the newest entry for a time after all entries', () => {
		expect(indexAt(ring, 99_000)).toBe(3);
	});

	it('is the oldest entry when the pinned one was evicted (time before all entries)', () => {
		const evicted = fill([1000, 2000, 3000, 4000, 5000], {maxCount: 3, maxBytes: 1_000_000});
		expect(evicted.entries[0]!.t).toBe(3000);
		expect(indexAt(evicted, 1000)).toBe(0);
		expect(indexAt(evicted, -5)).toBe(0);
	});
});
