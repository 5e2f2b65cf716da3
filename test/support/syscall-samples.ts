/** Syscall samples from the recorded bpftrace 0.17 fixtures, through the real parser and reducer. */
import fs from 'node:fs';
import path from 'node:path';
import {parseBpftraceLine} from '../../collectors/bpftrace-json.js';
import {accumulateSyscalls, beginSyscalls, finishSyscalls, type SyscallsSample} from '../../source/models/syscalls.js';
import {repoRoot} from './requirements.js';

export const fixtureLines = (name: string): string[] =>
	fs
		.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'bpftrace-0.17', name), 'utf8')
		.split('\n')
		.filter(l => l.trim() !== '');

/** One sample per `time` record, t = 1000 ms per interval, on an x86_64 host. */
export function samplesFrom(lines: readonly string[], arch = 'x86_64'): SyscallsSample[] {
	const samples: SyscallsSample[] = [];
	let acc = beginSyscalls();
	for (const line of lines) {
		const parsed = parseBpftraceLine(line);
		if (!parsed.ok) throw new Error(parsed.error);
		for (const record of parsed.records) {
			acc = accumulateSyscalls(acc, record);
			if (record.type === 'time') {
				samples.push(finishSyscalls(acc, (samples.length + 1) * 1000, {intervalSec: 1, host: {arch}, options: {}}));
				acc = beginSyscalls();
			}
		}
	}
	return samples;
}
