/**
 * The USE matrix: one row per resource (CPU, each CPU with `perCpu`, memory, each disk,
 * each network interface, TCP), three cells per row (utilization, saturation, errors),
 * each with a short text, a state from THRESHOLDS, the figures behind it, a history for
 * its sparkline and the pane that explains it (Enter).
 *
 * Folded away by default (`all` shows them): virtual network interfaces (loopback,
 * bridges, veth, ifb …) and virtual block devices (loop, zram, dm …) that did no I/O in
 * the interval. Physical disks and interfaces are always shown.
 */
import {cpuFigures, cpuSaturation, diskFigures, memoryFigures, netFigures, tcpFigures, type PsiFigures} from './use-figures.js';
import {formatMicros} from './format-units.js';
import type {UseSample} from './use-sample.js';
import {stateOf, worstState, THRESHOLDS, type CellState} from './use-thresholds.js';

export const USE_COLUMNS = ['utilization', 'saturation', 'errors'] as const;
export type UseColumn = (typeof USE_COLUMNS)[number];

/** Orders of the matrix rows, cycled by `s`: by resource kind, or the worst state first. */
export const USE_SORTS = ['resource', 'worst'];

/** Where Enter goes from a cell: a pane, with a filter and toggles where one applies. */
export interface JumpTarget {
	pane: string;
	filter?: string;
	toggles?: Readonly<Record<string, boolean>>;
	/** Why this pane, for the detail line. */
	why: string;
}

export interface UseCell {
	column: UseColumn;
	/** Short, fits the matrix column (about 12 characters). */
	text: string;
	/** The figures behind it, for the detail line under the matrix. */
	detail: string;
	/** The number the state and the sparkline come from; null when unknown. */
	value: number | null;
	state: CellState;
	/**
	 * The top of the sparkline's scale: 1 for shares, the `bad` threshold for other judged
	 * figures (a full bar is "bad"), none (the history's own largest) for unjudged ones.
	 */
	scaleMax?: number;
	/** `value` over the recent intervals, oldest first, this interval last. */
	history: Array<number | null>;
	target?: JumpTarget;
}

export type UseRowKind = 'cpu' | 'cpu-n' | 'memory' | 'disk' | 'net' | 'tcp';

export interface UseRow {
	id: string;
	kind: UseRowKind;
	/** From the machine (a disk or interface name): sanitise before drawing. */
	label: string;
	cells: [UseCell, UseCell, UseCell];
}

export interface UseMatrix {
	rows: UseRow[];
	/** Rows folded away (virtual or idle devices), shown with `all`. */
	folded: number;
}

export interface MatrixOptions {
	perCpu: boolean;
	all: boolean;
	/** Text after `/`: rows whose label contains it. */
	filter: string;
	/** Index into USE_SORTS. */
	sort: number;
	/** How many intervals of history each cell carries. */
	historyLength: number;
}

// ---- formatting -------------------------------------------------------------------

export const formatShare = (v: number | null): string =>
	v === null ? 'n/a' : v > 0 && v < 0.001 ? '<0.1%' : `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;

export function formatRate(v: number | null, unit = '/s'): string {
	if (v === null) return 'n/a';
	if (v === 0) return `0${unit}`;
	if (v < 10) return `${v.toFixed(1)}${unit}`;
	if (v < 10_000) return `${Math.round(v)}${unit}`;
	if (v < 10_000_000) return `${(v / 1000).toFixed(1)}k${unit}`;
	return `${(v / 1e6).toFixed(1)}M${unit}`;
}

export function formatBytes(v: number | null, unit = ''): string {
	if (v === null) return 'n/a';
	const steps = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let n = v;
	let i = 0;
	while (n >= 1024 && i < steps.length - 1) {
		n /= 1024;
		i++;
	}
	return `${n.toFixed(i === 0 || n >= 100 ? 0 : 1)}${steps[i]}${unit}`;
}

const psiText = (p: PsiFigures | null): string => (p === null ? 'PSI n/a' : `PSI some ${formatShare(p.some)}${p.full === null ? '' : ` full ${formatShare(p.full)}`}`);

// ---- cells ------------------------------------------------------------------------

type CellCore = Omit<UseCell, 'history'>;

const na = (column: UseColumn, detail: string): CellCore => ({column, text: 'n/a', detail, value: null, state: 'na'});

function cpuRowCells(s: UseSample, key: string): [CellCore, CellCore, CellCore] | undefined {
	const ticks = s.cpu?.cpus[key];
	if (ticks === undefined) return undefined;
	const perCpu = key !== 'all';
	const filter = perCpu ? `cpu${key}` : undefined;
	let u: CellCore;
	if (ticks === null) u = na('utilization', 'counters went backwards in this interval');
	else {
		const f = cpuFigures(ticks);
		const busy = f.utilization ?? 0;
		// Mostly system time: the syscall pane shows which calls; otherwise the profile shows where.
		const syscallHeavy = busy >= 0.2 && (f.system ?? 0) >= busy / 2;
		u = {
			column: 'utilization',
			text: formatShare(f.utilization),
			detail: `busy ${formatShare(f.utilization)}: user ${formatShare(f.user)}, system ${formatShare(f.system)}, steal ${formatShare(f.steal)}; iowait ${formatShare(f.iowait)} (idle, not busy)`,
			value: f.utilization,
			scaleMax: 1,
			state: stateOf(f.utilization, THRESHOLDS.cpuBusy),
			target: syscallHeavy
				? {pane: 'syscalls', why: 'system time is most of the busy time'}
				: {pane: 'profile', why: 'where the CPU time goes'},
		};
	}
	let sat: CellCore;
	const runqTarget: JumpTarget = {
		pane: 'runq',
		why: 'how long runnable threads wait',
		...(filter ? {filter, toggles: {perCpu: true}} : {}),
	};
	if (perCpu) {
		const p99 = s.runqP99UsPerCpu[key] ?? null;
		sat =
			p99 === null
				? {...na('saturation', 'per CPU only from the run-queue collector (not running)'), target: runqTarget}
				: {
						column: 'saturation',
						text: `p99 ${formatMicros(p99)}`,
						detail: `run-queue latency p99 ${formatMicros(p99)} on this CPU`,
						value: p99,
						scaleMax: THRESHOLDS.runqP99Us.bad,
						state: stateOf(p99, THRESHOLDS.runqP99Us),
						target: runqTarget,
					};
	} else {
		const c = cpuSaturation(s)!;
		const excessPerCpu = c.beyondCpus === null || c.cpus === 0 ? null : c.beyondCpus / c.cpus;
		const state = worstState([
			stateOf(c.psi?.some ?? null, THRESHOLDS.cpuPsi),
			stateOf(excessPerCpu, THRESHOLDS.cpuRunnableExcess),
			stateOf(c.runqP99Us, THRESHOLDS.runqP99Us),
		]);
		const value = c.psi?.some ?? excessPerCpu;
		const runnable = c.runnable === null ? 'runnable n/a' : `runnable ${c.runnable} on ${c.cpus} CPUs (${c.beyondCpus} beyond)`;
		const runq = c.runqP99Us === null ? 'run-queue p99 n/a (run-queue collector not running)' : `run-queue p99 ${formatMicros(c.runqP99Us)}`;
		sat = {
			column: 'saturation',
			text: c.psi ? `${formatShare(c.psi.some)} psi` : `r ${c.runnable ?? '?'}/${c.cpus}`,
			detail: `${psiText(c.psi)}; ${runnable}; ${runq}`,
			value,
			scaleMax: c.psi ? 1 : THRESHOLDS.cpuRunnableExcess.bad,
			state,
			target: runqTarget,
		};
	}
	return [u, sat, na('errors', 'no reliable CPU error counter outside machine-check logs')];
}

function memoryCells(s: UseSample): [CellCore, CellCore, CellCore] | undefined {
	if (!s.memory) return undefined;
	const m = memoryFigures(s.memory);
	const swap = m.swapInPagesPerSec === null || m.swapOutPagesPerSec === null ? null : m.swapInPagesPerSec + m.swapOutPagesPerSec;
	const satState = worstState([
		stateOf(m.psi?.some ?? null, THRESHOLDS.memoryPsi),
		stateOf(swap, THRESHOLDS.swapPagesPerSec),
		stateOf(m.majorFaultsPerSec, THRESHOLDS.majorFaultsPerSec),
		stateOf(m.directScanPagesPerSec, THRESHOLDS.directScanPerSec),
	]);
	const lastOom =
		m.lastOom ??
		(m.oomKillsSinceBoot === 0 ? 'none since boot' : m.kernelLogReadable ? 'no longer in the kernel log' : 'kernel log not readable (needs root or CAP_SYSLOG)');
	return [
		{
			column: 'utilization',
			text: formatShare(m.utilization),
			detail: `in use ${formatBytes(m.totalBytes === null || m.availableBytes === null ? null : m.totalBytes - m.availableBytes)} of ${formatBytes(m.totalBytes)} (MemTotal - MemAvailable); swap used ${formatBytes(m.swapUsedBytes)}`,
			value: m.utilization,
			scaleMax: 1,
			state: stateOf(m.utilization, THRESHOLDS.memoryUsed),
		},
		{
			column: 'saturation',
			text: m.psi ? `${formatShare(m.psi.some)} psi` : `${formatRate(swap)} swap`,
			detail: `${psiText(m.psi)}; swap in ${formatRate(m.swapInPagesPerSec, ' pages/s')}, out ${formatRate(m.swapOutPagesPerSec, ' pages/s')}; major faults ${formatRate(m.majorFaultsPerSec)}; direct reclaim scans ${formatRate(m.directScanPagesPerSec, ' pages/s')}`,
			value: m.psi?.some ?? swap,
			scaleMax: m.psi ? 1 : THRESHOLDS.swapPagesPerSec.bad,
			state: satState,
		},
		{
			column: 'errors',
			text: m.oomKills === null ? 'n/a' : `${m.oomKills} oom`,
			detail: `OOM kills: ${m.oomKills ?? 'n/a'} in the interval, ${m.oomKillsSinceBoot ?? 'n/a'} since boot; last: ${lastOom}`,
			value: m.oomKills,
			scaleMax: THRESHOLDS.oomKills.bad,
			state: stateOf(m.oomKills, THRESHOLDS.oomKills),
		},
	];
}

function diskCells(s: UseSample, name: string): [CellCore, CellCore, CellCore] {
	const d = s.disk!.disks[name];
	const target: JumpTarget = {pane: 'bio', filter: name, why: 'latency of this disk’s requests'};
	if (!d) {
		const reset = 'counters went backwards (device re-plugged or reset): no figures this interval';
		return [{...na('utilization', reset), target}, {...na('saturation', reset), target}, {...na('errors', reset), target}];
	}
	const f = diskFigures(d, s.disk!.elapsedSec, s.disk!.psi, s.blockErrors);
	const busy = f.utilization > 0;
	return [
		{
			column: 'utilization',
			text: formatShare(f.utilization),
			detail: `busy ${formatShare(f.utilization)} (io_ticks); r ${formatRate(f.readsPerSec)} ${formatBytes(f.readBytesPerSec, '/s')}, w ${formatRate(f.writesPerSec)} ${formatBytes(f.writeBytesPerSec, '/s')}; await ${f.awaitMs === null ? 'n/a' : `${f.awaitMs.toFixed(1)}ms`}`,
			value: f.utilization,
			scaleMax: 1,
			state: stateOf(f.utilization, THRESHOLDS.diskBusy),
			target,
		},
		{
			column: 'saturation',
			text: `aqu ${f.avgQueueSize.toFixed(2)}`,
			detail: `average queue ${f.avgQueueSize.toFixed(2)} (aqu-sz), ${f.inFlight} in flight now; host-wide io ${psiText(f.psi)}`,
			value: f.avgQueueSize,
			scaleMax: THRESHOLDS.diskQueue.bad,
			// PSI io is host-wide: it marks only the disks that were doing I/O.
			state: worstState([stateOf(f.avgQueueSize, THRESHOLDS.diskQueue), busy ? stateOf(f.psi?.some ?? null, THRESHOLDS.ioPsi) : 'ok']),
			target,
		},
		f.errors === null
			? {...na('errors', 'no error counter: only SCSI disks have ioerr_cnt, and the block_rq_error collector (root) is not running'), target}
			: {
					column: 'errors',
					text: `${f.errors} err`,
					detail: `${f.errors} failed requests in the interval (${f.errorSource === 'tracepoint' ? 'block:block_rq_error' : 'SCSI ioerr_cnt'})`,
					value: f.errors,
					scaleMax: THRESHOLDS.diskErrors.bad,
					state: stateOf(f.errors, THRESHOLDS.diskErrors),
					target,
				},
	];
}

function netCells(s: UseSample, name: string): [CellCore, CellCore, CellCore] {
	const n = s.net!.interfaces[name];
	if (!n) {
		const reset = 'counters went backwards (interface re-created or reset): no figures this interval';
		return [na('utilization', reset), na('saturation', reset), na('errors', reset)];
	}
	const f = netFigures(n, s.net!.elapsedSec);
	const both = f.rxBytesPerSec + f.txBytesPerSec;
	const speed = f.speedMbps === null ? 'link speed unknown' : `link ${f.speedMbps} Mbit/s`;
	const lossPerSec = f.dropsPerSec + f.fifoPerSec;
	return [
		{
			column: 'utilization',
			text: f.utilization === null ? formatBytes(both, '/s') : formatShare(f.utilization),
			detail: `rx ${formatBytes(f.rxBytesPerSec, '/s')}, tx ${formatBytes(f.txBytesPerSec, '/s')}; ${speed}${f.utilization === null ? '' : `, busier direction ${formatShare(f.utilization)}`}`,
			value: f.utilization ?? both,
			...(f.utilization === null ? {} : {scaleMax: 1}),
			state: f.utilization === null ? 'ok' : stateOf(f.utilization, THRESHOLDS.linkUsed),
		},
		{
			column: 'saturation',
			text: `${formatRate(lossPerSec)} drop`,
			detail: `dropped ${formatRate(f.dropsPerSec)}, FIFO overruns ${formatRate(f.fifoPerSec)} (rx + tx)`,
			value: lossPerSec,
			scaleMax: THRESHOLDS.netDropsPerSec.bad,
			state: stateOf(lossPerSec, THRESHOLDS.netDropsPerSec),
		},
		{
			column: 'errors',
			text: `${formatRate(f.errorsPerSec)} err`,
			detail: `errors ${formatRate(f.errorsPerSec)} (rx/tx errors, frame, carrier, collisions)`,
			value: f.errorsPerSec,
			scaleMax: THRESHOLDS.netErrorsPerSec.bad,
			state: stateOf(f.errorsPerSec, THRESHOLDS.netErrorsPerSec),
		},
	];
}

function tcpCells(s: UseSample): [CellCore, CellCore, CellCore] | undefined {
	if (!s.net?.tcp) return undefined;
	const f = tcpFigures(s.net.tcp, s.net.elapsedSec);
	return [
		{
			column: 'utilization',
			text: formatRate(f.segmentsPerSec, ' seg'),
			detail: `segments in + out ${formatRate(f.segmentsPerSec)} (host-wide; TCP has no capacity of its own)`,
			value: f.segmentsPerSec,
			state: 'ok',
		},
		{
			column: 'saturation',
			text: `${formatShare(f.retransShare)} retr`,
			detail: `retransmits ${formatRate(f.retransPerSec)} (${formatShare(f.retransShare)} of sent); listen overflows/drops ${formatRate(f.listenDropsPerSec)}`,
			value: f.retransShare,
			scaleMax: THRESHOLDS.tcpRetransShare.bad,
			state: worstState([stateOf(f.retransShare, THRESHOLDS.tcpRetransShare), stateOf(f.listenDropsPerSec, THRESHOLDS.tcpListenDropsPerSec)]),
		},
		{
			column: 'errors',
			text: `${formatRate(f.errorsPerSec)} err`,
			detail: `segments received in error ${formatRate(f.errorsPerSec)} (InErrs, bad checksums included)`,
			value: f.errorsPerSec,
			scaleMax: THRESHOLDS.tcpErrorsPerSec.bad,
			state: stateOf(f.errorsPerSec, THRESHOLDS.tcpErrorsPerSec),
		},
	];
}

// ---- rows -------------------------------------------------------------------------

interface RowCore {
	id: string;
	kind: UseRowKind;
	label: string;
	cells: [CellCore, CellCore, CellCore];
	folded: boolean;
}

function rowsOf(s: UseSample, perCpu: boolean): RowCore[] {
	const rows: RowCore[] = [];
	const add = (id: string, kind: UseRowKind, label: string, cells: [CellCore, CellCore, CellCore] | undefined, folded = false) => {
		if (cells) rows.push({id, kind, label, cells, folded});
	};
	add('cpu', 'cpu', 'CPU', cpuRowCells(s, 'all'));
	if (perCpu) {
		const cpus = Object.keys(s.cpu?.cpus ?? {}).filter(k => k !== 'all').sort((a, b) => Number(a) - Number(b));
		for (const cpu of cpus) add(`cpu${cpu}`, 'cpu-n', `cpu${cpu}`, cpuRowCells(s, cpu));
	}
	add('memory', 'memory', 'Memory', memoryCells(s));
	for (const name of Object.keys(s.disk?.disks ?? {}).sort()) {
		const d = s.disk!.disks[name];
		add(`disk:${name}`, 'disk', name, diskCells(s, name), d !== null && d !== undefined && d.virtual && d.ioTicksMs === 0 && d.reads + d.writes === 0);
	}
	for (const name of Object.keys(s.net?.interfaces ?? {}).sort()) {
		add(`net:${name}`, 'net', name, netCells(s, name), s.net!.interfaces[name]?.virtual ?? false);
	}
	add('tcp', 'tcp', 'TCP', tcpCells(s));
	return rows;
}

const STATE_RANK: Record<CellState, number> = {bad: 0, warn: 1, ok: 2, na: 3};
const KIND_ORDER: UseRowKind[] = ['cpu', 'cpu-n', 'memory', 'disk', 'net', 'tcp'];

export function useMatrix(sample: UseSample, history: readonly UseSample[], options: MatrixOptions): UseMatrix {
	const needle = options.filter.trim().toLowerCase();
	const all = rowsOf(sample, options.perCpu);
	const shown = all.filter(r => (options.all || !r.folded) && (needle === '' || r.label.toLowerCase().includes(needle)));
	// The history is the samples before this one, then this one's own values.
	const past = history.filter(h => h !== sample && h.t < sample.t).slice(-(Math.max(1, options.historyLength) - 1));
	const pastRows = past.map(h => new Map(rowsOf(h, options.perCpu).map(r => [r.id, r])));
	const rows: UseRow[] = shown.map(r => ({
		id: r.id,
		kind: r.kind,
		label: r.label,
		cells: r.cells.map((cell, i) => ({
			...cell,
			history: [...pastRows.map(p => p.get(r.id)?.cells[i]?.value ?? null), cell.value],
		})) as [UseCell, UseCell, UseCell],
	}));
	if (USE_SORTS[options.sort % USE_SORTS.length] === 'worst') {
		const worst = (r: UseRow) => Math.min(...r.cells.map(c => STATE_RANK[c.state]));
		rows.sort((a, b) => worst(a) - worst(b) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
	}
	return {rows, folded: all.filter(r => r.folded && !options.all).length};
}
