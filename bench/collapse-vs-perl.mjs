// `tracetop collapse` against Brendan Gregg's stackcollapse-perf.pl on one large perf
// script input: the shared capture repeated with each copy's process names renamed
// (`java` becomes `java-7`), so the copies' stacks are distinct as well. Runs each tool
// three times, alternating, checks they print the same lines and prints the best times.
//
//   node bench/collapse-vs-perl.mjs [COPIES]     (default 50 copies, about 150 MB; needs dist/, perl
//                                                  and the peer checkout in /work/peers/FlameGraph)
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {gunzipSync} from 'node:zlib';
import {cli, root} from './lib.mjs';

const peer = '/work/peers/FlameGraph/stackcollapse-perf.pl';
if (!fs.existsSync(peer)) {
	console.error(`${peer} is missing: clone https://github.com/brendangregg/FlameGraph into /work/peers/FlameGraph to compare against it`);
	process.exit(1);
}
const copies = Number(process.argv[2] ?? 50);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collapse-bench-'));
const input = path.join(dir, 'perf-script.txt');
const capture = gunzipSync(fs.readFileSync(path.join(root, 'test', 'fixtures', 'perf-script', 'example-perf-stacks.txt.gz'))).toString('latin1');
const out = fs.openSync(input, 'w');
for (let copy = 1; copy <= copies; copy++) {
	// Sample headers are the lines that start with a process name.
	fs.writeSync(out, capture.replace(/^[^\s#]\S*/gm, name => `${name}-${copy}`), null, 'latin1');
}
fs.closeSync(out);
const megabytes = fs.statSync(input).size / 1e6;

function timed(command, args) {
	const output = path.join(dir, `${path.basename(args[0])}.folded`);
	const fd = fs.openSync(output, 'w');
	const start = performance.now();
	execFileSync(command, args, {stdio: ['ignore', fd, 'ignore']});
	const seconds = (performance.now() - start) / 1000;
	fs.closeSync(fd);
	return {seconds, output: fs.readFileSync(output, 'latin1')};
}

const times = {perl: [], tracetop: []};
let outputs;
for (let run = 0; run < 3; run++) {
	const perl = timed('perl', [peer, input]);
	const ours = timed(process.execPath, [cli, 'collapse', input]);
	times.perl.push(perl.seconds);
	times.tracetop.push(ours.seconds);
	outputs = {perl: perl.output, tracetop: ours.output};
}
const lines = text => text.split('\n').filter(Boolean).sort();
const same = JSON.stringify(lines(outputs.perl)) === JSON.stringify(lines(outputs.tracetop));
const best = list => Math.min(...list);
const show = list => list.map(s => s.toFixed(2)).join(' ');

console.log(`input: ${megabytes.toFixed(0)} MB of perf script (${copies} copies), ${lines(outputs.perl).length} distinct stacks`);
console.log(`stackcollapse-perf.pl: ${show(times.perl)} s (best ${best(times.perl).toFixed(2)} s, ${(megabytes / best(times.perl)).toFixed(0)} MB/s)`);
console.log(`tracetop collapse:     ${show(times.tracetop)} s (best ${best(times.tracetop).toFixed(2)} s, ${(megabytes / best(times.tracetop)).toFixed(0)} MB/s)`);
console.log(`tracetop is ${(best(times.perl) / best(times.tracetop)).toFixed(1)}x faster; outputs ${same ? 'identical line sets' : 'DIFFER'}`);
fs.rmSync(dir, {recursive: true, force: true});
process.exit(same ? 0 : 1);
