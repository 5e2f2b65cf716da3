// tracetop's flame graph SVG against Brendan Gregg's flamegraph.pl on the same folded
// input: 50k unique stacks, 10-40 frames deep, walked through a synthetic call graph
// (user code calling into the kernel) from a fixed seed. Each side is a whole process
// that reads the file and writes an SVG; each runs 3 times, medians are compared.
//
//   npx tsc -p . && node bench/flamegraph-svg-vs-perl.mjs [STACKS]
//
// The peer is ../peers/FlameGraph/flamegraph.pl beside this checkout (override with
// FLAMEGRAPH_PL=/path/to/flamegraph.pl).
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {root} from './lib.mjs';

const RUNS = 3;

// Driver mode, `--render INPUT > OUT`: a process of its own, as flamegraph.pl is, so both
// sides pay for start-up and file I/O alike.
if (process.argv[2] === '--render') {
	const {parseFolded} = await import(path.join(root, 'dist/source/models/folded-stacks.js'));
	const {renderFlameGraphSvg} = await import(path.join(root, 'dist/source/exporters/flamegraph-svg.js'));
	fs.writeFileSync(1, renderFlameGraphSvg(parseFolded(fs.readFileSync(process.argv[3], 'utf8')).stacks));
	process.exit(0);
}

const peer = process.env.FLAMEGRAPH_PL ?? path.resolve(root, '..', 'peers', 'FlameGraph', 'flamegraph.pl');
if (!fs.existsSync(peer)) {
	console.error(`flamegraph.pl not found at ${peer}: check out https://github.com/brendangregg/FlameGraph there, or set FLAMEGRAPH_PL`);
	process.exit(1);
}
if (!fs.existsSync(path.join(root, 'dist/source/exporters/flamegraph-svg.js'))) {
	console.error('dist/ is missing: run `npx tsc -p .` first');
	process.exit(1);
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

function foldedInput(stackCount) {
	const next = random(42);
	const pick = list => list[Math.floor(next() * list.length)];
	const user = Array.from({length: 3000}, (_, i) => `app::module${i % 40}::function_${i}`);
	const kernel = Array.from({length: 600}, (_, i) => `kernel_fn_${i}_[k]`);
	// Each function calls a few others: stacks share prefixes as real ones do.
	const callees = new Map([...user, ...kernel].map(name => [name, Array.from({length: 2 + Math.floor(next() * 5)}, () => (name.endsWith('_[k]') ? pick(kernel) : next() < 0.1 ? pick(kernel) : pick(user)))]));
	const roots = ['main', 'worker', 'gc_thread', 'io_loop'];
	const stacks = new Map();
	while (stacks.size < stackCount) {
		const frames = [pick(roots), pick(user)];
		const depth = 10 + Math.floor(next() * 31);
		while (frames.length < depth) frames.push(pick(callees.get(frames.at(-1))));
		stacks.set(frames.join(';'), 1 + Math.floor(1000 * next() ** 4));
	}
	return [...stacks].map(([stack, count]) => `${stack} ${count}\n`).join('');
}

function timed(command, args, output) {
	const fd = fs.openSync(output, 'w');
	const start = performance.now();
	const result = spawnSync(command, args, {stdio: ['ignore', fd, 'pipe'], maxBuffer: 1 << 26});
	const ms = performance.now() - start;
	fs.closeSync(fd);
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
	return ms;
}

const median = list => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const frameCount = file => fs.readFileSync(file, 'utf8').split('<rect').length - 2; // less the background

const stackCount = Number(process.argv[2] ?? 50_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flamegraph-bench-'));
const input = path.join(dir, 'input.folded');
fs.writeFileSync(input, foldedInput(stackCount));
const perlOut = path.join(dir, 'flamegraph-pl.svg');
const oursOut = path.join(dir, 'tracetop.svg');

const perl = [];
const ours = [];
for (let run = 0; run < RUNS; run++) {
	perl.push(timed('perl', [peer, input], perlOut));
	ours.push(timed(process.execPath, [new URL(import.meta.url).pathname, '--render', input], oursOut));
}

const mib = file => (fs.statSync(file).size / 2 ** 20).toFixed(1);
console.log(`input: ${stackCount} unique stacks, ${mib(input)} MiB`);
console.log(`flamegraph.pl: median ${median(perl).toFixed(0)} ms of [${perl.map(ms => ms.toFixed(0)).join(', ')}], ${frameCount(perlOut)} frames, ${mib(perlOut)} MiB`);
console.log(`tracetop:      median ${median(ours).toFixed(0)} ms of [${ours.map(ms => ms.toFixed(0)).join(', ')}], ${frameCount(oursOut)} frames, ${mib(oursOut)} MiB`);
console.log(`ratio: tracetop is ${(median(perl) / median(ours)).toFixed(1)}x faster`);
fs.rmSync(dir, {recursive: true, force: true});
