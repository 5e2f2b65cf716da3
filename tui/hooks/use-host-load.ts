import os from 'node:os';
import {useEffect, useState} from 'react';

export interface HostLoad {
	load: [number, number, number];
	uptimeSec: number;
}

const read = (): HostLoad => {
	const [a = 0, b = 0, c = 0] = os.loadavg();
	return {load: [a, b, c], uptimeSec: os.uptime()};
};

/** This host's load average and uptime, refreshed every few seconds; null when not live. */
export function useHostLoad(live: boolean, everyMs = 2000): HostLoad | null {
	const [load, setLoad] = useState<HostLoad | null>(live ? read : null);
	useEffect(() => {
		if (!live) return;
		const timer = setInterval(() => setLoad(read()), everyMs);
		return () => clearInterval(timer);
	}, [live, everyMs]);
	return load;
}
