/**
 * The USE pane's part of the snapshot JSON: per resource the utilization as a fraction
 * 0..1 (null where it cannot be known), saturation and error figures, each cell's state,
 * and the raw counts they come from. Every disk and interface is included, virtual ones
 * marked, whatever the view folds.
 */
import {cpuFigures, cpuSaturation, diskFigures, memoryFigures, netFigures, tcpFigures} from './use-figures.js';
import {useMatrix, type UseRow} from './use-matrix.js';
import type {UseSample} from './use-sample.js';

const round = (v: number | null, digits = 4): number | null => (v === null ? null : Number(v.toFixed(digits)));

const states = (row: UseRow | undefined) =>
	row ? {utilization: row.cells[0].state, saturation: row.cells[1].state, errors: row.cells[2].state} : null;

export function useToJson(s: UseSample) {
	const matrix = useMatrix(s, [], {perCpu: false, all: true, filter: '', sort: 0, historyLength: 1});
	const row = (id: string) => matrix.rows.find(r => r.id === id);
	const cpuTicks = s.cpu?.cpus.all;
	const sat = cpuSaturation(s);
	const memory = s.memory ? memoryFigures(s.memory) : null;
	const disks = Object.entries(s.disk?.disks ?? {}).map(([name, d]) => {
		if (!d) return [name, {utilization: null, reset: true}];
		const f = diskFigures(d, s.disk!.elapsedSec, s.disk!.psi, s.blockErrors);
		return [
			name,
			{
				utilization: round(f.utilization),
				saturation: {avgQueueSize: round(f.avgQueueSize, 3), psiIoSome: round(f.psi?.some ?? null), inFlight: f.inFlight},
				errors: {ioErrors: f.errors, source: f.errorSource},
				state: states(row(`disk:${name}`)),
				virtual: f.virtual,
				raw: {...d, elapsedSec: s.disk!.elapsedSec},
			},
		];
	});
	const net = Object.entries(s.net?.interfaces ?? {}).map(([name, n]) => {
		if (!n) return [name, {utilization: null, reset: true}];
		const f = netFigures(n, s.net!.elapsedSec);
		return [
			name,
			{
				utilization: round(f.utilization),
				rxBytesPerSec: round(f.rxBytesPerSec, 1),
				txBytesPerSec: round(f.txBytesPerSec, 1),
				speedMbps: f.speedMbps,
				saturation: {dropsPerSec: round(f.dropsPerSec, 2), fifoPerSec: round(f.fifoPerSec, 2)},
				errors: {errorsPerSec: round(f.errorsPerSec, 2)},
				state: states(row(`net:${name}`)),
				virtual: f.virtual,
				raw: {...n, elapsedSec: s.net!.elapsedSec},
			},
		];
	});
	const tcp = s.net?.tcp ? tcpFigures(s.net.tcp, s.net.elapsedSec) : null;
	return {
		durationSec: round(s.durationSec, 3),
		cpu: cpuTicks === undefined ? null : {
			utilization: cpuTicks === null ? null : round(cpuFigures(cpuTicks).utilization),
			saturation: {
				psiSome: round(sat?.psi?.some ?? null),
				psiFull: round(sat?.psi?.full ?? null),
				runnable: sat?.runnable ?? null,
				cpus: sat?.cpus ?? null,
				beyondCpus: sat?.beyondCpus ?? null,
				runqP99Us: round(sat?.runqP99Us ?? null, 1),
			},
			errors: null,
			state: states(row('cpu')),
			raw: cpuTicks === null ? null : {ticks: cpuTicks, ...shares(cpuTicks)},
			perCpu: Object.entries(s.cpu!.cpus)
				.filter(([k]) => k !== 'all')
				.sort(([a], [b]) => Number(a) - Number(b))
				.map(([cpu, ticks]) => ({cpu: Number(cpu), utilization: ticks === null ? null : round(cpuFigures(ticks).utilization), raw: ticks === null ? null : {ticks, ...shares(ticks)}})),
		},
		memory: memory && {
			utilization: round(memory.utilization),
			saturation: {
				psiSome: round(memory.psi?.some ?? null),
				psiFull: round(memory.psi?.full ?? null),
				swapInPagesPerSec: round(memory.swapInPagesPerSec, 2),
				swapOutPagesPerSec: round(memory.swapOutPagesPerSec, 2),
				majorFaultsPerSec: round(memory.majorFaultsPerSec, 2),
				directScanPagesPerSec: round(memory.directScanPagesPerSec, 2),
			},
			errors: {oomKills: memory.oomKills, oomKillsSinceBoot: memory.oomKillsSinceBoot, lastOom: memory.lastOom},
			state: states(row('memory')),
			raw: {totalBytes: memory.totalBytes, availableBytes: memory.availableBytes, swapUsedBytes: memory.swapUsedBytes},
		},
		disks: Object.fromEntries(disks),
		net: Object.fromEntries(net),
		tcp: tcp && {
			segmentsPerSec: round(tcp.segmentsPerSec, 2),
			saturation: {retransPerSec: round(tcp.retransPerSec, 2), retransShare: round(tcp.retransShare), listenDropsPerSec: round(tcp.listenDropsPerSec, 2)},
			errors: {errorsPerSec: round(tcp.errorsPerSec, 2)},
			state: states(row('tcp')),
			raw: {...s.net!.tcp, elapsedSec: s.net!.elapsedSec},
		},
	};
}

function shares(ticks: Parameters<typeof cpuFigures>[0]) {
	const f = cpuFigures(ticks);
	return {user: round(f.user), system: round(f.system), iowait: round(f.iowait), steal: round(f.steal)};
}
