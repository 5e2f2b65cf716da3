import type {Command} from '../options.js';

export async function runFlame(command: Extract<Command, {name: 'flame'}>): Promise<number> {
	throw new Error(`flame is not built yet: ${JSON.stringify(command)}`);
}
