/**
 * Growable typed arrays for the stack parsers and the flame layout: tables of ids and
 * weights that grow by copying, as a plain array of numbers would cost an object each.
 */

/** A copy of `array` with room for `size` items. */
export const grown = <T extends Int32Array | Float64Array | Uint8Array>(array: T, size: number): T => {
	const bigger = new (array.constructor as new (n: number) => T)(size);
	bigger.set(array);
	return bigger;
};

export const EMPTY_INT32: Int32Array = new Int32Array(0);
export const EMPTY_FLOAT64: Float64Array = new Float64Array(0);
export const EMPTY_BYTES: Uint8Array = new Uint8Array(0);
