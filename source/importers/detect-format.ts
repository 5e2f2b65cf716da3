/**
 * Guesses what a stack file holds from its first few KB: bpftrace output (text or JSON),
 * `perf script` output, or folded stacks. Each has lines the others never print; input
 * with none of them, or that is not text at all, is not guessed at.
 */
import type {InputFormat} from '../command-options/collapse.js';

const BPFTRACE_LINE = /^(?:@\w*[[:]|Attaching \d+ probes?\.\.\.$|\{"type": ?")/;
/** A `perf script` frame, `\tffffffff8103ce3b native_safe_halt ([kernel.kallsyms])`, or its header comments. */
const PERF_LINE = /^(?:\s+[0-9a-f]+ .* \(.*\)$|# ========$|# captured on)/;
/** A perf script sample header: `comm PID [CPU] TIME: N event:` (with or without pid, cpu). */
const PERF_HEADER = /^\S.*\s\d+(?:\/\d+)?\s.*\d+\.\d+:\s/;
/** Its timestamp, looked for first: PERF_HEADER backtracks through every long line without one. */
const PERF_TIME = /\d\.\d+:\s/;
const FOLDED_LINE = /^\S.* \d+(?:\.\d+)?$/;

/** The format the head of an input looks like, or undefined when it looks like none. */
export function detectInputFormat(head: string): InputFormat | undefined {
	// The last line may be cut off mid-way.
	const lines = head.split('\n').slice(0, -1);
	if (lines.length === 0) lines.push(head);
	if (lines.some(line => BPFTRACE_LINE.test(line))) return 'bpftrace';
	if (lines.some(line => PERF_LINE.test(line) || (PERF_TIME.test(line) && PERF_HEADER.test(line)))) return 'perf';
	const first = lines.find(line => line.trim() !== '');
	return first !== undefined && FOLDED_LINE.test(first) ? 'folded' : undefined;
}

/**
 * Why `head` is not text, or undefined when it is: NUL bytes, or more than 1% control
 * bytes other than tab, newline and CR (binary files, /dev/urandom, a core dump).
 */
export function notTextReason(head: Uint8Array): string | undefined {
	if (head.includes(0)) return 'it holds NUL bytes';
	// Counted by a regular expression, which runs as machine code from the start: a loop
	// over the bytes would still be interpreted this early in the process.
	const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1');
	const control = text.match(/[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]/g)?.length ?? 0;
	return control > head.length / 100 ? `${control} control bytes in its first ${head.length}` : undefined;
}
