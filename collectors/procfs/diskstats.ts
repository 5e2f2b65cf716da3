/**
 * /proc/diskstats: one line per block device (whole disks and partitions), cumulative
 * since the device appeared (a hot-plugged disk starts again from 0):
 *
 *    254       0 vda 49837 7927 2463794 24554 24613 76989 3446384 78729 0 26252 110277 …
 *
 * major minor name, then reads completed, reads merged, sectors read, ms reading,
 * writes completed, writes merged, sectors written, ms writing, I/Os in progress,
 * ms doing I/O (io_ticks: time with at least one request in flight, the basis of
 * iostat's %util), weighted ms doing I/O (the sum of every request's time in queue and
 * service: its rate is iostat's aqu-sz), then discard and flush fields (4.18+, 5.5+).
 * Sectors are 512 bytes whatever the device's block size.
 */
export interface DiskCounters {
	major: number;
	minor: number;
	name: string;
	reads: number;
	sectorsRead: number;
	readMs: number;
	writes: number;
	sectorsWritten: number;
	writeMs: number;
	inFlight: number;
	ioTicksMs: number;
	weightedMs: number;
}

export function parseDiskstats(text: string): DiskCounters[] {
	const disks: DiskCounters[] = [];
	for (const line of text.split('\n')) {
		const f = line.trim().split(/\s+/);
		if (f.length < 14) continue;
		const n = f.map(Number);
		const numbers = [0, 1, ...Array.from({length: 11}, (_, i) => i + 3)];
		if (!numbers.every(i => Number.isSafeInteger(n[i]) && n[i]! >= 0)) continue;
		disks.push({
			major: n[0]!,
			minor: n[1]!,
			name: f[2]!,
			reads: n[3]!,
			sectorsRead: n[5]!,
			readMs: n[6]!,
			writes: n[7]!,
			sectorsWritten: n[9]!,
			writeMs: n[10]!,
			inFlight: n[11]!,
			ioTicksMs: n[12]!,
			weightedMs: n[13]!,
		});
	}
	return disks;
}
