/** The header's load averages and uptime, from the host-load sampler's `load` readings. */

export interface HostLoad {
	load: [number, number, number];
	uptimeSec: number;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** A `load` reading's data, or undefined when it is not one (untrusted: recordings). */
export function parseHostLoad(data: unknown): HostLoad | undefined {
	if (typeof data !== 'object' || data === null) return undefined;
	const {load, uptimeSec} = data as {load?: unknown; uptimeSec?: unknown};
	if (!Array.isArray(load) || load.length !== 3 || !load.every(finite) || !finite(uptimeSec)) return undefined;
	const [one, five, fifteen] = load as [number, number, number];
	return {load: [one, five, fifteen], uptimeSec};
}
