// tracetop against Brendan Gregg's FlameGraph scripts, each case one input given to both
// tools as a whole process (start-up, reading and writing included), alternately, RUNS
// times; the table gives each side's median wall time, the ratio, and each side's peak
// RSS (GNU time's maximum resident set size). Inputs are made here: synthetic `perf
// script` captures of about 0.5, 5 and 50 MB drawn from a seeded model of a machine's
// call stacks, and, where perf and root are at hand, a real `perf record -a -g` capture
// of a workload run meanwhile. Outputs are compared byte for byte.
//
//   npm run bench:flame                      (builds, then runs every case)
//   node bench/flame-vs-perl.mjs [--runs N] [--sizes 0.5,5,50] [--real SECONDS] [--only NAME] [--keep DIR]
//
// Needs dist/ (npm run build), perl, and the peer checkout at ../peers/FlameGraph beside
// this one or /work/peers/FlameGraph (or FLAMEGRAPH_DIR). Run it on a quiet machine, or under `nice -n 10` beside
// other work, and read the ratios more than the times.
//
// Structure: `cases` is a list of {name, group, input(dir) -> file, commands(file, dir)},
// where commands gives {ours, perl} as [command, ...args] writing to stdout (or `oursFile`
// where tracetop writes a file) and, optionally, `same(perlOut, oursOut)` and
// `stacks(input)`; the collapse group is below, then the flame group (flamegraph.pl
// against `tracetop flame --input`, SVGs compared frame by frame).
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {cli, root} from './lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const at = args.indexOf(`--${name}`);
	return at >= 0 ? args[at + 1] : fallback;
};
const RUNS = Number(option('runs', 5));
const SIZES = option('sizes', '0.5,5,50').split(',').map(Number);
const REAL_SECONDS = Number(option('real', 20));
const ONLY = option('only', undefined);
/** Where to leave the inputs for a closer look (they are deleted otherwise). */
const KEEP = option('keep', undefined);

const peers = process.env.FLAMEGRAPH_DIR ?? [path.resolve(root, '..', 'peers', 'FlameGraph'), '/work/peers/FlameGraph'].find(dir => fs.existsSync(dir)) ?? '../peers/FlameGraph';
const stackcollapse = path.join(peers, 'stackcollapse-perf.pl');
if (!fs.existsSync(stackcollapse)) {
	console.error(`${stackcollapse} not found: check out https://github.com/brendangregg/FlameGraph there, or set FLAMEGRAPH_DIR`);
	process.exit(1);
}
if (!fs.existsSync(cli)) {
	console.error('dist/bundle is missing: run `npm run build` first');
	process.exit(1);
}
const has = command => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const gnuTime = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** mulberry32: a small seeded generator, so every run draws the same inputs. */
function random(seed) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * A synthetic `perf script` capture (perf's default fields) of about `megabytes`, shaped
 * like a real one: processes of
 * several kinds (a C++ server with its libraries, a JVM with JIT frames, a Python
 * interpreter, idle and kernel threads), each walking its own call graph from a fixed
 * root chain, kernel frames on top where a sample hit a system call or an interrupt, and
 * symbol offsets that vary at the leaf. Stacks are drawn from a pool with a Zipf-like
 * skew (a few hot stacks, a long tail), the pool growing with the input, so the share of
 * distinct stacks stays between that of short and long real captures.
 */
function syntheticCapture(megabytes, seed) {
	const next = random(seed);
	const pick = list => list[Math.floor(next() * list.length)];
	const library = (module, base, count, name) => ({module, base, names: Array.from({length: count}, (_, i) => name(i))});
	/** A frame: [library, function index, offset]. */
	const frame = (lib, index, offset = 0x10 + Math.floor(next() * 0x300)) => [lib, index, offset];
	const named = (lib, name) => {
		if (!lib.names.includes(name)) lib.names.push(name);
		return frame(lib, lib.names.indexOf(name), 0x20 + Math.floor(next() * 0x80));
	};
	const kernel = library('[kernel.kallsyms]', 0xffffffff81000000, 0, () => '');
	kernel.names.push(...['do_syscall_64', 'entry_SYSCALL_64_after_hwframe', 'ksys_read', 'vfs_read', 'ksys_write', 'vfs_write', 'new_sync_read', 'ext4_file_read_iter', 'filemap_read', 'copy_page_to_iter', '__x64_sys_futex', 'futex_wait', 'schedule', '__schedule', 'finish_task_switch.isra.0', 'tcp_sendmsg', 'tcp_sendmsg_locked', '__tcp_transmit_skb', 'ip_queue_xmit', '__dev_queue_xmit', 'asm_sysvec_apic_timer_interrupt', 'sysvec_apic_timer_interrupt', '__irq_exit_rcu', 'handle_softirqs', 'net_rx_action', '__napi_poll', 'clear_page_erms', 'asm_exc_page_fault', 'exc_page_fault', 'do_user_addr_fault', 'handle_mm_fault', '__handle_mm_fault', 'do_anonymous_page', 'native_safe_halt', 'default_idle', 'default_idle_call', 'do_idle', 'cpu_startup_entry', 'start_secondary']);
	const libc = library('/usr/lib/x86_64-linux-gnu/libc.so.6', 0x7f3a5c000000, 120, i => ['__memmove_avx_unaligned_erms', 'malloc', '_int_malloc', 'free', '__libc_recv', '__libc_send', 'pthread_mutex_lock', '__GI___poll', 'read', 'write'][i % 10] + (i < 10 ? '' : `_${i}`));
	const server = library('/usr/local/bin/server', 0x400000, 900, i => `${['app::Server::', 'app::Router::', 'db::Pool::', 'std::vector<int, std::allocator<int> >::', 'proto::Message::'][i % 5]}handle${i}(int, std::string const&)`);
	const ssl = library('/usr/lib/x86_64-linux-gnu/libssl.so.3', 0x7f3a5d000000, 80, i => `SSL_func_${i}`);
	const jit = library('/tmp/perf-4242.map', 0x7f2b00000000, 700, i => `Lcom/example/service/Handler${i % 60};.process${i}(Ljava/lang/String;)V`);
	const libjvm = library('/usr/lib/jvm/java-17/lib/server/libjvm.so', 0x7f2c00000000, 300, i => `JavaThread::run_${i}`);
	const python = library('/usr/bin/python3.11', 0x500000, 400, i => ['_PyEval_EvalFrameDefault', 'PyObject_Call', 'call_function', 'dict_subscript', 'list_append', '_PyFunction_Vectorcall'][i % 6] + (i < 6 ? '' : `.cold.${i}`));
	const programs = [
		{comms: ['server', 'server-worker', 'server-io'], pids: [3100, 3101, 3102, 3103], roots: () => [named(libc, '__libc_start_main'), named(server, 'main')], libraries: [server, server, server, libc, ssl]},
		{comms: ['java', 'C2 CompilerThre', 'VM Thread'], pids: [4242, 4243, 4250], roots: () => [named(libc, 'start_thread'), named(libjvm, 'thread_native_entry')], libraries: [jit, jit, libjvm, libc]},
		{comms: ['python3'], pids: [5150], roots: () => [named(libc, '__libc_start_main'), named(python, 'Py_RunMain')], libraries: [python, python, libc]},
	];
	const idle = {comms: ['swapper'], pids: [0]};
	// Each function calls a handful of others of its program, each from its own call site
	// (the offset of the caller's frame line): stacks share their callers.
	const callees = new Map();
	const calleesOf = (program, [lib, index]) => {
		const key = `${lib.module}\0${index}`;
		if (!callees.has(key)) {
			callees.set(
				key,
				Array.from({length: 2 + Math.floor(next() * 4)}, () => {
					const callee = pick(program.libraries);
					return {lib: callee, index: Math.floor(next() * callee.names.length), site: 0x10 + Math.floor(next() * 0x300)};
				}),
			);
		}
		return callees.get(key);
	};
	const kernelPath = () => Array.from({length: 3 + Math.floor(next() * 12)}, () => frame(kernel, Math.floor(next() * kernel.names.length)));
	const newStack = () => {
		if (next() < 0.08) return {who: idle, frames: kernelPath(), leafOffsets: 4};
		const program = programs[Math.floor(next() ** 1.5 * programs.length)];
		// From the root down; perf prints the leaf first.
		const path = program.roots();
		const depth = 4 + Math.floor(next() * 40);
		for (let i = 0; i < depth; i++) {
			const caller = path.at(-1);
			// A function calls its first callees most.
			const list = calleesOf(program, caller);
			const {lib, index, site} = list[Math.floor(list.length * next() ** 2)];
			caller[2] = site;
			path.push(frame(lib, index));
		}
		const frames = path.reverse();
		if (next() < 0.35) frames.unshift(...kernelPath());
		return {who: program, frames, leafOffsets: 1 + Math.floor(next() * 12)};
	};
	const frameLine = ([lib, index, offset]) => `\t${(lib.base + index * 0x400 + offset).toString(16).padStart(16, ' ')} ${lib.names[index]}+0x${offset.toString(16)} (${lib.module})`;
	const samples = [];
	let bytes = 0;
	let time = 1234.5;
	const pool = [];
	while (bytes < megabytes * 1e6) {
		// The pool grows as samples are drawn, by a stack every 4 samples or so.
		if (pool.length === 0 || next() < 0.25) pool.push(newStack());
		const stack = pool[Math.floor(pool.length * next() ** 3)];
		const tid = pick(stack.who.pids) + Math.floor(next() * 3);
		time += 0.000137;
		// As perf 6 prints it by default: the thread id alone, padded.
		const header = `${pick(stack.who.comms)} ${String(tid).padStart(5)} [${String(Math.floor(next() * 16)).padStart(3, '0')}] ${time.toFixed(6).padStart(12)}: ${'1001001'.padStart(10)} cpu-clock:pppH: `;
		// The leaf's offset varies from sample to sample: the program counter moves inside it.
		const [leaf, ...callers] = stack.frames;
		const lines = [frameLine([leaf[0], leaf[1], leaf[2] + 4 * Math.floor(next() * stack.leafOffsets)]), ...callers.map(frameLine)];
		const sample = `${header}\n${lines.join('\n')}\n\n`;
		samples.push(sample);
		bytes += sample.length;
	}
	return samples.join('');
}

/** A capture of this machine: `perf record -a -g` while node, gzip and sort keep it busy. */
function realCapture(dir, seconds) {
	const data = path.join(dir, 'real.data');
	const busy = `end=$(($(date +%s) + ${seconds})); while [ "$(date +%s)" -lt "$end" ]; do
		${process.execPath} -e 'const m = new Map(); for (let i = 0; i < 300000; i++) m.set("k" + i, {i}); JSON.stringify([...m.values()]).length';
		head -c 20000000 /dev/urandom | gzip -1 | gunzip | sort -S 16M | sha256sum > /dev/null;
		find /usr/lib -name '*.so*' 2>/dev/null | head -2000 | xargs cat 2>/dev/null | wc -c > /dev/null;
	done`;
	execFileSync('perf', ['record', '-a', '-g', '-F', '999', '-o', data, '--', 'sh', '-c', busy], {stdio: 'ignore'});
	const file = path.join(dir, 'real.txt');
	execFileSync('sh', ['-c', `perf script -i ${data} > ${file} 2>/dev/null`]);
	fs.rmSync(data);
	return file;
}

const collapse = file => ({ours: [process.execPath, cli, 'collapse', file], perl: ['perl', stackcollapse, file]});

const cases = [
	...SIZES.map((megabytes, i) => ({
		name: `collapse, synthetic perf script ~${megabytes} MB`,
		group: 'collapse',
		input: dir => {
			const file = path.join(dir, `synthetic-${megabytes}.txt`);
			fs.writeFileSync(file, syntheticCapture(megabytes, 7 + i), 'latin1');
			return file;
		},
		commands: collapse,
	})),
];
if (has('perf') && process.getuid?.() === 0) {
	cases.push({name: `collapse, real perf record -a -g capture (${REAL_SECONDS} s, 999 Hz)`, group: 'collapse', input: dir => realCapture(dir, REAL_SECONDS), commands: collapse});
} else {
	console.error('no real capture: it needs perf and root');
}

// flamegraph.pl against `tracetop flame --input`, both with flamegraph.pl's own colours
// (--colors hot, which tracetop draws value for value), on folded stacks made here like
// the (frames 3-19 deep, more lines than unique stacks, shuffled) at about 1,000,
// 5,000, 17,000 and 50,000 unique stacks, few stacks in many lines, and the real capture
// collapsed. The goals: 5x where perl takes over 0.5 s, 10x from 50,000 unique
// stacks, otherwise no slower.
const flamegraph = path.join(peers, 'flamegraph.pl');

/** `unique` stacks 3-19 frames deep through a synthetic call graph, as `lines` shuffled folded lines. */
function foldedInput(unique, lines) {
	const next = random(7);
	const pick = list => list[Math.floor(next() * list.length)];
	const user = Array.from({length: 2000}, (_, i) => `app::mod${i % 40}::fn_${i}`);
	const kernel = Array.from({length: 400}, (_, i) => `kfn_${i}_[k]`);
	// Each function calls a few others: stacks share prefixes as real ones do.
	const callees = new Map([...user, ...kernel].map(name => [name, Array.from({length: 2 + Math.floor(next() * 4)}, () => (name.endsWith('_[k]') ? pick(kernel) : next() < 0.1 ? pick(kernel) : pick(user)))]));
	const roots = ['java', 'python3', 'bash', 'nginx', 'swapper/0'];
	const stacks = new Set();
	while (stacks.size < unique) {
		const frames = [pick(roots), pick(user)];
		const depth = 3 + Math.floor(next() * 17);
		while (frames.length < depth) frames.push(pick(callees.get(frames.at(-1))));
		stacks.add(frames.join(';'));
	}
	const all = [...stacks];
	const out = Array.from({length: lines}, (_, i) => `${i < all.length ? all[i] : pick(all)} ${1 + Math.floor(50 * next() ** 3)}`);
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out.join('\n') + '\n';
}

/** Each drawn frame's name, place and size, in a stable order: both must draw exactly these. */
const drawnFrames = file =>
	[...fs.readFileSync(file, 'utf8').matchAll(/<title>([^<]*) \([^<]*<\/title><rect x="([^"]*)" y="([^"]*)" width="([^"]*)"/g)].map(m => `${m[1]} ${Number(m[2])} ${m[3]} ${Number(m[4])}`).sort();
const flameCommands = (file, dir) => ({
	ours: [process.execPath, cli, 'flame', '--input', file, '--colors', 'hot', '-o', path.join(dir, 'ours.svg'), '--force'],
	oursFile: path.join(dir, 'ours.svg'),
	perl: ['perl', flamegraph, '--colors', 'hot', file],
});
const flameCase = (name, input) => ({
	name: `flame, ${name}`,
	group: 'flame',
	input,
	commands: flameCommands,
	same: (perlOut, oursOut) => JSON.stringify(drawnFrames(perlOut)) === JSON.stringify(drawnFrames(oursOut)),
	stacks: file => new Set(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(line => line.slice(0, line.lastIndexOf(' ')))).size,
});
const generatedFolded = (unique, lines) => dir => {
	const file = path.join(dir, `folded-${unique}-${lines}.txt`);
	fs.writeFileSync(file, foldedInput(unique, lines));
	return file;
};
cases.push(
	flameCase('generated folded, ~1,000 stacks', generatedFolded(1000, 1500)),
	flameCase('generated folded, ~5,000 stacks', generatedFolded(5000, 8000)),
	flameCase("generated folded, ~17,000 stacks (the issue's 30,000 lines)", generatedFolded(16949, 30000)),
	flameCase('generated folded, ~50,000 stacks', generatedFolded(50000, 80000)),
	flameCase('generated folded, 2,000 stacks in 400,000 lines', generatedFolded(2000, 400_000)),
);
if (has('perf') && process.getuid?.() === 0) {
	cases.push(
		flameCase(`real perf record -a -g capture (${REAL_SECONDS} s, 999 Hz), collapsed`, dir => {
			const folded = path.join(dir, 'real.folded');
			fs.writeFileSync(folded, execFileSync(process.execPath, [cli, 'collapse', realCapture(dir, REAL_SECONDS)], {maxBuffer: 1 << 30}));
			return folded;
		}),
	);
}

/** One run of a command with stdout to `out`: wall seconds and peak RSS in MB (undefined without GNU time). */
function run(command, out) {
	const fd = fs.openSync(out, 'w');
	const rssFile = `${out}.rss`;
	const [program, ...rest] = gnuTime ? [gnuTime, '-f', '%M', '-o', rssFile, ...command] : command;
	const start = performance.now();
	const result = spawnSync(program, rest, {stdio: ['ignore', fd, 'ignore'], maxBuffer: 1 << 30});
	const seconds = (performance.now() - start) / 1000;
	fs.closeSync(fd);
	if (result.status !== 0) throw new Error(`${command.join(' ')} exited with ${result.status}`);
	const rss = gnuTime ? Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) / 1024 : undefined;
	return {seconds, rss};
}

const median = list => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const fastest = list => Math.min(...list);
const seconds = s => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const megabytes = mb => (mb === undefined ? 'n/a' : `${mb.toFixed(0)} MB`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flame-bench-'));
const rows = [];
try {
	for (const c of cases.filter(c => !ONLY || c.name.includes(ONLY) || c.group === ONLY)) {
		const input = c.input(dir);
		const {ours, perl, oursFile} = c.commands(input, dir);
		const times = {ours: [], perl: []};
		const rss = {ours: [], perl: []};
		for (let i = 0; i < RUNS; i++) {
			for (const side of i % 2 === 0 ? ['perl', 'ours'] : ['ours', 'perl']) {
				const r = run(side === 'ours' ? ours : perl, path.join(dir, `${side}.out`));
				times[side].push(r.seconds);
				if (r.rss !== undefined) rss[side].push(r.rss);
			}
		}
		const perlOut = path.join(dir, 'perl.out');
		const oursOut = oursFile ?? path.join(dir, 'ours.out');
		const same = c.same ? c.same(perlOut, oursOut) : fs.readFileSync(oursOut).equals(fs.readFileSync(perlOut));
		const stacks = c.stacks ? c.stacks(input) : fs.readFileSync(perlOut, 'latin1').split('\n').length - 1;
		const row = {
			name: c.name,
			input: `${(fs.statSync(input).size / 1e6).toFixed(1)} MB, ${stacks.toLocaleString('en')} unique stacks`,
			perl: median(times.perl),
			ours: median(times.ours),
			perlMin: fastest(times.perl),
			oursMin: fastest(times.ours),
			perlRss: rss.perl.length > 0 ? Math.max(...rss.perl) : undefined,
			oursRss: rss.ours.length > 0 ? Math.max(...rss.ours) : undefined,
			same,
		};
		rows.push(row);
		console.error(`${row.name}: perl ${seconds(row.perl)}, tracetop ${seconds(row.ours)}, ${(row.perl / row.ours).toFixed(1)}x, ${same ? 'identical output' : 'OUTPUT DIFFERS'}`);
		if (KEEP) fs.copyFileSync(input, path.join(KEEP, path.basename(input)));
		fs.rmSync(input);
	}
	// Start-up: a command that parses stacks against Node doing nothing.
	if (!ONLY || ONLY === 'startup') {
		const empty = path.join(dir, 'empty.txt');
		fs.writeFileSync(empty, '');
		const times = {node: [], ours: []};
		for (let i = 0; i < RUNS * 4; i++) {
			times.node.push(run([process.execPath, '-e', '0'], path.join(dir, 'node.out')).seconds);
			const start = performance.now();
			spawnSync(process.execPath, [cli, 'collapse', empty], {stdio: 'ignore'});
			times.ours.push((performance.now() - start) / 1000);
		}
		console.error(`start-up: node -e 0 ${seconds(median(times.node))}, tracetop collapse of an empty file ${seconds(median(times.ours))}, ${(median(times.ours) / median(times.node)).toFixed(2)}x`);
		rows.push({startup: true, node: median(times.node), ours: median(times.ours), nodeMin: fastest(times.node), oursMin: fastest(times.ours)});
	}
} finally {
	fs.rmSync(dir, {recursive: true, force: true});
}

console.log(`\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, perl ${execFileSync('perl', ['-e', 'print $^V']).toString()}, load average ${os.loadavg()[0].toFixed(1)}; median (and fastest) of ${RUNS} alternated runs\n`);
console.log('| input | perl | tracetop | ratio of medians (of fastest) | peak RSS perl / tracetop | output |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) {
	if (row.startup) {
		console.log(`| start-up: \`tracetop collapse\` of an empty file vs \`node -e 0\` | ${seconds(row.node)} (node) | ${seconds(row.ours)} | ${(row.ours / row.node).toFixed(2)}x node (${(row.oursMin / row.nodeMin).toFixed(2)}x) | | |`);
		continue;
	}
	console.log(`| ${row.name} (${row.input}) | ${seconds(row.perl)} (${seconds(row.perlMin)}) | ${seconds(row.ours)} (${seconds(row.oursMin)}) | **${(row.perl / row.ours).toFixed(1)}x** (${(row.perlMin / row.oursMin).toFixed(1)}x) | ${megabytes(row.perlRss)} / ${megabytes(row.oursRss)} | ${row.same ? 'identical' : 'differs'} |`);
}
