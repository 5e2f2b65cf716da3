/**
 * Numbers written as the FlameGraph perl scripts write them, so tracetop's output reads
 * the same: printf's `%.Nf` (C rounds an exact tie to even, JavaScript's toFixed rounds
 * it up), and perl's own stringification of a number (`%.15g`). (Counts with thousands
 * separators are written digit by digit: exporters/byte-writer.)
 */

/** `x` with `digits` decimals, as C's printf("%.*f") writes it. */
export function fixed(x: number, digits: number): string {
	// A double is an exact tie at `digits` decimals exactly when x·2^(digits+1) is an odd
	// integer (the tie must be a dyadic rational); there the two neighbours are n and n+1.
	const tie = Math.abs(x) * 2 ** (digits + 1);
	if (tie % 2 !== 1) return x.toFixed(digits);
	const scale = 10 ** digits;
	let n = Math.floor(Math.abs(x) * scale);
	if (n % 2 === 1) n++;
	return (x < 0 ? '-' : '') + (n / scale).toFixed(digits);
}

/**
 * A number as perl prints it (`%.15g`): integers in full, others to 15 significant
 * digits, so 0.1 + 0.2 is 0.3. (Exponent forms, for values below 1e-4 or of 1e15 and
 * more with a fraction, are JavaScript's, which no caller writes.)
 */
export function perlNumber(x: number): string {
	return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(15)));
}
