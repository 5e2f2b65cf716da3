/**
 * What every command's option parser shares around node's util.parseArgs: a negative
 * number after a flag that takes a value is that value (parseArgs reads `-p -1` as two
 * options), and parseArgs' errors become one line naming the option.
 */
import {UsageError} from '../errors.js';

type OptionTable = Readonly<Record<string, {readonly type: 'string' | 'boolean'; readonly short?: string}>>;

export function joinNegativeValues(argv: readonly string[], options: OptionTable): string[] {
	const longName = new Map<string, string>();
	for (const [name, option] of Object.entries(options)) {
		if (option.type !== 'string') continue;
		longName.set(`--${name}`, name);
		if (option.short) longName.set(`-${option.short}`, name);
	}
	const out: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const next = argv[i + 1];
		const name = longName.get(arg);
		if (name !== undefined && next !== undefined && /^-\d/.test(next)) {
			out.push(`--${name}=${next}`);
			i++;
		} else out.push(arg);
	}
	return out;
}

/** parseArgs' error as one line: `unknown option '--x'` (`prefix` names the command). */
export function usageErrorOf(error: unknown, prefix: string, help: string): UsageError {
	const text = error instanceof Error ? error.message.split('\n')[0]! : String(error);
	return new UsageError(`${prefix}${text.replace(/^Unknown option/, 'unknown option').replace(/\. To specify.*$/, '')} (see ${help})`);
}
