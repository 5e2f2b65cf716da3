// tracetop's profile collector against perf record/report on a program with known hot
// functions (test/fixtures/programs/hot.c), both run at the same time for the same
// seconds. Prints each tool's self-time shares of the top functions.
//
//   node bench/profile-vs-perf.mjs [SECONDS]     (root, bpftrace, perf, gcc; default 8)
import {execFile, execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {root, sleep} from './lib.mjs';
import {startLiveSession} from '../dist/source/session.js';
import {profilePane} from '../dist/source/panes/profile.js';
import {mergeProfile, topFunctions, totalCount} from '../dist/source/models/profile.js';

const run = promisify(execFile);
const seconds = Number(process.argv[2] ?? 8);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-bench-'));
execFileSync('gcc', ['-O1', '-fno-omit-frame-pointer', '-o', `${dir}/hot`, `${root}test/fixtures/programs/hot.c`]);
const hot = spawn(`${dir}/hot`, [String(seconds + 10)], {stdio: 'ignore'});
await sleep(300);

const session = startLiveSession({panes: [profilePane], filters: {intervalSec: 1, pids: [hot.pid]}});
await sleep(1500); // bpftrace attaches
const started = session.store.getState().history.profile?.entries.length ?? 0;
await run('perf', ['record', '-F', '99', '-g', '-e', 'cpu-clock', '-p', String(hot.pid), '-o', `${dir}/perf.data`, '--', 'sleep', String(seconds)]);
await session.stop();
hot.kill('SIGKILL');

const samples = session.store.getState().history.profile.entries.slice(started).map(e => e.sample);
const merged = mergeProfile(samples);
const total = totalCount(merged.onCpu);
const ours = topFunctions(merged.onCpu).sort((a, b) => b.self - a.self).slice(0, 3);
const {stdout} = await run('perf', ['report', '-i', `${dir}/perf.data`, '--stdio', '--no-children', '--sort', 'sym', '-q', '-g', 'none']);
const perf = [...stdout.matchAll(/^\s+([\d.]+)%\s+\[[.k]\]\s+(\S+)/gm)].slice(0, 3);
console.log(`tracetop (${total} samples over ${merged.durationSec} s): ${ours.map(r => `${r.name} ${((100 * r.self) / total).toFixed(1)}%`).join(', ')}`);
console.log(`perf report:                 ${perf.map(m => `${m[2]} ${Number(m[1]).toFixed(1)}%`).join(', ')}`);
fs.rmSync(dir, {recursive: true, force: true});
