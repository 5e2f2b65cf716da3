/**
 * Guesses what a stack file holds from its first few KB: bpftrace output (text or JSON),
 * `perf script` output, or folded stacks. Each has lines the others never print.
 */
import type {InputFormat} from '../options.js';

const BPFTRACE_LINE = /^(?:@\w*[[:]|Attaching \d+ probes?\.\.\.$|\{"type": ?")/;
/** A `perf script` frame, `\tffffffff8103ce3b native_safe_halt ([kernel.kallsyms])`, or its header comments. */
const PERF_LINE = /^(?:\s+[0-9a-f]+ .* \(.*\)$|# ========$|# captured on)/;
const FOLDED_LINE = /^\S.* \d+$/;

export function detectInputFormat(head: string): InputFormat {
	// The last line may be cut off mid-way.
	const lines = head.split('\n').slice(0, -1);
	if (lines.length === 0) lines.push(head);
	if (lines.some(line => BPFTRACE_LINE.test(line))) return 'bpftrace';
	if (lines.some(line => PERF_LINE.test(line))) return 'perf';
	const first = lines.find(line => line.trim() !== '');
	return first !== undefined && FOLDED_LINE.test(first) ? 'folded' : 'perf';
}
