import type {Command} from '../options.js';

export async function runCollapse(command: Extract<Command, {name: 'collapse'}>): Promise<number> {
	throw new Error(`collapse is not built yet: ${JSON.stringify(command)}`);
}
