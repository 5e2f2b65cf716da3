/**
 * The first step of both collector kinds' line parsers: one line of output as a JSON
 * object, or the error the caller counts. Blank lines are no record at all.
 */
export type JsonLine =
	| {kind: 'blank'}
	| {kind: 'object'; value: Record<string, unknown>; trimmed: string}
	| {kind: 'error'; error: string};

export function parseJsonObjectLine(line: string): JsonLine {
	const trimmed = line.trim();
	if (trimmed === '') return {kind: 'blank'};
	let value: unknown;
	try {
		value = JSON.parse(trimmed);
	} catch {
		return {kind: 'error', error: `not JSON: ${trimmed.slice(0, 80)}`};
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return {kind: 'error', error: `not a JSON object: ${trimmed.slice(0, 80)}`};
	}
	return {kind: 'object', value: value as Record<string, unknown>, trimmed};
}
