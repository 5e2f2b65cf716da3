/**
 * When a USE figure is worth a look (warn) and when it is a problem (bad). Documented in
 * the README's USE section; the numbers follow Brendan Gregg's USE method checklists and
 * the usual sysstat readings (mpstat %idle, vmstat r, iostat %util and aqu-sz), chosen so
 * an idle or lightly used machine shows no warnings and a saturated one is unmissable.
 * Each figure is compared as a fraction (0..1) or a per-second rate, as noted.
 */
export type CellState = 'ok' | 'warn' | 'bad' | 'na';

export interface Threshold {
	warn: number;
	bad: number;
	/** What it measures, for the README and the help overlay. */
	what: string;
}

/** `warn` and `bad` are inclusive lower bounds. */
export const THRESHOLDS = {
	cpuBusy: {warn: 0.7, bad: 0.9, what: 'CPU busy share (user+nice+system+irq+softirq+steal of all time)'},
	cpuPsi: {warn: 0.1, bad: 0.4, what: 'PSI cpu "some": share of the interval with a runnable task waiting'},
	/** Runnable tasks beyond the CPU count, per CPU (vmstat r > CPUs). */
	cpuRunnableExcess: {warn: 0.5, bad: 1, what: 'runnable tasks beyond the CPU count, per CPU'},
	runqP99Us: {warn: 2_000, bad: 10_000, what: 'run-queue latency p99 (µs), from the run-queue pane'},
	memoryUsed: {warn: 0.85, bad: 0.95, what: 'memory in use: (MemTotal - MemAvailable) / MemTotal'},
	memoryPsi: {warn: 0.05, bad: 0.2, what: 'PSI memory "some": share of the interval stalled on memory'},
	swapPagesPerSec: {warn: 1, bad: 1000, what: 'pages swapped in + out per second'},
	majorFaultsPerSec: {warn: 100, bad: 1000, what: 'major page faults per second'},
	directScanPerSec: {warn: 1, bad: 10_000, what: 'pages scanned by direct reclaim per second'},
	oomKills: {warn: 1, bad: 1, what: 'OOM kills in the interval'},
	diskBusy: {warn: 0.6, bad: 0.9, what: 'disk busy time (io_ticks, iostat %util)'},
	diskQueue: {warn: 1, bad: 4, what: 'average requests queued or in service (iostat aqu-sz)'},
	ioPsi: {warn: 0.1, bad: 0.4, what: 'PSI io "some", counted on disks that did I/O in the interval'},
	diskErrors: {warn: 1, bad: 1, what: 'I/O errors in the interval (SCSI ioerr_cnt)'},
	linkUsed: {warn: 0.7, bad: 0.9, what: 'the busier direction of an interface, of its link speed'},
	netDropsPerSec: {warn: 1, bad: 100, what: 'packets dropped or FIFO overruns per second'},
	netErrorsPerSec: {warn: 1, bad: 10, what: 'receive/transmit errors (incl. frame, carrier, collisions) per second'},
	tcpRetransShare: {warn: 0.01, bad: 0.05, what: 'TCP segments retransmitted, of segments sent'},
	tcpListenDropsPerSec: {warn: 1, bad: 10, what: 'TCP listen queue overflows + drops per second'},
	tcpErrorsPerSec: {warn: 1, bad: 10, what: 'TCP segments received in error (bad checksum included) per second'},
} satisfies Record<string, Threshold>;

export type ThresholdName = keyof typeof THRESHOLDS;

export function stateOf(value: number | null, threshold: Threshold): CellState {
	if (value === null) return 'na';
	return value >= threshold.bad ? 'bad' : value >= threshold.warn ? 'warn' : 'ok';
}

const RANK: Record<CellState, number> = {na: 0, ok: 1, warn: 2, bad: 3};

/** The worst of several figures' states; n/a only when every figure is. */
export const worstState = (states: readonly CellState[]): CellState =>
	states.reduce<CellState>((worst, s) => (RANK[s] > RANK[worst] ? s : worst), 'na');
