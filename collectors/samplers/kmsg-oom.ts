/**
 * The newest OOM-killer message from the kernel log (/dev/kmsg), for the USE pane's memory
 * errors. /dev/kmsg gives one record per read() and EAGAIN at the end when opened
 * non-blocking; it needs root or CAP_SYSLOG where kernel.dmesg_restrict=1.
 *
 * The log is read only when the vmstat oom_kill counter says there is something to find,
 * and at most MAX_RECORDS_PER_POLL records per interval, so the sampler's cost stays
 * bounded however much the kernel logs.
 */
import fs from 'node:fs';

/** A record: `prio,seq,usec,flags[,…];text` then optional ` KEY=value` continuation lines. */
const RECORD = /^\d+,\d+,(\d+),[^;]*;([^\n]*)/;
const OOM_KILL = /(?:Out of memory|out of memory): Killed process \d+/;
/** kmsg records are at most 1024 bytes of text plus the header and dictionary. */
const RECORD_BYTES = 8192;
export const MAX_RECORDS_PER_POLL = 5000;
const MAX_MESSAGE = 200;

/** `[  1234.567] Out of memory: Killed process …` for an OOM-kill record, else undefined. */
export function oomMessage(record: string): string | undefined {
	const match = RECORD.exec(record);
	if (!match || !OOM_KILL.test(match[2]!)) return undefined;
	const seconds = (Number(match[1]) / 1e6).toFixed(3);
	return `[${seconds.padStart(11)}] ${match[2]!}`.slice(0, MAX_MESSAGE);
}

export interface OomWatcher {
	/** Whether the kernel log could be opened at all. */
	readonly readable: boolean;
	/** Reads new records when `wanted`, or while an earlier poll left some unread. */
	poll(wanted: boolean): string | null;
}

export function kmsgOomWatcher(file = '/dev/kmsg'): OomWatcher {
	let fd: number | undefined;
	try {
		fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
	} catch {
		fd = undefined;
	}
	const buffer = Buffer.alloc(RECORD_BYTES);
	let last: string | null = null;
	let pending = false;
	return {
		get readable() {
			return fd !== undefined;
		},
		poll(wanted) {
			if (fd === undefined || !(wanted || pending)) return last;
			pending = true;
			for (let i = 0; i < MAX_RECORDS_PER_POLL; i++) {
				let n: number;
				try {
					n = fs.readSync(fd, buffer, 0, RECORD_BYTES, null);
				} catch (error) {
					const code = (error as NodeJS.ErrnoException).code;
					// EPIPE: records were overwritten under us; the next read goes on from the oldest kept.
					if (code === 'EPIPE') continue;
					pending = false;
					if (code !== 'EAGAIN') {
						fs.closeSync(fd);
						fd = undefined;
					}
					return last;
				}
				if (n === 0) {
					pending = false;
					return last;
				}
				last = oomMessage(buffer.toString('utf8', 0, n)) ?? last;
			}
			return last;
		},
	};
}

/** For fixture trees and systems without a kernel log. */
export const noKernelLog: OomWatcher = {readable: false, poll: () => null};
