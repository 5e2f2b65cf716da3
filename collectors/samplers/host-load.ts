/**
 * host-load: the load averages and uptime, each interval, for the header. Read from the
 * stream (and so recorded), a replay shows the recorded machine's load.
 *
 *   {"type":"load","data":{"load":[0.52,0.61,0.70],"uptimeSec":86400}}
 */
import path from 'node:path';
import {readBounded} from '../../source/safety/bounded-read.js';
import {readingLine, type SamplerFactory} from './sampler.js';

export const hostLoad: SamplerFactory = ctx => {
	const proc = ctx.procRoot ?? '/proc';
	return {
		read() {
			const load = readBounded(path.join(proc, 'loadavg')).trim().split(/\s+/).slice(0, 3).map(Number);
			const uptimeSec = Number(readBounded(path.join(proc, 'uptime')).trim().split(/\s+/)[0]);
			if (load.length !== 3 || !load.every(Number.isFinite) || !Number.isFinite(uptimeSec)) {
				throw new Error(`unreadable ${proc}/loadavg or ${proc}/uptime`);
			}
			return [readingLine('load', {load, uptimeSec: Math.floor(uptimeSec)})];
		},
	};
};
