// Shared helpers for the benchmarks: tmux sessions and /proc readings.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';

export const cli = new URL('../dist/source/cli.js', import.meta.url).pathname;
export const root = new URL('../', import.meta.url).pathname;

export const sleep = ms => new Promise(r => setTimeout(r, ms));

export function tmux(...args) {
	return execFileSync('tmux', args).toString();
}

export function startInTmux(name, command, columns = 120, rows = 40) {
	try {
		tmux('kill-session', '-t', name);
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
