// Cost of tracing block I/O: IOPS of small direct I/O (fio, 4 KiB random reads and
// writes, queue depth 1, O_DIRECT) on a file on the root disk, untraced vs with the
// biolatency collector attached, runs alternated (untraced, traced, ...) so the shared
// machine's load falls on both alike. Prints each run and the median ratio, and the
// collector's CPU time per I/O.
//
//   node bench/bio-overhead.mjs [SECONDS] [PAIRS]    (root, bpftrace, fio; default 5 s, 3 pairs)
//
// With TRACETOP_BPF_STATS=1 it also turns on kernel.bpf_stats_enabled for the traced runs
// (restoring it after) and prints each BPF program's average run time per event, read
// from the collector's /proc/PID/fdinfo: the exact in-kernel cost, unlike the noisy ratio.
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {cpuSeconds, root, sleep} from './lib.mjs';

const seconds = Number(process.argv[2] ?? 5);
const pairs = Number(process.argv[3] ?? 3);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-bio-bench-'));
const file = path.join(dir, 'fio.dat');

function fio() {
	const out = execFileSync('fio', [
		'--name=bio', `--filename=${file}`, '--size=64m', '--bs=4k', '--rw=randrw', '--rwmixread=50',
		'--direct=1', '--ioengine=psync', '--iodepth=1', '--time_based', `--runtime=${seconds}`,
		'--output-format=json',
	], {encoding: 'utf8'});
	const job = JSON.parse(out).jobs[0];
	return {iops: job.read.iops + job.write.iops, ios: job.read.total_ios + job.write.total_ios, p99us: job.write.clat_ns.percentile?.['99.000000'] / 1000};
}

/** The collector exactly as the pane starts it: interval 1 s, no filter, 10 ms slow threshold, cap 200. */
async function startCollector() {
	const args = ['-f', 'json', path.join(root, 'collectors', 'biolatency.bt'), '1', '', '0', '0', '0', '0', '0', '0', '0', '0', '99', '10000', '200'];
	const child = spawn('bpftrace', args, {env: {...process.env, BPFTRACE_MAP_KEYS_MAX: '65536'}, stdio: ['ignore', 'pipe', 'ignore']});
	let lines = '';
	child.stdout.on('data', d => (lines += d));
	// Attached once it has printed its first interval.
	while (!lines.includes('"time"')) {
		if (child.exitCode !== null) throw new Error('bpftrace exited');
		await sleep(50);
	}
	return child;
}

const STATS = '/proc/sys/kernel/bpf_stats_enabled';

/** Average run time of each BPF program the process holds that ran (fdinfo run_time_ns / run_cnt). */
function progRunTimes(pid) {
	const out = [];
	for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
		let info;
		try {
			info = fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8');
		} catch {
			continue;
		}
		const cnt = Number(/run_cnt:\s+(\d+)/.exec(info)?.[1] ?? 0);
		const ns = Number(/run_time_ns:\s+(\d+)/.exec(info)?.[1] ?? 0);
		if (/prog_type/.test(info) && cnt > 100) out.push(`${Math.round(ns / cnt)} (${cnt} runs)`);
	}
	return out;
}

// Lay the file out once so the first run does not pay for allocation.
execFileSync('fio', ['--name=prep', `--filename=${file}`, '--size=64m', '--bs=1m', '--rw=write', '--direct=1', '--output-format=terse'], {stdio: 'ignore'});

const rows = [];
for (let i = 0; i < pairs; i++) {
	const plain = fio();
	const child = await startCollector();
	const cpu0 = cpuSeconds(child.pid);
	const stats = process.env.TRACETOP_BPF_STATS === '1';
	const wasEnabled = stats ? fs.readFileSync(STATS, 'utf8').trim() : '0';
	if (stats) fs.writeFileSync(STATS, '1');
	let traced;
	try {
		traced = fio();
	} finally {
		if (stats) fs.writeFileSync(STATS, wasEnabled);
	}
	const cpu = cpuSeconds(child.pid) - cpu0;
	if (stats) console.log(`  BPF programs, ns per run: ${progRunTimes(child.pid).join(', ')}`);
	child.kill('SIGTERM');
	await new Promise(r => child.once('exit', r));
	rows.push({plain, traced, cpuUsPerIo: (cpu * 1e6) / traced.ios});
	console.log(
		`pair ${i + 1}: untraced ${plain.iops.toFixed(0)} IOPS, traced ${traced.iops.toFixed(0)} IOPS (ratio ${(traced.iops / plain.iops).toFixed(3)}), ` +
			`bpftrace user+sys ${cpu.toFixed(2)} s = ${((cpu * 1e6) / traced.ios).toFixed(1)} us per I/O`,
	);
}
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`median traced/untraced IOPS ratio: ${median(rows.map(r => r.traced.iops / r.plain.iops)).toFixed(3)} over ${pairs} pairs of ${seconds} s`);
console.log('(the kernel-side cost of the BPF programs runs in the I/O path and shows in the ratio; bpftrace\'s own CPU is printing once a second)');
fs.rmSync(dir, {recursive: true, force: true});
