// How many calls the syscall collector misses on a busy machine: a program
// (test/fixtures/programs/syscall-pace.c) makes calls of an unallocated syscall number
// (nothing else makes it) for SECONDS while the collector traces the whole machine, and
// its count over every printed interval is compared with what the program made. Load:
// SPINNERS busy loops and FORKERS loops starting /bin/true (many short-lived processes,
// so a large @proc that bpftrace takes long to print). READER_MS > 0 makes the reader
// slow: it pauses that long after each chunk of output, as a busy tracetop would.
// SCRIPTS defaults to collectors/syscalls.bt; give others (an older version from git) to
// compare them in alternation, e.g.
//   git show 0345991:collectors/syscalls.bt > /tmp/syscalls-before.bt
//   node bench/syscall-loss.mjs 3 2 2 0 /tmp/syscalls-before.bt collectors/syscalls.bt
//
//   node bench/syscall-loss.mjs [ROUNDS] [SPINNERS] [FORKERS] [READER_MS] [SCRIPT...]
//                                (root, bpftrace, gcc; default 2 rounds, 2 spinners, 2 forkers, 0)
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {root, sleep} from './lib.mjs';

const [rounds = 2, spinners = 2, forkers = 2, readerMs = 0] = process.argv.slice(2, 6).map(Number);
const scripts = process.argv.slice(6);
if (scripts.length === 0) scripts.push(path.join(root, 'collectors', 'syscalls.bt'));
const SECONDS = 5;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syscall-loss-'));
const pace = path.join(dir, 'syscall-pace');
execFileSync('gcc', ['-O1', '-o', pace, path.join(root, 'test', 'fixtures', 'programs', 'syscall-pace.c')]);

const load = [
	...Array.from({length: spinners}, () => spawn('sh', ['-c', 'while :; do :; done'], {stdio: 'ignore'})),
	...Array.from({length: forkers}, () => spawn('sh', ['-c', 'while :; do /bin/true; done'], {stdio: 'ignore'})),
];
process.on('exit', () => load.forEach(c => c.kill('SIGKILL')));

/** Calls of `nr` the collector printed, over every interval, and the spans it printed. */
async function measure(script, nr) {
	const args = ['-f', 'json', script, '1', '', '0', '0', '0', '0', '0', '0', '0', '0', '99', '10000000', '100'];
	const bt = spawn('bpftrace', args, {env: {...process.env, BPFTRACE_MAP_KEYS_MAX: '65536'}, stdio: ['ignore', 'pipe', 'ignore']});
	let buf = '';
	let intervals = 0;
	let counted = 0;
	const spans = [];
	bt.stdout.on('data', chunk => {
		buf += chunk;
		for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
			const line = buf.slice(0, i);
			buf = buf.slice(i + 1);
			if (line.includes('"type": "time"')) intervals++;
			else if (/^\{"type": "printf", "data": "span /.test(line)) spans.push(JSON.parse(line).data.trim().slice(5));
			else if (/^\{"type": "hist", "data": \{"@ns(_[01])?"/.test(line)) {
				const buckets = Object.values(JSON.parse(line).data)[0][String(nr)] ?? [];
				counted += buckets.reduce((n, b) => n + b.count, 0);
			}
		}
		if (readerMs > 0) {
			bt.stdout.pause();
			setTimeout(() => bt.stdout.resume(), readerMs);
		}
	});
	const until = async test => {
		while (!test()) {
			if (bt.exitCode !== null) throw new Error(`${script}: bpftrace exited`);
			await sleep(20);
		}
	};
	await until(() => intervals >= 1);
	const made = await new Promise(resolve => {
		const p = spawn(pace, [String(nr), String(SECONDS), '20']);
		let out = '';
		p.stdout.on('data', d => (out += d));
		p.once('exit', () => resolve(Number.parseInt(out, 10)));
		p.stdin.end('go\n');
	});
	// Two intervals printed after the calls ended hold all of them (the reader may be late).
	const seen = intervals;
	await until(() => intervals >= seen + 2);
	bt.kill('SIGINT');
	await new Promise(resolve => bt.once('exit', resolve));
	return {made, counted, spans};
}

console.log(`${SECONDS} s of calls, ${spinners} spinners, ${forkers} fork loops, reader pause ${readerMs} ms, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
for (let r = 0; r < rounds; r++) {
	for (const script of scripts) {
		// x86_64 leaves 335-423 unallocated.
		const nr = 335 + Math.floor(Math.random() * 89);
		const {made, counted, spans} = await measure(script, nr);
		const joined = spans.filter(s => s !== '1 0');
		console.log(
			`${path.basename(script).padEnd(24)} made ${String(made).padStart(7)}  counted ${String(counted).padStart(7)}  lost ${(((made - counted) / made) * 100).toFixed(2).padStart(6)}%` +
				(joined.length > 0 ? `  joined/forced spans: ${joined.join(', ')}` : ''),
		);
	}
}
fs.rmSync(dir, {recursive: true, force: true});
process.exit(0);
