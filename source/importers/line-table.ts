/**
 * The distinct lines of a byte stream, each with the lines that followed it last. A
 * `perf script` capture is mostly the same few thousand stack lines in the same orders
 * (a caller follows its callee sample after sample), so the line after a known one is
 * usually one of the two that followed it before: checking those with one native compare
 * each costs no JavaScript per byte, where hashing and comparing a line byte by byte costs
 * it twice. Lines are found by hash (open addressing) when the guess fails. Growable
 * arrays are set twice before use, as in byte-keys.ts.
 */
import {EMPTY_BYTES, EMPTY_INT32, grown} from '../typed-arrays.js';
import {slotsFor} from './byte-keys.js';

const NEWLINE = 10;

export class LineTable {
	private slots = EMPTY_INT32;
	private hashes = EMPTY_INT32;
	private starts = EMPTY_INT32;
	private lengths = EMPTY_INT32;
	private tags = EMPTY_BYTES;
	/** What the caller keeps for each entry (a typed array: entries of different tags interleave, which would make a plain array sparse). */
	private values = EMPTY_INT32;
	/** The entries that followed each entry, the latest first; -1 for none. */
	private next = EMPTY_INT32;
	private bytes: Buffer = Buffer.alloc(0);
	private view: DataView = new DataView(new ArrayBuffer(0));
	private usedBytes = 0;
	size = 0;

	constructor(
		/** Entries and bytes kept at most: past them `add` refuses, so memory stays bounded whatever the input. */
		private readonly maxEntries: number,
		private readonly maxBytes: number,
	) {
		this.growEntries(1 << 11);
		this.growBytes(1 << 16);
	}

	/** The entry for line[start, end) with `tag`, or -1. `view` is a DataView of `line`. */
	find(line: Buffer, view: DataView, start: number, end: number, tag: number, hash: number): number {
		const mask = this.slots.length - 1;
		const length = end - start;
		for (let slot = hash & mask, entry = this.slots[slot]! - 1; entry >= 0; slot = (slot + 1) & mask, entry = this.slots[slot]! - 1) {
			if (this.hashes[entry] === hash && this.lengths[entry] === length && this.tags[entry] === tag && this.same(entry, line, view, start, length)) return entry;
		}
		return -1;
	}

	/** The value `entry` was added with. */
	value(entry: number): number {
		return this.values[entry]!;
	}

	/** The length of `entry`'s line. */
	length(entry: number): number {
		return this.lengths[entry]!;
	}

	/** Adds a line `find` did not find, with the caller's value for it; returns its entry, or -1 when the table is full. */
	add(line: Buffer, start: number, end: number, tag: number, hash: number, value: number): number {
		const length = end - start;
		if (this.size >= this.maxEntries || this.usedBytes + length > this.maxBytes) return -1;
		if (this.size === this.hashes.length) this.growEntries(this.size * 2);
		if (this.usedBytes + length > this.bytes.length) this.growBytes(Math.max(this.bytes.length * 2, this.usedBytes + length));
		const entry = this.size++;
		this.hashes[entry] = hash;
		this.starts[entry] = this.usedBytes;
		this.lengths[entry] = length;
		this.tags[entry] = tag;
		this.values[entry] = value;
		this.next[entry * 2] = -1;
		this.next[entry * 2 + 1] = -1;
		// A plain view: Buffer's own subarray costs more than the copy while it is still interpreted.
		this.bytes.set(new Uint8Array(line.buffer, line.byteOffset + start, length), this.usedBytes);
		this.usedBytes += length;
		const mask = this.slots.length - 1;
		let slot = hash & mask;
		while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
		this.slots[slot] = entry + 1;
		return entry;
	}

	/**
	 * The entry that follows `previous` if the bytes at `at` are one of the lines that
	 * followed it before (and a newline), else -1. `view` is a DataView of `bytes`.
	 */
	guess(previous: number, bytes: Buffer, view: DataView, at: number): number {
		for (let i = previous * 2, stop = i + 2; i < stop; i++) {
			const entry = this.next[i]!;
			if (entry < 0) return -1;
			const length = this.lengths[entry]!;
			if (bytes[at + length] === NEWLINE && this.same(entry, bytes, view, at, length)) return entry;
		}
		return -1;
	}

	/** Whether bytes[at, at + length) are entry's, compared four at a time: a native compare costs more than reading a line. */
	private same(entry: number, bytes: Buffer, view: DataView, at: number, length: number): boolean {
		const stored = this.view;
		const start = this.starts[entry]!;
		let i = 0;
		for (; i + 4 <= length; i += 4) if (view.getInt32(at + i, true) !== stored.getInt32(start + i, true)) return false;
		for (; i < length; i++) if (bytes[at + i] !== this.bytes[start + i]) return false;
		return true;
	}

	/** `entry` followed `previous`. */
	follow(previous: number, entry: number): void {
		const at = previous * 2;
		if (this.next[at] === entry) return;
		this.next[at + 1] = this.next[at]!;
		this.next[at] = entry;
	}

	private growEntries(capacity: number): void {
		this.hashes = grown(this.hashes, capacity);
		this.starts = grown(this.starts, capacity);
		this.lengths = grown(this.lengths, capacity);
		this.tags = grown(this.tags, capacity);
		this.values = grown(this.values, capacity);
		this.next = grown(this.next, capacity * 2);
		this.slots = slotsFor(this.hashes, this.size, capacity * 2);
	}

	private growBytes(capacity: number): void {
		const bytes = Buffer.allocUnsafe(capacity);
		this.bytes.copy(bytes, 0, 0, this.usedBytes);
		this.bytes = bytes;
		this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
	}
}
