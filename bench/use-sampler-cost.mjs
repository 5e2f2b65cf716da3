// The USE sampler's own cost per interval: CPU time (user + system, this process) of one
// read() of /proc and /sys, plus turning its lines into the pane's sample. Readings are
// taken every 200 ms so the run is short; the work per reading does not depend on the
// interval. Printed: median and p90 ms of CPU per reading, and what that is of one core
// at a 1 s interval. Build first (npx tsc -p .).
//
//   node bench/use-sampler-cost.mjs [READINGS]     (default 100; no root needed)
import {useSampler} from '../dist/collectors/samplers/use.js';
import {accumulateUse, beginUse, finishUse} from '../dist/source/models/use-sample.js';

const readings = Number(process.argv[2] ?? 100);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const cpuMs = () => {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
};

const sampler = useSampler({intervalSec: 1});
sampler.read();
const costs = {read: [], reduce: []};
let bytes = 0;
for (let i = 0; i < readings; i++) {
	await sleep(200);
	const a = cpuMs();
	const lines = sampler.read();
	const b = cpuMs();
	let acc = beginUse();
	for (const line of lines) {
		const {type, data} = JSON.parse(line);
		acc = accumulateUse(acc, {type: 'reading', kind: type, data});
	}
	finishUse(acc, i);
	const c = cpuMs();
	// The first readings pay for JIT compilation; keep the steady state.
	if (i >= 10) {
		costs.read.push(b - a);
		costs.reduce.push(c - b);
	}
	bytes = lines.reduce((n, l) => n + l.length + 1, 0);
}
const pct = (xs, p) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
for (const [what, xs] of Object.entries(costs)) {
	console.log(`${what.padEnd(7)} median ${pct(xs, 0.5).toFixed(2)} ms CPU, p90 ${pct(xs, 0.9).toFixed(2)} ms (${xs.length} readings)`);
}
const total = pct(costs.read, 0.5) + pct(costs.reduce, 0.5);
console.log(`per 1 s interval: ${total.toFixed(2)} ms CPU = ${(total / 10).toFixed(2)}% of one core; ${bytes} bytes of lines per reading`);
