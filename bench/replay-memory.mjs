// Memory stays bounded over a long replay at high speed: the demo recording looped at
// 200x through the dashboard, RSS sampled as history fills and then wraps.
//
//   node bench/replay-memory.mjs [SECONDS]     (tmux; default 90 s; no root needed)
import {cli, root, rssMiB, sleep, startInTmux, tmux, waitForScreen} from './lib.mjs';

const seconds = Number(process.argv[2] ?? 90);
const pid = startInTmux('bench-replay', `sh -c 'cd ${root}; exec node ${cli} --demo --speed 200'`);
await waitForScreen('bench-replay', /distribution/);
const samples = [];
const start = performance.now();
while (performance.now() - start < seconds * 1000) {
	await sleep(5000);
	samples.push(rssMiB(pid));
	const replayed = (((performance.now() - start) / 1000) * 200) / 60;
	console.log(`${((performance.now() - start) / 1000).toFixed(0).padStart(4)} s  ~${replayed.toFixed(0)} min of recording replayed  RSS ${samples.at(-1).toFixed(1)} MiB`);
}
const half = samples.slice(Math.floor(samples.length / 2));
console.log(`second half: min ${Math.min(...half).toFixed(1)} MiB, max ${Math.max(...half).toFixed(1)} MiB; first sample ${samples[0].toFixed(1)} MiB`);
tmux('kill-session', '-t', 'bench-replay');
