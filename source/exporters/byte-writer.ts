/**
 * Output built straight as bytes: constant pieces copied, numbers written digit by digit,
 * text encoded once. A big SVG is tens of thousands of frames of a dozen pieces each;
 * built as strings they cost a string per piece, a rope per frame and an encoding pass
 * at the end, which was most of flame --input's time. Here a frame costs no allocation.
 */

/** The most UTF-8 bytes one UTF-16 code unit becomes. */
const MAX_BYTES_PER_UNIT = 3;
const ZERO = 0x30;
const DOT = 0x2e;
const COMMA = 0x2c;

export class ByteWriter {
	private buffer: Buffer;
	private used = 0;

	constructor(expectedBytes = 1 << 16) {
		this.buffer = Buffer.allocUnsafe(Math.max(1 << 12, expectedBytes));
	}

	/** Bytes made once (constants, cached names). */
	bytes(bytes: Uint8Array): void {
		this.room(bytes.length);
		this.buffer.set(bytes, this.used);
		this.used += bytes.length;
	}

	/** Text encoded as UTF-8. */
	text(text: string): void {
		this.room(text.length * MAX_BYTES_PER_UNIT);
		this.used += this.buffer.write(text, this.used, 'utf8');
	}

	/** A whole number from 0 to 2^53, optionally with thousands separators. */
	uint(n: number, thousands = false): void {
		let digits = 1;
		for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
		const commas = thousands ? Math.floor((digits - 1) / 3) : 0;
		this.room(digits + commas);
		const buffer = this.buffer;
		let at = this.used + digits + commas;
		this.used = at;
		let rest = n;
		for (let i = 0; i < digits; i++) {
			if (commas > 0 && i > 0 && i % 3 === 0) buffer[--at] = COMMA;
			const next = Math.floor(rest / 10);
			buffer[--at] = ZERO + (rest - next * 10);
			rest = next;
		}
	}

	/** `scaled` / 10^digits with `digits` decimals (scaled a whole number ≥ 0). */
	decimal(scaled: number, digits: 1 | 2): void {
		const scale = digits === 1 ? 10 : 100;
		const whole = Math.floor(scaled / scale);
		const fraction = scaled - whole * scale;
		this.uint(whole);
		this.room(3);
		const buffer = this.buffer;
		buffer[this.used++] = DOT;
		if (digits === 2) buffer[this.used++] = ZERO + Math.floor(fraction / 10);
		buffer[this.used++] = ZERO + (fraction % 10);
	}

	/** Everything written. */
	result(): Buffer {
		return this.buffer.subarray(0, this.used);
	}

	private room(n: number): void {
		if (this.used + n <= this.buffer.length) return;
		const bigger = Buffer.allocUnsafe(Math.max(this.used + n, this.buffer.length * 2));
		this.buffer.copy(bigger, 0, 0, this.used);
		this.buffer = bigger;
	}
}

/** ASCII or UTF-8 text as bytes, for constants. */
export const bytesOf = (text: string): Buffer => Buffer.from(text, 'utf8');
