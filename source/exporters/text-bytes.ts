/**
 * Text built piece by piece straight into UTF-8 bytes. A big SVG is millions of short
 * strings; kept in an array until one join, they outlive V8's young generation and are
 * copied by every scavenge (that was most of flame --input's time). Here pieces are
 * concatenated into a short string and encoded every PENDING_CHARS, so they die young,
 * and the result is the bytes the file needs anyway.
 */
const PENDING_CHARS = 1 << 14;
/** The most UTF-8 bytes one UTF-16 code unit becomes. */
const MAX_BYTES_PER_UNIT = 3;

export class TextBytes {
	private buffer: Buffer;
	private used = 0;
	private pending = '';

	constructor(expectedBytes = 1 << 16) {
		this.buffer = Buffer.allocUnsafe(Math.max(1 << 12, expectedBytes));
	}

	add(text: string): void {
		this.pending += text;
		if (this.pending.length >= PENDING_CHARS) this.flush();
	}

	/** Everything added, as UTF-8. */
	bytes(): Buffer {
		this.flush();
		return this.buffer.subarray(0, this.used);
	}

	private flush(): void {
		const room = this.used + this.pending.length * MAX_BYTES_PER_UNIT;
		if (room > this.buffer.length) {
			const bigger = Buffer.allocUnsafe(Math.max(room, this.buffer.length * 2));
			this.buffer.copy(bigger, 0, 0, this.used);
			this.buffer = bigger;
		}
		this.used += this.buffer.write(this.pending, this.used, 'utf8');
		this.pending = '';
	}
}
