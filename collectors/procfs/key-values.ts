/**
 * "name value" files: /proc/vmstat (`pgmajfault 1036`) and /proc/meminfo
 * (`MemTotal:       24683584 kB`, the unit in kB where there is one). Lines that do not
 * parse are skipped: both files gain and lose fields between kernel versions.
 */
export function parseKeyValues(text: string): Map<string, number> {
	const values = new Map<string, number>();
	for (const line of text.split('\n')) {
		const match = /^([A-Za-z0-9_()]+):?\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
		if (!match) continue;
		const n = Number(match[2]);
		if (Number.isSafeInteger(n)) values.set(match[1]!, line.trimEnd().endsWith(' kB') ? n * 1024 : n);
	}
	return values;
}
