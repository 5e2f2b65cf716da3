import type {Command} from '../options.js';

export async function runOpen(command: Extract<Command, {name: 'open'}>): Promise<number> {
	throw new Error(`open is not built yet: ${JSON.stringify(command)}`);
}
