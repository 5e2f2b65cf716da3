/**
 * Per-pane options: a pane declares its own numeric options (a threshold, a rate); the
 * CLI accepts each one's flag, the values reach the pane's `collectors(filters, options)`
 * and its FinishContext, and a recording's header stores them all, so replay rebuilds
 * panes and collectors from what was recorded, not from this code's defaults.
 */
import type {Filters} from '../../collectors/collector-spec.js';

export interface PaneOption {
	/** Key in the pane's values and in the recording header, e.g. "slowMs". */
	name: string;
	/** Long command-line flag, e.g. "--slow"; must not clash with another flag. */
	flag: string;
	/** One line for --help, e.g. "syscalls slower than this are listed, ms". */
	help: string;
	default: number;
	min: number;
	max: number;
	integer: boolean;
}

/** One pane's option values, by option name. */
export type OptionValues = Readonly<Record<string, number>>;
/** Every pane's option values, by pane id. */
export type PaneOptionValues = Readonly<Record<string, OptionValues>>;

/** Everything a session's panes and collectors are built from; the recording header's `options`. */
export interface SessionOptions extends Filters {
	panes: PaneOptionValues;
}

/** Why `value` is not a valid value of `option`, or undefined when it is. */
export function optionProblem(option: PaneOption, value: number): string | undefined {
	if (!Number.isFinite(value)) return 'expected a number';
	if (option.integer && !Number.isInteger(value)) return 'expected a whole number';
	if (value < option.min || value > option.max) return `expected ${option.min} to ${option.max}`;
	return undefined;
}

/**
 * A pane's values: `given` where given, the defaults elsewhere. Throws (via `fail`) on
 * a given value that is out of range, naming the option.
 */
export function resolveOptions(
	paneId: string,
	options: readonly PaneOption[] | undefined,
	given: OptionValues | undefined,
	fail: (message: string) => Error,
): OptionValues {
	const values: Record<string, number> = {};
	for (const option of options ?? []) {
		const value = given?.[option.name] ?? option.default;
		const problem = optionProblem(option, value);
		if (problem) throw fail(`${option.flag} ${value} (${paneId}.${option.name}): ${problem}`);
		values[option.name] = value;
	}
	return values;
}

/**
 * `value` multiplied by `factor` (a key's `adjust`), kept within the option's range; a
 * whole-number option moves by at least 1 upwards (so 0 can grow) and rounds down
 * downwards (so halving 1 reaches 0).
 */
export function adjustedValue(option: PaneOption, value: number, factor: number): number {
	let next = value * factor;
	if (option.integer) next = factor > 1 ? Math.max(value + 1, Math.round(next)) : Math.floor(next);
	return Math.min(Math.max(next, option.min), option.max);
}
