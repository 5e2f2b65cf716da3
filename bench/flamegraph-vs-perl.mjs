// `tracetop flame --input` against Brendan Gregg's flamegraph.pl, as users run them: the
// bundled CLI (dist/bundle/cli.js) writing an SVG file, and `flamegraph.pl IN > OUT`, each
// a whole process, runs alternated so the shared machine's load falls on both alike.
// Inputs are generated from a fixed seed like the (frames 3-19 deep, more lines
// than unique stacks, shuffled), at about 1,000, 5,000, 17,000 and 50,000 unique stacks and
// one of few stacks in many lines, plus a real capture made here with `perf record -a -g`
// when perf and root are at hand.
// Prints, per input: the median wall time of each, the ratio against the goal (5x where
// perl takes over 0.5 s, 10x from 50,000 unique stacks, otherwise no slower), the peak
// RSS of each (GNU time), and whether both drew the same frames.
//
//   npm run build && nice -n 10 node bench/flamegraph-vs-perl.mjs [RUNS]   (default 5)
//
// The peer is /work/peers/FlameGraph/flamegraph.pl, as for the tests (TRACETOP_FLAMEGRAPH_DIR or
// FLAMEGRAPH_PL say otherwise).
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {cli, median} from './lib.mjs';

const runs = Number(process.argv[2] ?? 5);
const peer = process.env.FLAMEGRAPH_PL ?? path.join(process.env.TRACETOP_FLAMEGRAPH_DIR ?? '/work/peers/FlameGraph', 'flamegraph.pl');
const gnuTime = '/usr/bin/time';
for (const [file, what] of [
	[peer, 'flamegraph.pl: check out brendangregg/FlameGraph at /work/peers/FlameGraph, or set FLAMEGRAPH_PL'],
	[cli, 'dist/bundle/cli.js: run `npm run build` first'],
	[gnuTime, 'GNU time (/usr/bin/time, Debian package "time") for peak memory'],
]) {
	if (!fs.existsSync(file)) {
		console.error(`missing ${what}`);
		process.exit(1);
	}
}

/** mulberry32: a small seeded generator, so every run draws the same input. */
function random(seed) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** `unique` stacks 3-19 frames deep through a synthetic call graph, as `lines` shuffled folded lines. */
function generated(unique, lines) {
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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-flamegraph-bench-'));

/** A system-wide capture of a few busy seconds, collapsed by tracetop; undefined without perf or root. */
function realCapture() {
	if (process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v perf']).status !== 0) return undefined;
	const data = path.join(dir, 'perf.data');
	const busy = 'end=$(($(date +%s) + 8)); while [ "$(date +%s)" -lt "$end" ]; do tar cf - /usr/lib 2>/dev/null | gzip -1 | sha256sum >/dev/null; done';
	execFileSync('perf', ['record', '-a', '-g', '-F', '999', '-o', data, '--', 'sh', '-c', busy], {stdio: 'ignore'});
	const script = path.join(dir, 'perf.txt');
	fs.writeFileSync(script, execFileSync('perf', ['script', '-i', data], {maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore']}));
	const folded = path.join(dir, 'real.folded');
	fs.writeFileSync(folded, execFileSync(process.execPath, [cli, 'collapse', script], {maxBuffer: 1 << 30}));
	return folded;
}

const inputs = [
	['generated, ~1,000 stacks', generated(1000, 1500)],
	['generated, ~5,000 stacks', generated(5000, 8000)],
	['generated, ~17,000 stacks (the issue\'s 30,000 lines)', generated(16949, 30000)],
	['generated, ~50,000 stacks', generated(50000, 80000)],
	['generated, 2,000 stacks in 400,000 lines (memory follows the stacks, not the input)', generated(2000, 400_000)],
].map(([name, text], i) => {
	const file = path.join(dir, `input-${i}.folded`);
	fs.writeFileSync(file, text);
	return [name, file];
});
const real = realCapture();
if (real) inputs.push(['perf record -a -g, 8 s of tar and gzip (collapsed)', real]);
else console.error('no real capture: it needs root and perf');

/** Wall ms and peak RSS (MiB) of one run, under GNU time. */
function timed(argv, stdoutFile) {
	const out = fs.openSync(stdoutFile, 'w');
	const start = performance.now();
	const r = spawnSync(gnuTime, ['-f', '%M', ...argv], {stdio: ['ignore', out, 'pipe'], maxBuffer: 1 << 26});
	const ms = performance.now() - start;
	fs.closeSync(out);
	if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
	return {ms, mib: Number(r.stderr.toString().trim().split('\n').at(-1)) / 1024};
}

const uniqueStacks = file => new Set(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(l => l.slice(0, l.lastIndexOf(' ')))).size;
/** Each drawn frame's name, place and size: both draw exactly these. */
const frames = file => [...fs.readFileSync(file, 'utf8').matchAll(/<title>([^<]*) \([^<]*<\/title><rect x="([^"]*)" y="([^"]*)" width="([^"]*)"/g)].map(m => `${m[1]} ${Number(m[2])} ${m[3]} ${Number(m[4])}`).sort();
const goal = (unique, perlMs) => (unique >= 50_000 ? 10 : perlMs > 500 ? 5 : 1);

console.log(`${runs} runs each, alternated; medians. Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
console.log('| input | unique stacks | flamegraph.pl | tracetop | ratio | goal | peak RSS perl / tracetop | same frames |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, file] of inputs) {
	const perlOut = path.join(dir, 'perl.svg');
	const oursOut = path.join(dir, 'tracetop.svg');
	const perl = [];
	const ours = [];
	for (let i = 0; i < runs; i++) {
		perl.push(timed(['perl', peer, '--colors', 'hot', file], perlOut));
		ours.push(timed([process.execPath, cli, 'flame', '--input', file, '--colors', 'hot', '-o', oursOut, '--force'], path.join(dir, 'stdout')));
	}
	const p = median(perl.map(r => r.ms));
	const o = median(ours.map(r => r.ms));
	const unique = uniqueStacks(file);
	const ratio = p / o;
	const wanted = goal(unique, p);
	const same = JSON.stringify(frames(perlOut)) === JSON.stringify(frames(oursOut));
	const mib = list => Math.max(...list.map(r => r.mib)).toFixed(0);
	console.log(`| ${name} | ${unique.toLocaleString('en')} | ${(p / 1000).toFixed(3)} s | ${(o / 1000).toFixed(3)} s | ${ratio.toFixed(1)}x | ${wanted}x ${ratio >= wanted ? 'met' : 'missed'} | ${mib(perl)} / ${mib(ours)} MiB | ${same ? 'yes' : 'NO'} |`);
}
fs.rmSync(dir, {recursive: true, force: true});
