// What the dashboard costs, side by side with htop (-d 10, i.e. 1 s) and btop (2 s) in
// the same run and at the same tmux size (issue 11): node CPU and terminal bytes per
// second on every pane, memory (PSS of node and every collector), startup to the first
// frame and to the first data, key press to screen, `collapse` on empty input against
// `node -e 0`, an hour of replay at high speed (RSS and event-loop stalls), and what the
// collectors cost a workload. Ratios are the figures to quote: the machine is shared.
//
//   npm run bench                        everything (root, bpftrace, tmux, htop, btop, fio, gcc)
//   node bench/footprint.mjs [SECTION...] [--seconds N]
//   sections: cost startup keys headless replay overhead collectors
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {cli, cpuSeconds, countTerminalBytes, median, pssMiB, root, rssMiB, screen, sleep, startInTmux, tmux, treeOf, comm} from './lib.mjs';

const args = process.argv.slice(2);
const secondsAt = args.indexOf('--seconds');
const SECONDS = secondsAt >= 0 ? Number(args.splice(secondsAt, 2)[1]) : 20;
const ALL = ['cost', 'startup', 'keys', 'headless', 'replay', 'overhead', 'collectors'];
const sections = args.length > 0 ? args : ALL;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-bench-'));
const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
const has = bin => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

console.log(`# tracetop footprint — ${new Date().toISOString()}`);
console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load ${os.loadavg().map(l => l.toFixed(2)).join(' ')}`);

/** tracetop's views, each entered by keys from the run-queue pane and left by `leave`. */
const VIEWS = [
	{name: 'run queue', keys: ['1'], leave: []},
	{name: 'profile', keys: ['2'], leave: ['1']},
	{name: 'flame graph', keys: ['2', 'f'], leave: ['f', '1']},
	{name: 'syscalls', keys: ['3'], leave: ['1']},
	{name: 'block I/O', keys: ['4'], leave: ['1']},
	{name: 'USE', keys: ['5'], leave: ['1']},
];

function readyFor(name, pattern, timeoutMs = 30_000) {
	const start = Date.now();
	return (async () => {
		while (Date.now() - start < timeoutMs) {
			if (pattern.test(screen(name))) return true;
			await sleep(50);
		}
		throw new Error(`${name}: the screen never showed ${pattern}:\n${screen(name)}`);
	})();
}

/** CPU seconds and terminal bytes of one tmux session's program (and its collectors). */
function meter(name, pid, bytes) {
	const tree = () => treeOf(pid).slice(1).filter(p => {
		try {
			return comm(p) === 'bpftrace';
		} catch {
			return false;
		}
	});
	const read = () => ({t: performance.now(), cpu: cpuSeconds(pid), kids: tree().reduce((n, p) => n + cpuSeconds(p), 0), bytes: bytes()});
	return {name, pid, read, collectors: tree};
}

function rates(a, b) {
	const wall = (b.t - a.t) / 1000;
	return {cpu: ((b.cpu - a.cpu) / wall) * 100, kids: ((b.kids - a.kids) / wall) * 100, bytes: (b.bytes - a.bytes) / wall};
}

async function cost() {
	console.log(`\n## CPU, terminal bytes and memory, live at a 1 s interval (${SECONDS} s per view, all three at once)`);
	for (const [columns, rows] of [[100, 30], [200, 50]]) {
		const size = `${columns}x${rows}`;
		const peers = [
			{name: 'tracetop', cmd: `sh -c 'cd ${root}; exec node ${cli}'`, ready: /usecs +count +distribution/},
			{name: 'htop', cmd: 'htop -d 10', ready: /Load average/},
			...(has('btop') ? [{name: 'btop', cmd: 'btop', ready: /cpu|proc/i}] : []),
		];
		const meters = [];
		for (const p of peers) {
			const session = `fp-${p.name}`;
			const pid = startInTmux(session, p.cmd, columns, rows);
			const bytes = countTerminalBytes(session, path.join(scratch, `${p.name}-${size}.bytes`));
			meters.push({...meter(p.name, pid, bytes), session, ready: p.ready});
		}
		for (const m of meters) await readyFor(m.session, m.ready);
		await sleep(3000);
		const tt = meters[0];
		for (const view of VIEWS) {
			for (const key of view.keys) tmux('send-keys', '-t', tt.session, key);
			await sleep(3000);
			if (/not built yet/.test(screen(tt.session))) {
				for (const key of view.leave) tmux('send-keys', '-t', tt.session, key);
				continue;
			}
			const before = meters.map(m => m.read());
			await sleep(SECONDS * 1000);
			const after = meters.map(m => m.read());
			if (/not built yet/.test(screen(tt.session))) {
				for (const key of view.leave) tmux('send-keys', '-t', tt.session, key);
				continue;
			}
			const r = meters.map((m, i) => rates(before[i], after[i]));
			const [t, h, b] = r;
			console.log(
				`${size} ${view.name.padEnd(12)} node CPU ${fmt(t.cpu)}% (collectors ${fmt(t.kids)}%)  htop ${fmt(h.cpu)}%` +
					(b ? `  btop ${fmt(b.cpu)}%` : '') +
					`  → ${ratio(t.cpu, h.cpu)} htop | bytes/s ${fmt(t.bytes, 0)}  htop ${fmt(h.bytes, 0)}` +
					(b ? `  btop ${fmt(b.bytes, 0)}` : '') +
					`  → ${ratio(t.bytes, h.bytes)} htop`,
			);
			for (const key of view.leave) tmux('send-keys', '-t', tt.session, key);
		}
		const collectors = tt.collectors();
		const collectorPss = collectors.map(pssMiB);
		const nodePss = pssMiB(tt.pid);
		console.log(
			`${size} memory: tracetop node RSS ${fmt(rssMiB(tt.pid), 0)} MiB, PSS ${fmt(nodePss, 0)} MiB; ${collectors.length} bpftrace PSS ${collectorPss.map(x => fmt(x, 0)).join(' + ')} MiB; ` +
				`all ${fmt(nodePss + collectorPss.reduce((a, b) => a + b, 0), 0)} MiB PSS | htop ${fmt(pssMiB(meters[1].pid), 1)} MiB` +
				(meters[2] ? `  btop ${fmt(pssMiB(meters[2].pid), 1)} MiB` : ''),
		);
		for (const m of meters) tmux('kill-session', '-t', m.session);
		await sleep(1500);
	}
}

/** Starts a command in tmux held at a `read`, then times from Enter to the pattern. */
async function timeToScreen(command, pattern, columns = 100, rows = 30, timeoutMs = 30_000) {
	const session = 'fp-start';
	startInTmux(session, `sh -c 'read go; cd ${root}; exec ${command}'`, columns, rows);
	await sleep(200);
	const start = performance.now();
	tmux('send-keys', '-t', session, 'Enter');
	while (performance.now() - start < timeoutMs) {
		if (pattern.test(screen(session))) {
			const ms = performance.now() - start;
			tmux('kill-session', '-t', session);
			return ms;
		}
		await sleep(5);
	}
	tmux('kill-session', '-t', session);
	throw new Error(`never saw ${pattern}`);
}

/** The dashboard's always-on bpftrace collectors, exactly as it starts them. */
async function dashboardCollectors() {
	const registry = await import(path.join(root, 'dist/source/panes/registry.js'));
	const panes = (registry.panesFor ? registry.panesFor({intervalSec: 1, pids: []}) : registry.panes).filter(p => !p.planned);
	const unique = new Map();
	for (const pane of panes) for (const spec of pane.collectors({intervalSec: 1, pids: []}, {})) unique.set(spec.id, spec);
	return [...unique.values()].filter(s => s.kind === 'bpftrace' && !s.onDemand);
}

/** bpftrace alone, from exec to its first interval marker: the floor for first data. */
async function bpftraceFirstInterval(spec) {
	const start = performance.now();
	const child = spawn('bpftrace', ['-f', 'json', path.join(root, 'collectors', spec.script), ...spec.args], {
		stdio: ['ignore', 'pipe', 'ignore'],
		env: {...process.env, ...spec.env},
	});
	let buffered = '';
	await new Promise(resolve => child.stdout.on('data', d => (buffered += d).includes('"time"') && resolve()));
	child.kill('SIGINT');
	await new Promise(resolve => child.on('exit', resolve));
	return performance.now() - start;
}

const FIRST_FRAME = /tracetop .*\n.*\n.*1 Run queue/;

async function startup() {
	console.log('\n## Startup (tmux 100x30, from Enter to the screen; 3 runs, median)');
	const runs = 3;
	const specs = await dashboardCollectors();
	const floor = [];
	const demoFrame = [];
	const liveFrame = [];
	const liveHistogram = [];
	const alone = new Map(specs.map(s => [s.id, []]));
	const frameFile = path.join(scratch, 'prints-frame.mjs');
	fs.writeFileSync(frameFile, "process.stdout.write(' tracetop x\\n\\n 1 Run queue\\n'); setTimeout(() => 0, 9000);\n");
	const printsFrame = `node ${frameFile}`;
	for (let i = 0; i < runs; i++) {
		floor.push(await timeToScreen(printsFrame, FIRST_FRAME));
		demoFrame.push(await timeToScreen(`node ${cli} --demo`, FIRST_FRAME));
		liveFrame.push(await timeToScreen(`node ${cli}`, FIRST_FRAME));
		liveHistogram.push(await timeToScreen(`node ${cli}`, /usecs +count +distribution/));
		for (const spec of specs) alone.get(spec.id).push(await bpftraceFirstInterval(spec));
		await sleep(300);
	}
	const list = xs => xs.map(x => fmt(x, 0)).join(', ');
	const slowest = Math.max(...[...alone.values()].map(median));
	console.log(`node printing the same 3 lines:   ${fmt(median(floor), 0)} ms  (${list(floor)})   the floor of this measurement`);
	console.log(`first frame, demo:                 ${fmt(median(demoFrame), 0)} ms  (${list(demoFrame)})   goal ≤ 400 ms`);
	console.log(`first frame, live:                 ${fmt(median(liveFrame), 0)} ms  (${list(liveFrame)})   goal ≤ 400 ms`);
	console.log(`first histogram, live:             ${fmt(median(liveHistogram), 0)} ms  (${list(liveHistogram)})  → slowest collector +${fmt(median(liveHistogram) - slowest, 0)} ms (goal ≤ +200)`);
	for (const [id, xs] of alone) console.log(`${(id + ' alone, first interval:').padEnd(35)}${fmt(median(xs), 0)} ms  (${list(xs)})`);
}

/**
 * Key press to screen in a pty (script): from writing the key to the end of the output
 * it causes (the first byte after the key, then 15 ms of quiet). `keys` alternate.
 */
async function keyLatency(command, keys, ready, presses = 30) {
	const child = spawn('script', ['-qfec', `stty rows 50 cols 200; cd ${root}; exec ${command}`, '/dev/null'], {stdio: ['pipe', 'pipe', 'ignore'], env: {...process.env, TERM: 'xterm-256color'}});
	let last = 0;
	let seen = '';
	let drawn = false;
	child.stdout.on('data', d => {
		last = performance.now();
		seen = (seen + d.toString('latin1')).slice(-65536);
		drawn ||= ready.test(seen);
	});
	const start = performance.now();
	while (!drawn) {
		if (performance.now() - start > 30_000) throw new Error(`${command} never drew ${ready}`);
		await sleep(50);
	}
	await sleep(2000);
	const latencies = [];
	for (let i = 0; i < presses; i++) {
		await sleep(250 + Math.random() * 250);
		const before = last;
		const t0 = performance.now();
		child.stdin.write(keys[i % keys.length]);
		while (last === before && performance.now() - t0 < 2000) await sleep(1);
		while (performance.now() - last < 15) await sleep(1);
		latencies.push(last - t0);
	}
	child.kill('SIGTERM');
	child.stdin.write('q');
	await new Promise(resolve => child.on('exit', resolve));
	const sorted = [...latencies].sort((a, b) => a - b);
	return {median: median(latencies), p90: sorted[Math.floor(sorted.length * 0.9)], worst: sorted.at(-1)};
}

async function keys() {
	console.log('\n## Key press to screen, live, 200x50 (pty), every collector of the dashboard running; htop in the same run');
	const show = (name, r) => console.log(`${name.padEnd(36)} median ${fmt(r.median, 0)} ms, p90 ${fmt(r.p90, 0)} ms, worst ${fmt(r.worst, 0)} ms`);
	const tracetop = await keyLatency(`node ${cli}`, ['2', '1'], /distribution/);
	const htop = await keyLatency('htop -d 10', ['H'], /Load average/);
	show('tracetop, pane switches 1↔2', tracetop);
	show('htop, H (threads shown/hidden)', htop);
	console.log(`ratio of medians ${ratio(tracetop.median, htop.median)} (goal: ≤ 30 ms median, ≤ 100 ms worst)`);
}

/** Wall ms of one run; `collapse` of empty input exits 1 ("no stacks found"), which is its answer. */
function wallMs(cmd, cmdArgs, input, okStatus = [0]) {
	const start = process.hrtime.bigint();
	const r = spawnSync(cmd, cmdArgs, {input, stdio: ['pipe', 'ignore', 'ignore']});
	if (!okStatus.includes(r.status)) throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${r.status}`);
	return Number(process.hrtime.bigint() - start) / 1e6;
}

async function headless() {
	console.log('\n## Headless commands (15 runs each, interleaved, wall time median)');
	const floor = [];
	const collapse = [];
	const version = [];
	for (let i = 0; i < 16; i++) {
		const f = wallMs('node', ['-e', '0']);
		const c = wallMs('node', [cli, 'collapse', '-'], '', [1]);
		const v = wallMs('node', [cli, '--version']);
		if (i === 0) continue; // warm-up
		floor.push(f);
		collapse.push(c);
		version.push(v);
	}
	console.log(`node -e 0:               ${fmt(median(floor), 0)} ms`);
	console.log(`collapse < empty input:  ${fmt(median(collapse), 0)} ms  → ${ratio(median(collapse), median(floor))} node -e 0 (goal ≤ 1.2x)`);
	console.log(`--version:               ${fmt(median(version), 0)} ms  → ${ratio(median(version), median(floor))} node -e 0`);
	for (const [name, argv] of [['--version', ['--version']], ['collapse', ['collapse', '-']], ['--demo (first 1 s)', ['--demo']]]) {
		const modules = loadedModules(argv);
		console.log(`modules loaded by ${name}: ${modules.total} files (execa ${modules.execa}, ink ${modules.ink}, react ${modules.react})`);
	}
}

/** Which module files a command opens (strace), counted by package. */
function loadedModules(argv) {
	const out = path.join(scratch, 'modules.strace');
	const script = `stty rows 30 cols 100; exec strace -f -qq -e trace=openat -o ${out} node ${cli} ${argv.join(' ')}`;
	spawnSync('script', ['-qec', `timeout -s INT 1.5 sh -c '${script}'`, '/dev/null'], {input: '', timeout: 8000, stdio: ['pipe', 'ignore', 'ignore']});
	const files = new Set(
		(fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '')
			.split('\n')
			.map(l => /openat\(AT_FDCWD, "([^"]+\.[cm]?js)"/.exec(l)?.[1])
			.filter(Boolean),
	);
	const count = name => [...files].filter(f => f.includes(`/node_modules/${name}/`)).length;
	return {total: files.size, execa: count('execa'), ink: count('ink'), react: count('react')};
}

async function replay() {
	const speed = 240;
	const wall = 15;
	console.log(`\n## One hour of replay at ${speed}x (${wall} s wall, the demo looped, 100x30)`);
	const probe = path.join(root, 'bench', 'event-loop-probe.mjs');
	const log = path.join(scratch, 'probe.jsonl');
	startInTmux('fp-replay', `sh -c 'cd ${root}; BENCH_PROBE_OUT=${log} exec node --import ${probe} ${cli} --demo --speed ${speed}'`, 100, 30);
	await sleep(wall * 1000);
	tmux('kill-session', '-t', 'fp-replay');
	await sleep(300);
	const samples = fs.readFileSync(log, 'utf8').trim().split('\n').map(l => JSON.parse(l));
	const steady = samples.filter(s => s.t >= 3);
	const half = steady.slice(Math.floor(steady.length / 2));
	console.log(`RSS: ${fmt(steady[0]?.rssMiB, 0)} MiB at 3 s, second half ${fmt(Math.min(...half.map(s => s.rssMiB)), 0)}–${fmt(Math.max(...half.map(s => s.rssMiB)), 0)} MiB, end ${fmt(samples.at(-1).rssMiB, 0)} MiB`);
	console.log(`event-loop delay after 3 s: worst ${fmt(Math.max(...steady.map(s => s.maxMs)), 0)} ms, p99 per second up to ${fmt(Math.max(...steady.map(s => s.p99Ms)), 0)} ms (goal: no stall over 100 ms); startup's worst ${fmt(Math.max(...samples.filter(s => s.t < 3).map(s => s.maxMs)), 0)} ms`);
}

function compile(name, source) {
	const c = path.join(scratch, `${name}.c`);
	fs.writeFileSync(c, source);
	execFileSync('gcc', ['-O2', '-o', path.join(scratch, name), c]);
	return path.join(scratch, name);
}

async function overhead() {
	console.log('\n## Workload overhead with the dashboard live (run queue pane, 100x30): baseline, with, baseline');
	const cpuLoop = compile('cpu-loop', 'int main(void){volatile unsigned long x=0;for(unsigned long i=0;i<600000000UL;i++)x+=i*i;return 0;}');
	const getppid = compile('getppid-loop', '#include <unistd.h>\nint main(void){for(int i=0;i<3000000;i++)getppid();return 0;}');
	const fioFile = path.join('/var/tmp', `tracetop-bench-${process.pid}.fio`);
	const fioIops = () => {
		const r = spawnSync('fio', ['--name=dio', `--filename=${fioFile}`, '--size=64M', '--bs=4k', '--direct=1', '--rw=randread', '--ioengine=psync', '--runtime=4', '--time_based', '--output-format=json'], {encoding: 'utf8'});
		return JSON.parse(r.stdout).jobs[0].read.iops;
	};
	const workloads = [
		{name: 'CPU-bound loop', unit: 'ms', run: () => wallMs(cpuLoop, [])},
		{name: 'getppid loop (3M)', unit: 'ms', run: () => wallMs(getppid, [])},
		...(has('fio') ? [{name: 'fio 4k direct randread', unit: 'IOPS', run: fioIops, higherIsBetter: true}] : []),
	];
	const runAll = () => workloads.map(w => w.run());
	if (has('fio')) fioIops(); // lays out the file
	const base1 = runAll();
	startInTmux('fp-overhead', `sh -c 'cd ${root}; exec node ${cli}'`, 100, 30);
	await readyFor('fp-overhead', /usecs +count +distribution/);
	await sleep(2000);
	const withDashboard = runAll();
	tmux('kill-session', '-t', 'fp-overhead');
	await sleep(2000);
	const base2 = runAll();
	fs.rmSync(fioFile, {force: true});
	workloads.forEach((w, i) => {
		const base = (base1[i] + base2[i]) / 2;
		const slowdown = w.higherIsBetter ? base / withDashboard[i] : withDashboard[i] / base;
		console.log(`${w.name.padEnd(24)} baseline ${fmt(base1[i], 0)} / ${fmt(base2[i], 0)} ${w.unit}, with tracetop ${fmt(withDashboard[i], 0)} ${w.unit}  → slowdown ${fmt(slowdown)}x (baselines differ by ${fmt(Math.abs(base1[i] - base2[i]) / base * 100, 1)}%)`);
	});
}

/**
 * One bpftrace per collector against one process for several: runqlat and profile run
 * side by side, then as one script (the second's BEGIN dropped, its END merged into the
 * first's); PSS of each once both printed an interval.
 */
async function collectors() {
	console.log('\n## bpftrace: one process per collector vs one for runqlat + profile (PSS after the first interval)');
	const specs = (await dashboardCollectors()).filter(s => s.id === 'runqlat' || s.id === 'profile');
	const read = id => fs.readFileSync(path.join(root, 'collectors', specs.find(s => s.id === id).script), 'utf8');
	const block = (text, name) => {
		const i = text.indexOf(`\n${name}\n`);
		const j = text.indexOf('\n}', i) + 2;
		return {body: text.slice(text.indexOf('{', i) + 1, j - 2), without: text.slice(0, i) + text.slice(j)};
	};
	const runq = read('runqlat');
	const prof = block(block(read('profile'), 'BEGIN').without, 'END');
	const end = runq.indexOf('\n}', runq.indexOf('\nEND\n'));
	const merged = path.join(scratch, 'merged.bt');
	fs.writeFileSync(merged, runq.slice(0, end) + prof.body + runq.slice(end) + '\n' + prof.without);
	const env = {...process.env, BPFTRACE_MAP_KEYS_MAX: '65536', ...specs.find(s => s.id === 'profile').env};
	const args = specs.find(s => s.id === 'profile').args;
	const measure = async scripts => {
		const kids = scripts.map(script => {
			const child = spawn('bpftrace', ['-f', 'json', script, ...args], {env, stdio: ['ignore', 'pipe', 'ignore']});
			let out = '';
			child.ready = new Promise(resolve => child.stdout.on('data', d => (out += d).includes('"time"') && resolve()));
			return child;
		});
		await Promise.all(kids.map(k => Promise.race([k.ready, sleep(60_000)])));
		await sleep(3000);
		const pss = kids.map(k => pssMiB(k.pid));
		for (const k of kids) k.kill('SIGINT');
		await Promise.all(kids.map(k => new Promise(resolve => k.on('exit', resolve))));
		return pss;
	};
	for (let round = 0; round < 2; round++) {
		const apart = await measure(specs.map(s => path.join(root, 'collectors', s.script)));
		const [one] = await measure([merged]);
		console.log(`separate: ${apart.map(x => fmt(x, 0)).join(' + ')} = ${fmt(apart.reduce((a, b) => a + b, 0), 0)} MiB PSS  |  one process: ${fmt(one, 0)} MiB PSS`);
	}
}

const run = {cost, startup, keys, headless, replay, overhead, collectors};
for (const name of sections) {
	if (!run[name]) throw new Error(`unknown section ${name}; sections: ${ALL.join(' ')}`);
	await run[name]();
}
if (!process.env.BENCH_KEEP) fs.rmSync(scratch, {recursive: true, force: true});
