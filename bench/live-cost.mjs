// Live dashboard costs, as the foundation issue asks: time from start to the first drawn
// histogram (against bpftrace alone reaching its first interval, the floor), and the
// node process's CPU and RSS over a run at a 1 s interval (Run queue pane on screen, the
// runqlat and profile collectors running).
//
//   node bench/live-cost.mjs [SECONDS]     (root, bpftrace, tmux; default 60 s)
import {spawn} from 'node:child_process';
import {childrenOf, cli, comm, cpuSeconds, root, rssMiB, sleep, startInTmux, tmux, waitForScreen} from './lib.mjs';

const seconds = Number(process.argv[2] ?? 60);

async function bpftraceFirstInterval() {
	const start = performance.now();
	const child = spawn('bpftrace', ['-f', 'json', `${root}collectors/runqlat.bt`, '1', ''], {stdio: ['ignore', 'pipe', 'ignore']});
	await new Promise(resolve => child.stdout.on('data', d => String(d).includes('"time"') && resolve()));
	child.kill('SIGINT');
	return performance.now() - start;
}

async function tracetopFirstHistogram() {
	startInTmux('bench-start', `sh -c 'cd ${root}; node ${cli}; sleep 60'`);
	const ms = await waitForScreen('bench-start', /usecs +count +distribution/);
	tmux('kill-session', '-t', 'bench-start');
	return ms;
}

const runs = 3;
const floor = [];
const ours = [];
for (let i = 0; i < runs; i++) {
	floor.push(await bpftraceFirstInterval());
	ours.push(await tracetopFirstHistogram());
	await sleep(500);
}
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`first interval, bpftrace alone:     median ${median(floor).toFixed(0)} ms  (${floor.map(x => x.toFixed(0)).join(', ')})`);
console.log(`first histogram drawn by tracetop:  median ${median(ours).toFixed(0)} ms  (${ours.map(x => x.toFixed(0)).join(', ')})`);
console.log(`ratio tracetop / bpftrace alone:    ${(median(ours) / median(floor)).toFixed(2)}`);

const shell = startInTmux('bench-cost', `sh -c 'cd ${root}; exec node ${cli}'`);
await waitForScreen('bench-cost', /usecs +count +distribution/);
const node = shell; // exec: the pane's process is tracetop itself
await sleep(3000);
// One bpftrace per always-on collector (runqlat, profile).
const bpfs = childrenOf(node).filter(pid => comm(pid) === 'bpftrace');
const bpfCpuSeconds = () => bpfs.reduce((n, pid) => n + cpuSeconds(pid), 0);
const before = {node: cpuSeconds(node), bpf: bpfCpuSeconds(), t: performance.now()};
let peakRss = 0;
for (let s = 0; s < seconds; s++) {
	await sleep(1000);
	peakRss = Math.max(peakRss, rssMiB(node));
}
const wall = (performance.now() - before.t) / 1000;
const nodeCpu = ((cpuSeconds(node) - before.node) / wall) * 100;
const bpfCpu = ((bpfCpuSeconds() - before.bpf) / wall) * 100;
console.log(`over ${wall.toFixed(0)} s at a 1 s interval: tracetop (node) ${nodeCpu.toFixed(2)}% of one core, its ${bpfs.length} bpftrace collectors ${bpfCpu.toFixed(2)}% together`);
console.log(`tracetop RSS: ${rssMiB(node).toFixed(1)} MiB at the end, ${peakRss.toFixed(1)} MiB peak; bpftrace RSS ${bpfs.map(p => rssMiB(p).toFixed(1)).join(' + ')} MiB`);
tmux('kill-session', '-t', 'bench-cost');
