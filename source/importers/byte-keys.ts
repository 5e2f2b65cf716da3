/**
 * Hashing and hash tables for the perf script collapser's hot loop (line-table.ts holds
 * its lines): byte ranges and sequences of integers are hashed and compared in place, so
 * recognising a line or a stack seen before allocates nothing. Open addressing with
 * linear probing, in typed arrays.
 *
 * The tables' growable arrays are set twice before any lookup (empty, then grown in the
 * constructor). V8 takes a field written once for a constant and compiles the hot loop
 * around its value; the first time a table grew, that code was thrown away and compiled
 * again, several times in a run.
 */
import {EMPTY_FLOAT64, EMPTY_INT32, grown} from '../typed-arrays.js';

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

/**
 * Slots for the first `count` entries of `hashes` (slot = entry index + 1, 0 = empty);
 * tables keep twice as many slots as entries, so a probe is short.
 */
export function slotsFor(hashes: Int32Array, count: number, size: number): Int32Array {
	const slots = new Int32Array(size);
	const mask = size - 1;
	for (let entry = 0; entry < count; entry++) {
		let slot = hashes[entry]! & mask;
		while (slots[slot] !== 0) slot = (slot + 1) & mask;
		slots[slot] = entry + 1;
	}
	return slots;
}

/** Sequences of integers (stacks of frame ids) to a summed weight each. */
export class SequenceCounts {
	private slots = EMPTY_INT32;
	private hashes = EMPTY_INT32;
	private starts = EMPTY_INT32;
	private lengths = EMPTY_INT32;
	private weights = EMPTY_FLOAT64;
	private items = EMPTY_INT32;
	private usedItems = 0;
	size = 0;

	constructor() {
		this.growEntries(1 << 11);
		this.items = grown(this.items, 1 << 16);
	}

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

	/** Calls `visit` with each sequence (a view valid during the call), its weight and its entry number (0, 1, ...). */
	forEach(visit: (items: Int32Array, weight: number, entry: number) => void): void {
		for (let entry = 0; entry < this.size; entry++) {
			const at = this.starts[entry]!;
			visit(this.items.subarray(at, at + this.lengths[entry]!), this.weights[entry]!, entry);
		}
	}

	private growEntries(capacity: number): void {
		this.hashes = grown(this.hashes, capacity);
		this.starts = grown(this.starts, capacity);
		this.lengths = grown(this.lengths, capacity);
		this.weights = grown(this.weights, capacity);
		this.slots = slotsFor(this.hashes, this.size, capacity * 2);
	}

	private insert(items: Int32Array, length: number, weight: number, hash: number): void {
		if (this.size === this.hashes.length) this.growEntries(this.size * 2);
		if (this.usedItems + length > this.items.length) this.items = grown(this.items, Math.max(this.items.length * 2, this.usedItems + length));
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
