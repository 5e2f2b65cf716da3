/**
 * The sample header of `perf script` output, as stackcollapse-perf.pl reads it, e.g.
 * `java 12688/12764 [002] 6544038.708352: 10309278 cpu-clock:`. The perl script matches
 * regular expressions; each is a hand-written scan here that finds the same match (the
 * comments give the expression), on the line's bytes, as perl reads them.
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

/** Where the fields of a header line are (indexes into its bytes; filled in place, so reading a header allocates nothing). */
export interface HeaderFields {
	commEnd: number;
	pidStart: number;
	pidEnd: number;
	/** tidStart === tidEnd when there is no TID. */
	tidStart: number;
	tidEnd: number;
	/** The space after the numbers, where the match ends: the fields depend on nothing after it. */
	matchEnd: number;
}

export const headerFields = (): HeaderFields => ({commEnd: 0, pidStart: 0, pidEnd: 0, tidStart: 0, tidEnd: 0, matchEnd: 0});

/**
 * `^(\S.+?)\s+(\d+)\/*(\d+)*\s+` on the line bytes[start, end): a name of two or more
 * characters followed by the PID or PID/TID. False when the line is no header.
 */
export function readSampleHeader(bytes: Uint8Array, start: number, end: number, fields: HeaderFields): boolean {
	if (end === start || isSpace(bytes[start]!)) return false;
	for (let at = start + 2; at < end; at++) {
		// The shortest name wins; inside a run of spaces only its first one can end it.
		if (!isSpace(bytes[at]!) || (at > start + 2 && isSpace(bytes[at - 1]!))) continue;
		let i = at;
		while (i < end && isSpace(bytes[i]!)) i++;
		const pidStart = i;
		while (i < end && isDigit(bytes[i]!)) i++;
		if (i === pidStart) continue;
		const pidEnd = i;
		let tidStart = i;
		if (i < end && bytes[i] === SLASH) {
			while (i < end && bytes[i] === SLASH) i++;
			tidStart = i;
			while (i < end && isDigit(bytes[i]!)) i++;
		}
		if (i < end && isSpace(bytes[i]!)) {
			fields.commEnd = at;
			fields.pidStart = pidStart;
			fields.pidEnd = pidEnd;
			fields.tidStart = tidStart;
			fields.tidEnd = tidStart === pidEnd ? pidEnd : i;
			fields.matchEnd = i;
			return true;
		}
	}
	return false;
}

/** Where the event name and the period of a header are; periodStart is -1 when no period is printed. */
export interface EventFields {
	eventStart: number;
	eventEnd: number;
	periodStart: number;
	periodEnd: number;
}

export const eventFields = (): EventFields => ({eventStart: 0, eventEnd: 0, periodStart: -1, periodEnd: -1});

/**
 * The event name and period at the end of a header: `:\s*(\d+)*\s+(\S+):\s*$`, as in
 * `... 6544038.708352: 10309278 cpu-clock:` or `... 7628263.042515: cycles: `. False
 * when the line has none.
 */
export function readSampleEvent(bytes: Uint8Array, start: number, end: number, fields: EventFields): boolean {
	let colon = end - 1;
	while (colon >= start && isSpace(bytes[colon]!)) colon--;
	if (colon < start + 1 || bytes[colon] !== COLON) return false;
	let space = colon - 1;
	while (space >= start && !isSpace(bytes[space]!)) space--;
	if (space < start || space === colon - 1) return false;
	let before = space;
	while (before >= start && isSpace(bytes[before]!)) before--;
	if (before < start) return false;
	fields.eventStart = space + 1;
	fields.eventEnd = colon;
	fields.periodStart = -1;
	if (bytes[before] === COLON) return true;
	let digits = before;
	while (digits >= start && isDigit(bytes[digits]!)) digits--;
	if (digits === before) return false;
	let colonBefore = digits;
	while (colonBefore >= start && isSpace(bytes[colonBefore]!)) colonBefore--;
	if (colonBefore < start || bytes[colonBefore] !== COLON) return false;
	fields.periodStart = digits + 1;
	fields.periodEnd = before + 1;
	return true;
}

/**
 * A sample's weight from the period's digits bytes[start, end): perl takes the string "0"
 * for false and counts such a sample once. Past 2^53 the result is not a safe integer.
 */
export function periodValue(bytes: Uint8Array, start: number, end: number): number {
	if (end - start > 15) return Number(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1'));
	let value = 0;
	for (let i = start; i < end; i++) value = value * 10 + (bytes[i]! - 48);
	return end - start === 1 && value === 0 ? 1 : value;
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
