// tracetop's runqlat collector against /usr/sbin/runqlat.bt (its include line swapped for
// the TASK_RUNNING constant), run side by side under two loads: wakeup-driven (1 spinner,
// 6 sleepers) and CPU-bound (4 spinners, 4 sleepers on 2 CPUs). Prints events/s and the
// modal bucket of each.
//
//   node bench/runqlat-vs-peer.mjs [SECONDS]     (root, bpftrace; default 8 s per load)
import {execFile, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {root} from './lib.mjs';

const run = promisify(execFile);
const seconds = Number(process.argv[2] ?? 8);

const peerFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'peer-')), 'runqlat.bt');
fs.writeFileSync(peerFile, fs.readFileSync('/usr/sbin/runqlat.bt', 'utf8').replace(/^#include.*$/m, '').replace(/TASK_RUNNING/g, '0'));

function histogram(stdout, map) {
	const merged = new Map();
	for (const line of stdout.split('\n')) {
		if (!line.includes(`"${map}"`)) continue;
		const data = JSON.parse(line).data[map];
		for (const b of Array.isArray(data) ? data : []) merged.set(b.min, (merged.get(b.min) ?? 0) + b.count);
	}
	const total = [...merged.values()].reduce((a, b) => a + b, 0);
	const mode = [...merged].sort((a, b) => b[1] - a[1])[0]?.[0];
	return {total, mode};
}

async function traced(script, args) {
	const {stdout} = await run('timeout', ['-k', '2', '-s', 'INT', String(seconds), 'bpftrace', '-f', 'json', script, ...args], {maxBuffer: 1 << 26}).catch(e => e);
	return stdout;
}

for (const [spinners, sleepers] of [
	[1, 6],
	[4, 4],
]) {
	const load = [
		...Array.from({length: spinners}, () => spawn('sh', ['-c', 'while :; do :; done'])),
		...Array.from({length: sleepers}, () => spawn('sh', ['-c', 'while :; do sleep 0.01; done'])),
	];
	const [ours, peer] = await Promise.all([traced(`${root}collectors/runqlat.bt`, ['1', '']), traced(peerFile, [])]);
	for (const c of load) c.kill('SIGKILL');
	const o = histogram(ours, '@usecs');
	const p = histogram(peer, '@usecs');
	console.log(
		`load ${spinners} spinners + ${sleepers} sleepers: tracetop ${o.total} events (mode [${o.mode}, ${o.mode * 2})), runqlat.bt ${p.total} (mode [${p.mode}, ${p.mode * 2})), ratio ${(o.total / p.total).toFixed(2)}`,
	);
}
