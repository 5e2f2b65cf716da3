/**
 * The sample header of `perf script` output, as stackcollapse-perf.pl reads it, e.g.
 * `java 12688/12764 [002] 6544038.708352: 10309278 cpu-clock:`. The perl script matches
 * regular expressions; each is a hand-written scan here that finds the same match (the
 * comments give the expression). Strings are one character per byte, as perl sees them.
 */

// perl's \s and \d on byte strings.
export const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;

const SLASH = 47;
const COLON = 58;

export interface SampleHeader {
	/** The process name, as printed (spaces kept). */
	comm: string;
	pid: string;
	/** Undefined when perf printed one number only (`comm TID ...`). */
	tid: string | undefined;
}

/**
 * `^(\S.+?)\s+(\d+)\/*(\d+)*\s+`: a name of two or more characters followed by the PID or
 * PID/TID; undefined when the line is no header.
 */
export function sampleHeader(line: string): SampleHeader | undefined {
	const n = line.length;
	if (n === 0 || isSpace(line.charCodeAt(0))) return undefined;
	for (let end = 2; end < n; end++) {
		// The shortest name wins; inside a run of spaces only its first one can end it.
		if (!isSpace(line.charCodeAt(end)) || (end > 2 && isSpace(line.charCodeAt(end - 1)))) continue;
		let i = end;
		while (i < n && isSpace(line.charCodeAt(i))) i++;
		const pidStart = i;
		while (i < n && isDigit(line.charCodeAt(i))) i++;
		if (i === pidStart) continue;
		const pidEnd = i;
		let tid: string | undefined;
		if (i < n && line.charCodeAt(i) === SLASH) {
			while (i < n && line.charCodeAt(i) === SLASH) i++;
			const tidStart = i;
			while (i < n && isDigit(line.charCodeAt(i))) i++;
			if (i > tidStart) tid = line.slice(tidStart, i);
		}
		if (i < n && isSpace(line.charCodeAt(i))) return {comm: line.slice(0, end), pid: line.slice(pidStart, pidEnd), tid};
	}
	return undefined;
}

export interface SampleEvent {
	event: string;
	/** The sample's weight: perf's period, 1 where none is printed (or it is "0"). */
	period: number;
}

/**
 * The event name and period at the end of a header: `:\s*(\d+)*\s+(\S+):\s*$`, as in
 * `... 6544038.708352: 10309278 cpu-clock:` or `... 7628263.042515: cycles: `.
 */
export function sampleEvent(line: string): SampleEvent | undefined {
	let colon = line.length - 1;
	while (colon >= 0 && isSpace(line.charCodeAt(colon))) colon--;
	if (colon < 1 || line.charCodeAt(colon) !== COLON) return undefined;
	let space = colon - 1;
	while (space >= 0 && !isSpace(line.charCodeAt(space))) space--;
	if (space < 0 || space === colon - 1) return undefined;
	const event = line.slice(space + 1, colon);
	let before = space;
	while (before >= 0 && isSpace(line.charCodeAt(before))) before--;
	if (before < 0) return undefined;
	if (line.charCodeAt(before) === COLON) return {event, period: 1};
	let digits = before;
	while (digits >= 0 && isDigit(line.charCodeAt(digits))) digits--;
	if (digits === before) return undefined;
	let colonBefore = digits;
	while (colonBefore >= 0 && isSpace(line.charCodeAt(colonBefore))) colonBefore--;
	if (colonBefore < 0 || line.charCodeAt(colonBefore) !== COLON) return undefined;
	const period = line.slice(digits + 1, before + 1);
	// perl treats the string "0" as false and counts such a sample once.
	return {event, period: period === '0' ? 1 : Number(period)};
}

export interface NameRules {
	/** `--pid`: `comm-PID`. */
	pid?: boolean;
	/** `--tid`: `comm-PID/TID`. */
	tid?: boolean;
}

/**
 * The root frame of a sample: the process name, with `-PID` or `-PID/TID` appended on
 * request, spaces made underscores. perl takes a TID of "0" (or none) for false and
 * then calls the one number printed the TID and the PID "?".
 */
export function processFrame(header: SampleHeader, rules: NameRules): string {
	const [pid, tid] = header.tid === undefined || header.tid === '0' ? ['?', header.pid] : [header.pid, header.tid];
	const name = rules.tid ? `${header.comm}-${pid}/${tid}` : rules.pid ? `${header.comm}-${pid}` : header.comm;
	return name.includes(' ') ? name.replaceAll(' ', '_') : name;
}
