/**
 * /proc/net/dev: cumulative counters per interface since it appeared. Two header lines,
 * then `name: ` and 8 receive and 8 transmit fields:
 *
 *     eth0: 522940006   26531    0    0    0     0          0         0  2981214 …
 *
 * rx: bytes packets errs drop fifo frame compressed multicast;
 * tx: bytes packets errs drop fifo colls carrier compressed.
 */
export interface NetCounters {
	name: string;
	rxBytes: number;
	rxPackets: number;
	rxErrors: number;
	rxDrops: number;
	rxFifo: number;
	rxFrame: number;
	txBytes: number;
	txPackets: number;
	txErrors: number;
	txDrops: number;
	txFifo: number;
	txCollisions: number;
	txCarrier: number;
}

export function parseNetDev(text: string): NetCounters[] {
	const interfaces: NetCounters[] = [];
	for (const line of text.split('\n')) {
		const colon = line.lastIndexOf(':');
		if (colon < 0) continue;
		const name = line.slice(0, colon).trim();
		const n = line.slice(colon + 1).trim().split(/\s+/).map(Number);
		if (name === '' || n.length < 16 || !n.every(v => Number.isSafeInteger(v) && v >= 0)) continue;
		interfaces.push({
			name,
			rxBytes: n[0]!,
			rxPackets: n[1]!,
			rxErrors: n[2]!,
			rxDrops: n[3]!,
			rxFifo: n[4]!,
			rxFrame: n[5]!,
			txBytes: n[8]!,
			txPackets: n[9]!,
			txErrors: n[10]!,
			txDrops: n[11]!,
			txFifo: n[12]!,
			txCollisions: n[13]!,
			txCarrier: n[14]!,
		});
	}
	return interfaces;
}
