/**
 * The distinct lines of a byte stream, each with the lines that followed it last. A
 * `perf script` capture is mostly the same few thousand stack lines in the same orders
 * (a caller follows its callee sample after sample), so the line after a known one is
 * usually one of the two that followed it before: checking those with one native compare
 * each costs no JavaScript per byte, where hashing and comparing a line byte by byte costs
 * it twice. Lines are found by hash (open addressing) when the guess fails.
 */
import {grown, grownSlots} from './byte-keys.js';

const NEWLINE = 10;

export class LineTable {
	private slots: Int32Array = new Int32Array(1 << 12);
	private hashes: Int32Array = new Int32Array(1 << 11);
	private starts: Int32Array = new Int32Array(1 << 11);
	private lengths: Int32Array = new Int32Array(1 << 11);
	private tags: Uint8Array = new Uint8Array(1 << 11);
	/** The entries that followed each entry, the latest first; -1 for none. */
	private next: Int32Array = new Int32Array(1 << 12).fill(-1);
	private bytes = Buffer.allocUnsafe(1 << 16);
	private usedBytes = 0;
	size = 0;

	constructor(
		/** Entries and bytes kept at most: past them `add` refuses, so memory stays bounded whatever the input. */
		private readonly maxEntries: number,
		private readonly maxBytes: number,
	) {}

	/** The entry for line[start, end) with `tag`, or -1. */
	find(line: Buffer, start: number, end: number, tag: number, hash: number): number {
		const mask = this.slots.length - 1;
		const length = end - start;
		for (let slot = hash & mask, entry = this.slots[slot]! - 1; entry >= 0; slot = (slot + 1) & mask, entry = this.slots[slot]! - 1) {
			if (this.hashes[entry] !== hash || this.lengths[entry] !== length || this.tags[entry] !== tag) continue;
			const at = this.starts[entry]!;
			if (line.compare(this.bytes, at, at + length, start, end) === 0) return entry;
		}
		return -1;
	}

	/** Adds a line `find` did not find; returns its entry, or -1 when the table is full. */
	add(line: Buffer, start: number, end: number, tag: number, hash: number): number {
		const length = end - start;
		if (this.size >= this.maxEntries || this.usedBytes + length > this.maxBytes) return -1;
		if (this.size === this.hashes.length) {
			const size = this.size * 2;
			this.hashes = grown(this.hashes, size);
			this.starts = grown(this.starts, size);
			this.lengths = grown(this.lengths, size);
			this.tags = grown(this.tags, size);
			this.next = grown(this.next, size * 2).fill(-1, this.size * 2);
		}
		if (this.usedBytes + length > this.bytes.length) {
			const bytes = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.usedBytes + length));
			this.bytes.copy(bytes, 0, 0, this.usedBytes);
			this.bytes = bytes;
		}
		const entry = this.size++;
		this.hashes[entry] = hash;
		this.starts[entry] = this.usedBytes;
		this.lengths[entry] = length;
		this.tags[entry] = tag;
		this.bytes.set(line.subarray(start, end), this.usedBytes);
		this.usedBytes += length;
		if (this.size * 2 > this.slots.length) {
			this.slots = grownSlots(this.slots, this.hashes, this.size);
		} else {
			const mask = this.slots.length - 1;
			let slot = hash & mask;
			while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
			this.slots[slot] = entry + 1;
		}
		return entry;
	}

	/**
	 * The entry that follows `previous` if the bytes at `at` are one of the lines that
	 * followed it before, else -1. `matchEnd` then is where that line's newline is.
	 */
	guess(previous: number, bytes: Buffer, at: number): number {
		for (let i = previous * 2, stop = i + 2; i < stop; i++) {
			const entry = this.next[i]!;
			if (entry < 0) return -1;
			const length = this.lengths[entry]!;
			const start = this.starts[entry]!;
			if (bytes[at + length] === NEWLINE && bytes.compare(this.bytes, start, start + length, at, at + length) === 0) {
				this.matchEnd = at + length;
				return entry;
			}
		}
		return -1;
	}

	matchEnd = 0;

	/** `entry` followed `previous`. */
	follow(previous: number, entry: number): void {
		const at = previous * 2;
		if (this.next[at] === entry) return;
		this.next[at + 1] = this.next[at]!;
		this.next[at] = entry;
	}
}
