/**
 * Tables keyed by byte strings and by sequences of integers, for the perf script
 * collapser's hot loop: a lookup hashes and compares bytes in place, so recognising a
 * line or a stack seen before allocates nothing (a Map of strings would need a string per
 * line). Open addressing with linear probing; the caller computes the hash (FNV-1a) as it
 * scans, so each byte is read once.
 */

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/**
 * MurmurHash3 (32-bit) of bytes[start, end): four bytes a step, so the multiply chain is
 * a quarter of a byte-wise hash's (the chain, not the loads, is what costs).
 */
export function hashBytes(bytes: Uint8Array, start: number, end: number, seed: number): number {
	let hash = seed;
	let i = start;
	for (const stop = end - 3; i < stop; i += 4) {
		let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
		k = Math.imul(k, 0xcc9e2d51);
		k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
		hash ^= k;
		hash = (hash << 13) | (hash >>> 19);
		hash = (Math.imul(hash, 5) + 0xe6546b64) | 0;
	}
	if (i < end) {
		let k = bytes[i]!;
		if (i + 1 < end) k |= bytes[i + 1]! << 8;
		if (i + 2 < end) k |= bytes[i + 2]! << 16;
		k = Math.imul(k, 0xcc9e2d51);
		hash ^= Math.imul((k << 15) | (k >>> 17), 0x1b873593);
	}
	hash ^= end - start;
	hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
	hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
	return hash ^ (hash >>> 16);
}

/** Slots are entry index + 1, 0 = empty; the table doubles before it is half full. */
export function grownSlots(oldSlots: Int32Array, hashes: Int32Array, count: number): Int32Array {
	const slots = new Int32Array(oldSlots.length * 2);
	const mask = slots.length - 1;
	for (let entry = 0; entry < count; entry++) {
		let slot = hashes[entry]! & mask;
		while (slots[slot] !== 0) slot = (slot + 1) & mask;
		slots[slot] = entry + 1;
	}
	return slots;
}

export const grown = <T extends Int32Array | Float64Array | Uint8Array>(array: T, size: number): T => {
	const bigger = new (array.constructor as new (n: number) => T)(size);
	bigger.set(array);
	return bigger;
};

/** Sequences of integers (stacks of frame ids) to a summed weight each. */
export class SequenceCounts {
	private slots: Int32Array = new Int32Array(1 << 12);
	private hashes: Int32Array = new Int32Array(1 << 11);
	private starts: Int32Array = new Int32Array(1 << 11);
	private lengths: Int32Array = new Int32Array(1 << 11);
	private weights: Float64Array = new Float64Array(1 << 11);
	private items: Int32Array = new Int32Array(1 << 16);
	private usedItems = 0;
	size = 0;

	/** Adds `weight` to the sequence items[0, length). */
	add(items: Int32Array, length: number, weight: number): void {
		let hash = FNV_OFFSET;
		for (let i = 0; i < length; i++) hash = Math.imul(hash ^ items[i]!, FNV_PRIME);
		const mask = this.slots.length - 1;
		for (let slot = hash & mask, entry = this.slots[slot]! - 1; entry >= 0; slot = (slot + 1) & mask, entry = this.slots[slot]! - 1) {
			if (this.hashes[entry] !== hash || this.lengths[entry] !== length) continue;
			const stored = this.items;
			const at = this.starts[entry]!;
			let i = 0;
			while (i < length && stored[at + i] === items[i]) i++;
			if (i === length) {
				this.weights[entry]! += weight;
				return;
			}
		}
		this.insert(items, length, weight, hash);
	}

	/** Calls `visit` with each sequence (a view valid during the call) and its weight. */
	forEach(visit: (items: Int32Array, weight: number) => void): void {
		for (let entry = 0; entry < this.size; entry++) {
			const at = this.starts[entry]!;
			visit(this.items.subarray(at, at + this.lengths[entry]!), this.weights[entry]!);
		}
	}

	private insert(items: Int32Array, length: number, weight: number, hash: number): void {
		if (this.size === this.hashes.length) {
			const size = this.size * 2;
			this.hashes = grown(this.hashes, size);
			this.starts = grown(this.starts, size);
			this.lengths = grown(this.lengths, size);
			this.weights = grown(this.weights, size);
		}
		if (this.usedItems + length > this.items.length) this.items = grown(this.items, Math.max(this.items.length * 2, this.usedItems + length));
		if ((this.size + 1) * 2 > this.slots.length) this.slots = grownSlots(this.slots, this.hashes, this.size);
		const entry = this.size++;
		this.hashes[entry] = hash;
		this.starts[entry] = this.usedItems;
		this.lengths[entry] = length;
		this.weights[entry] = weight;
		this.items.set(items.subarray(0, length), this.usedItems);
		this.usedItems += length;
		const mask = this.slots.length - 1;
		let slot = hash & mask;
		while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
		this.slots[slot] = entry + 1;
	}
}
