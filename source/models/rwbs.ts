/**
 * The direction of a block request from its `rwbs` string, as blktrace and the block
 * tracepoints write it (blk_fill_rwbs): an optional leading F (preflush), the operation
 * (W write, R read, D discard, DE secure erase, F flush, N other such as write-zeroes),
 * then flags (F FUA, A readahead, S sync, M metadata). "FWS" is a write with a preflush,
 * "WFS" a write with FUA, "FF" and "F" flushes.
 */

export type Direction = 'read' | 'write' | 'flush' | 'discard' | 'other';

export const DIRECTIONS: readonly Direction[] = ['read', 'write', 'flush', 'discard', 'other'];

const OPS: Readonly<Record<string, Direction>> = {R: 'read', W: 'write', D: 'discard', F: 'flush', N: 'other'};

export function classifyRwbs(rwbs: string): Direction {
	const first = rwbs[0];
	const second = rwbs[1];
	// A leading F is the preflush flag when an operation letter follows it.
	const op = first === 'F' && second !== undefined && second in OPS ? second : first;
	return (op !== undefined && OPS[op]) || 'other';
}
