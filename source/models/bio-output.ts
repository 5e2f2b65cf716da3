/**
 * The block I/O pane's part of `snapshot --json` and of `snapshot`'s text, the latter
 * laid out like BCC's `biolatency -D` with bpftrace's histogram bars.
 */
import type {BioSample} from './bio.js';
import {allDeviceRows, bioProcessRows, sortDeviceRows, type BioDeviceRow} from './bio-rows.js';
import {parseDeviceKey} from './block-device.js';
import {formatHistogram} from './histogram-text.js';
import {formatBytes} from './format-units.js';
import type {Bucket, Histogram} from './log2-histogram.js';
import {safeText} from '../safety/terminal-text.js';


const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);
const buckets = (h: Histogram): Bucket[] => h.buckets.map(b => ({min: b.min, max: b.max, count: b.count}));

export interface BioDeviceJson {
	name: string;
	major: number;
	minor: number;
	reads: number;
	writes: number;
	flushes: number;
	discards: number;
	readBytes: number;
	writeBytes: number;
	avgUs: number | null;
	p50Us: number | null;
	p99Us: number | null;
	maxUs: number | null;
	inflight: number | null;
	errors: number;
	buckets: Bucket[];
	deviceBuckets: Bucket[];
	queueBuckets: Bucket[];
	sizeBuckets: Bucket[];
}

export interface BioSlowJson {
	time: string;
	device: string;
	major: number;
	minor: number;
	partition: string | null;
	direction: string;
	rwbs: string;
	sector: number;
	bytes: number;
	us: number;
	queueUs: number | null;
	pid: number;
	comm: string;
}

export interface BioJson {
	unit: 'us';
	devices: BioDeviceJson[];
	partitions: BioDeviceJson[];
	processes: Array<{pid: number | null; comm: string; disks: string[]; reads: number; writes: number; readBytes: number; writeBytes: number; avgUs: number | null}>;
	slow: BioSlowJson[];
	slowDropped: number;
	evicted: number;
	untracked: number;
}

const deviceJson = (r: BioDeviceRow): BioDeviceJson => ({
	name: r.name,
	major: r.major,
	minor: r.minor,
	reads: r.counts.read,
	writes: r.counts.write,
	flushes: r.counts.flush,
	discards: r.counts.discard,
	readBytes: r.readBytes,
	writeBytes: r.writeBytes,
	avgUs: round(r.avgUs),
	p50Us: round(r.p50Us),
	p99Us: round(r.p99Us),
	maxUs: r.maxUs,
	inflight: r.inflight,
	errors: r.errors,
	buckets: buckets(r.latency),
	deviceBuckets: buckets(r.device),
	queueBuckets: buckets(r.queue),
	sizeBuckets: buckets(r.size),
});

const byName = (rows: BioDeviceRow[]): BioDeviceRow[] => sortDeviceRows(rows, 3);

export function bioToJson(s: BioSample): BioJson {
	const hasPartitions = s.series.some(x => x.part !== null);
	return {
		unit: 'us',
		devices: byName(allDeviceRows(s, false)).map(deviceJson),
		partitions: hasPartitions ? byName(allDeviceRows(s, true).filter(r => s.series.some(x => x.part === r.key))).map(deviceJson) : [],
		processes: bioProcessRows(s).map(({pid, comm, disks, reads, writes, readBytes, writeBytes, avgUs}) => ({
			pid,
			comm,
			disks,
			reads,
			writes,
			readBytes,
			writeBytes,
			avgUs: round(avgUs),
		})),
		slow: s.slow.map(x => {
			const n = parseDeviceKey(x.dev) ?? {major: 0, minor: 0};
			return {
				time: x.time,
				device: s.names[x.dev]?.name ?? x.dev,
				...n,
				partition: x.part ? (s.names[x.part]?.name ?? x.part) : null,
				direction: x.direction,
				rwbs: x.rwbs,
				sector: x.sector,
				bytes: x.bytes,
				us: x.us,
				queueUs: x.queueUs,
				pid: x.pid,
				comm: x.comm,
			};
		}),
		slowDropped: s.slowDropped,
		evicted: s.evicted,
		untracked: s.untracked,
	};
}

const us = (v: number | null): string => (v === null ? '-' : `${Math.round(v)} us`);

export function bioToText(s: BioSample): string {
	const rows = byName(allDeviceRows(s, false));
	const ios = rows.reduce((n, r) => n + r.latency.count, 0);
	const lines = [`Block I/O latency (biolatency -D), ${s.durationSec}s, ${ios} I/Os, ${s.evicted} evicted, ${s.slow.length + s.slowDropped} slow`];
	for (const r of rows) {
		const name = safeText(r.name);
		lines.push(
			'',
			`disk = ${name}  reads ${r.counts.read} (${formatBytes(r.readBytes)})  writes ${r.counts.write} (${formatBytes(r.writeBytes)})  ` +
				`avg ${us(r.avgUs)}  p50 ${us(r.p50Us)}  p99 ${us(r.p99Us)}  max ${us(r.maxUs)}  in flight ${r.inflight ?? '-'}`,
		);
		if (r.latency.count > 0) lines.push(`@usecs[${name}]:`, formatHistogram(r.latency));
		if (r.queue.count > 0) {
			lines.push(`@queue_usecs[${name}]:`, formatHistogram(r.queue), `@device_usecs[${name}]:`, formatHistogram(r.device));
		}
		if (r.size.count > 0) lines.push(`@size_bytes[${name}]:`, formatHistogram(r.size));
	}
	if (s.slow.length > 0) {
		lines.push('', 'TIME            DISK       T  SECTOR        BYTES     LAT(ms)  QUE(ms)  PID      COMM');
		for (const x of s.slow) {
			lines.push(
				[
					x.time.padEnd(15),
					safeText(s.names[x.dev]?.name ?? x.dev).padEnd(10),
					x.direction[0]!.toUpperCase(),
					String(x.sector).padEnd(13),
					String(x.bytes).padEnd(9),
					(x.us / 1000).toFixed(2).padStart(8),
					x.queueUs === null ? '       -' : (x.queueUs / 1000).toFixed(2).padStart(8),
					String(x.pid).padEnd(8),
					safeText(x.comm),
				].join(' '),
			);
		}
	}
	return lines.join('\n');
}
