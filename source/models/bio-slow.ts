/**
 * One slow I/O as biolatency.bt prints it (biosnoop for the slow ones only): a printf
 * line of tab-separated fields, the comm last because it may itself hold a tab.
 *   slow  hh:mm:ss.us  dev  part  sector  bytes  usecs  queue_usecs  rwbs  pid  comm
 */
import {decodeDevT, deviceKey} from './block-device.js';
import {classifyRwbs, type Direction} from './rwbs.js';

export interface SlowIo {
	/** Wall-clock time of the completion, "hh:mm:ss.uuuuuu" (the traced host's clock). */
	time: string;
	/** The disk, "major:minor". */
	dev: string;
	/** The partition it was submitted to, "major:minor", or null for the disk itself. */
	part: string | null;
	sector: number;
	bytes: number;
	/** Latency, µs (from insert when the request was inserted, else from issue). */
	us: number;
	/** Insert→issue, µs; null when the request was issued without being inserted. */
	queueUs: number | null;
	rwbs: string;
	direction: Direction;
	pid: number;
	/** As the kernel reported it: unsanitised, for the view to make safe. */
	comm: string;
}

const TIME = /^\d{2}:\d{2}:\d{2}\.\d{6}$/;
const RWBS = /^[A-Z]{1,9}$/;
const MAX_COMM = 64;

const uint = (s: string | undefined): number | null => {
	if (s === undefined || !/^\d{1,20}$/.test(s)) return null;
	const n = Number(s);
	return Number.isSafeInteger(n) ? n : null;
};

/** A slow-I/O printf line's text, or null when it is not one (or is malformed). */
export function parseSlowIo(text: string): SlowIo | null {
	const fields = text.replace(/\n$/, '').split('\t');
	if (fields.length < 11 || fields[0] !== 'slow') return null;
	const [, time, dev, part, sector, bytes, us, queue, rwbs, pid] = fields;
	const devNumber = decodeDevT(uint(dev) ?? -1);
	const partValue = uint(part);
	const partNumber = partValue === null || partValue === 0 ? null : decodeDevT(partValue);
	const values = [uint(sector), uint(bytes), uint(us), uint(pid)];
	const queueUs = queue === '-1' ? null : uint(queue);
	if (!time || !TIME.test(time) || !devNumber || partValue === null || values.includes(null)) return null;
	if ((queue !== '-1' && queueUs === null) || !rwbs || !RWBS.test(rwbs)) return null;
	const [sectorN, bytesN, usN, pidN] = values as number[];
	return {
		time,
		dev: deviceKey(devNumber),
		part: partNumber ? deviceKey(partNumber) : null,
		sector: sectorN!,
		bytes: bytesN!,
		us: usN!,
		queueUs,
		rwbs,
		direction: classifyRwbs(rwbs),
		pid: pidN!,
		comm: fields.slice(10).join('\t').slice(0, MAX_COMM),
	};
}
