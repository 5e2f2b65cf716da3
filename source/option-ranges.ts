/**
 * The documented range of every numeric option, in one place: the command line checks
 * what the user typed against it, and a recording's header is checked against the same
 * (a crafted header is as untrusted as a command line).
 */
export interface NumberRange {
	flag: string;
	min: number;
	max: number;
	integer: boolean;
	/** What the number is, for the message: "seconds per sample". */
	what: string;
}

export const RANGES = {
	interval: {flag: '-i', min: 1, max: 3600, integer: true, what: 'seconds per sample'},
	frequency: {flag: '-F', min: 1, max: 10_000, integer: true, what: 'samples per second per CPU; sampling costs CPU on every core'},
	duration: {flag: '-d', min: 0.1, max: 7 * 86_400, integer: false, what: 'seconds to collect'},
	speed: {flag: '--speed', min: 0.01, max: 10_000, integer: false, what: 'replay speed factor'},
	history: {flag: '--history', min: 1, max: 86_400, integer: true, what: 'seconds of history kept'},
} as const satisfies Record<string, NumberRange>;

/** Linux's largest pid_max (2^22): a pid above it cannot exist. */
export const MAX_PID = 4_194_304;

/** Why `value` is outside `range`, or undefined. */
export function rangeProblem(range: NumberRange, value: number): string | undefined {
	const expected = `expected ${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max} (${range.what})`;
	if (!Number.isFinite(value) || (range.integer && !Number.isInteger(value)) || value < range.min || value > range.max) return expected;
	return undefined;
}

/** What a plain decimal number looks like on a command line: no hex, no exponent, no Infinity. */
export const DECIMAL = /^\d+(?:\.\d+)?$/;

/** A comm as the kernel keeps it: 1 to 15 printable characters, not starting with a space. */
export const COMM = /^[\x21-\x7e][\x20-\x7e]{0,14}$/;
