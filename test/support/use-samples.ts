/** USE samples for model and view tests: readings as the sampler emits them, with overrides. */
import type {CpuTicks, DiskDelta, NetDelta, TcpDelta} from '../../collectors/samplers/use-readings.js';
import {accumulateUse, beginUse, finishUse, type UseSample} from '../../source/models/use-sample.js';

export const ticks = (busy: number, idle: number, extra: Partial<CpuTicks> = {}): CpuTicks => ({
	user: busy, nice: 0, system: 0, idle, iowait: 0, irq: 0, softirq: 0, steal: 0, ...extra,
});

export const disk = (over: Partial<DiskDelta> = {}): DiskDelta => ({
	major: 254, minor: 0, virtual: false, reads: 10, writes: 90, sectorsRead: 80, sectorsWritten: 2048,
	readMs: 10, writeMs: 190, ioTicksMs: 250, weightedMs: 300, inFlight: 1, errors: null, ...over,
});

export const iface = (over: Partial<NetDelta> = {}): NetDelta => ({
	virtual: false, speedMbps: 1000, rxBytes: 1_000_000, txBytes: 250_000, rxPackets: 700, txPackets: 300,
	rxErrors: 0, txErrors: 0, rxDrops: 0, txDrops: 0, rxFifo: 0, txFifo: 0, rxFrame: 0, txCollisions: 0, txCarrier: 0, ...over,
});

export const tcp = (over: Partial<TcpDelta> = {}): TcpDelta => ({
	InSegs: 600, OutSegs: 400, RetransSegs: 0, InErrs: 0, InCsumErrors: 0, ListenOverflows: 0, ListenDrops: 0, ...over,
});

export interface Readings {
	cpu?: Record<string, unknown>;
	memory?: Record<string, unknown>;
	disk?: Record<string, unknown>;
	net?: Record<string, unknown>;
	runqP99Us?: number;
}

/** One interval of a quiet 2-CPU machine, 1 s long; `over` replaces parts of each reading. */
export function useSample(t = 1000, over: Readings = {}): UseSample {
	const cpu = {
		elapsedSec: 1,
		cpus: {all: ticks(50, 150), 0: ticks(30, 70), 1: ticks(20, 80)},
		runnable: 1,
		blocked: 0,
		psi: {someUs: 20_000, fullUs: 0},
		...over.cpu,
	};
	const memory = {
		elapsedSec: 1, totalBytes: 8 * 2 ** 30, availableBytes: 6 * 2 ** 30, swapTotalBytes: 0, swapFreeBytes: 0,
		psi: {someUs: 0, fullUs: 0}, swapInPages: 0, swapOutPages: 0, majorFaults: 3, directScanPages: 0,
		oomKills: 0, oomKillsSinceBoot: 0, lastOom: null, kernelLogReadable: true, ...over.memory,
	};
	const diskReading = {elapsedSec: 1, psi: {someUs: 5000, fullUs: 1000}, disks: {vda: disk(), loop0: disk({virtual: true, major: 7, reads: 0, writes: 0, ioTicksMs: 0, weightedMs: 0, inFlight: 0})}, omitted: 0, ...over.disk};
	const net = {elapsedSec: 1, interfaces: {eth0: iface(), lo: iface({virtual: true, speedMbps: null})}, tcp: tcp(), omitted: 0, ...over.net};
	let acc = beginUse();
	for (const [kind, data] of [['use-cpu', cpu], ['use-memory', memory], ['use-disk', diskReading], ['use-net', net]] as const) {
		acc = accumulateUse(acc, {type: 'reading', kind, data: JSON.parse(JSON.stringify(data))});
	}
	if (over.runqP99Us !== undefined) acc = {...acc, runqP99Us: over.runqP99Us};
	return finishUse(acc, t);
}
