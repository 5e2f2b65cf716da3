// What tracing syscalls costs each call: a C loop of getppid() (bench/getppid-loop.c)
// timed untraced, under tracetop's syscalls.bt (as tracetop runs it), under the minimal
// bpftrace enter/exit histogram one-liner, under /usr/sbin/syscount.bt, under
// `perf trace -s` and under `strace -c`. The bpftrace tracers trace the whole machine,
// as they are used; perf trace and strace trace the loop's process. Rounds interleave
// the configurations so the machine's background load hits all of them alike; each
// prints the median over the rounds of the fastest of 3 runs, ns per call, and its ratio to untraced, in the loop's
// own CPU time (where an in-kernel tracer's cost lands, and which other processes on a
// shared machine inflate least) and in wall time (which also holds what strace and
// perf trace cost in context switches and their own process).
//
// SCRIPT... adds other versions of the collector (e.g. one from git) to the rotation.
//
//   node bench/syscall-overhead.mjs [ROUNDS] [CALLS] [SCRIPT...]
//                          (root, bpftrace, perf, strace, gcc; default 3 rounds of 300,000 calls)
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {root, sleep} from './lib.mjs';

const rounds = Number(process.argv[2] ?? 3);
const calls = Number(process.argv[3] ?? 300_000);
const others = process.argv.slice(4);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syscall-bench-'));
const loop = path.join(dir, 'getppid-loop');
execFileSync('gcc', ['-O2', '-o', loop, path.join(root, 'bench', 'getppid-loop.c')]);

// The BEGIN printf only says when it is attached (bpftrace runs BEGIN after attaching).
const ONE_LINER =
	'BEGIN { printf("attached\\n"); } tracepoint:raw_syscalls:sys_enter { @start[tid] = nsecs; } ' +
	'tracepoint:raw_syscalls:sys_exit /@start[tid]/ { @ns[args->id] = hist(nsecs - @start[tid]); delete(@start[tid]); }';

/**
 * A system-wide bpftrace tracer: started, awaited until `ready` appears in its output
 * (bpftrace prints attached_probes before it attaches), stopped after the loop.
 */
const bpftrace = (args, ready, env = {}) => ({kind: 'bpftrace', args: ['-f', 'json', ...args], ready, env});

const collector = script => bpftrace([script, '1', '', '0', '0', '0', '0', '0', '0', '0', '0', '99', '10000000', '100'], '"type": "time"', {BPFTRACE_MAP_KEYS_MAX: '65536'});
const configs = [
	{name: 'untraced', kind: 'plain'},
	{name: 'tracetop syscalls.bt', ...collector(path.join(root, 'collectors', 'syscalls.bt'))},
	...others.map(script => ({name: path.basename(script), ...collector(script)})),
	{name: 'one-liner enter/exit hist', ...bpftrace(['-e', ONE_LINER], '"type": "printf"')},
	{name: 'syscount.bt', ...bpftrace(['/usr/sbin/syscount.bt'], '"type": "printf"')},
	// perf trace and strace cost tens of µs per call: a twentieth and a hundredth of the calls.
	{name: 'perf trace -s', kind: 'wrap', wrap: ['perf', 'trace', '-s', '-o', '/dev/null', '--'], share: 0.05},
	{name: 'strace -c', kind: 'wrap', wrap: ['strace', '-c', '-o', '/dev/null', '--'], share: 0.01},
];

/** Runs per configuration and round; the fastest counts, as other processes only ever add time. */
const RUNS = 3;

function runLoop(prefix, n) {
	const [cmd, ...args] = [...prefix, loop, String(n)];
	let best = {wall: Infinity, cpu: Infinity};
	for (let i = 0; i < RUNS; i++) {
		const [wall, cpu] = execFileSync(cmd, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim().split('\n').at(-1).split(' ').map(Number);
		best = {wall: Math.min(best.wall, wall), cpu: Math.min(best.cpu, cpu)};
	}
	return best;
}

async function startTracer(config) {
	const child = spawn('bpftrace', config.args, {env: {...process.env, ...config.env}, stdio: ['ignore', 'pipe', 'ignore']});
	let tail = '';
	let ready = false;
	child.stdout.on('data', d => {
		// Only the marker matters: keep a short tail across chunk boundaries, not the output.
		tail = (tail + d).slice(-4096);
		ready ||= tail.includes(config.ready);
	});
	const start = Date.now();
	while (!ready) {
		if (Date.now() - start > 60_000 || child.exitCode !== null) throw new Error(`${config.name}: bpftrace did not attach`);
		await sleep(50);
	}
	return child;
}

async function stopTracer(child) {
	const done = new Promise(r => child.once('exit', r));
	child.kill('SIGINT');
	const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
	await done;
	clearTimeout(timer);
}

async function measure(config) {
	const n = Math.max(1000, Math.round(calls * (config.share ?? 1)));
	if (config.kind === 'plain') return runLoop([], n);
	if (config.kind === 'wrap') return runLoop(config.wrap, n);
	const child = await startTracer(config);
	try {
		return runLoop([], n);
	} finally {
		await stopTracer(child);
	}
}

const results = new Map(configs.map(c => [c.name, []]));
for (let r = 0; r < rounds; r++) {
	// Rotate the order each round so no configuration always runs first.
	for (let i = 0; i < configs.length; i++) {
		const config = configs[(i + r) % configs.length];
		results.get(config.name).push(await measure(config));
	}
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const med = (name, clock) => median(results.get(name).map(v => v[clock]));
console.log(`getppid() ns per call, median of ${rounds} rounds (each the fastest of ${RUNS} runs of ${calls} calls; perf trace ${Math.round(calls / 20)}, strace ${Math.round(calls / 100)}), ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
for (const clock of ['cpu', 'wall']) {
	const base = med('untraced', clock);
	console.log(`\n${clock === 'cpu' ? 'CPU time of the loop' : 'wall time'}:`);
	for (const [name, values] of results) {
		const m = med(name, clock);
		console.log(
			`${name.padEnd(28)} ${m.toFixed(0).padStart(8)} ns  ${(m / base).toFixed(2).padStart(7)}x untraced  +${(m - base).toFixed(0).padStart(6)} ns/call   (rounds: ${values.map(v => v[clock].toFixed(0)).join(', ')})`,
		);
	}
	const ours = med('tracetop syscalls.bt', clock);
	const one = med('one-liner enter/exit hist', clock);
	console.log(`tracetop vs the one-liner: ${(ours / one).toFixed(2)}x its time per call; added cost ${((ours - base) / (one - base)).toFixed(2)}x the one-liner's`);
}
fs.rmSync(dir, {recursive: true, force: true});
