// Shared helpers for the benchmarks: tmux sessions and /proc readings.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';

/** The bundled build, as users run it (npm start, the bin). */
export const cli = new URL('../dist/bundle/cli.js', import.meta.url).pathname;
export const root = new URL('../', import.meta.url).pathname;

export const sleep = ms => new Promise(r => setTimeout(r, ms));

/** The benchmarks' own tmux server, so they never touch anyone else's sessions. */
const SOCKET = `tracetop-bench-${process.pid}`;
export function tmux(...args) {
	return execFileSync('tmux', ['-L', SOCKET, ...args]).toString();
}
process.on('exit', () => {
	try {
		execFileSync('tmux', ['-L', SOCKET, 'kill-server'], {stdio: 'ignore'});
	} catch {}
});

export function startInTmux(name, command, columns = 120, rows = 40) {
	try {
		execFileSync('tmux', ['-L', SOCKET, 'kill-session', '-t', name], {stdio: 'ignore'});
	} catch {}
	tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), command);
	return Number(tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim());
}

export const screen = name => tmux('capture-pane', '-p', '-t', name);

export async function waitForScreen(name, pattern, timeoutMs = 30_000) {
	const start = performance.now();
	while (performance.now() - start < timeoutMs) {
		if (pattern.test(screen(name))) return performance.now() - start;
		await sleep(10);
	}
	throw new Error(`timeout waiting for ${pattern}`);
}

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) used so far by one process. */
export function cpuSeconds(pid) {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

export function rssMiB(pid) {
	const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
	return kb / 1024;
}

export function childrenOf(pid) {
	try {
		return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

export const comm = pid => fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();

/** Proportional set size (MiB) of one process: shared pages split among their users. */
export function pssMiB(pid) {
	try {
		const kb = Number(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))[1]);
		return kb / 1024;
	} catch {
		return 0;
	}
}

/** The process and all its descendants. */
export function treeOf(pid) {
	const all = [pid];
	for (let i = 0; i < all.length; i++) all.push(...childrenOf(all[i]));
	return all;
}

export const median = xs => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Copies everything the program in a tmux session writes to its terminal into a file. */
export function countTerminalBytes(name, file) {
	fs.writeFileSync(file, '');
	tmux('pipe-pane', '-t', name, `cat >> ${file}`);
	return () => fs.statSync(file).size;
}
