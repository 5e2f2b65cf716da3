/** Syscall samples from the recorded bpftrace 0.17 fixtures, through the real collector parser and reducer. */
import fs from 'node:fs';
import path from 'node:path';
import {parseBpftraceCollectorLine} from '../../collectors/parse-line.js';
import {accumulateSyscalls, beginSyscalls, finishSyscalls, type SyscallsSample} from '../../source/models/syscalls.js';
import {repoRoot} from './requirements.js';

export const fixtureLines = (name: string): string[] =>
	fs
		.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'bpftrace-0.17', name), 'utf8')
		.split('\n')
		.filter(l => l.trim() !== '');

/** One sample per `time` record, t = 1000 ms per interval (times its span), on an x86_64 host. */
export function samplesFrom(lines: readonly string[], arch = 'x86_64'): SyscallsSample[] {
	const samples: SyscallsSample[] = [];
	let acc = beginSyscalls();
	let span = 1;
	for (const line of lines) {
		const parsed = parseBpftraceCollectorLine(line);
		if (!parsed.ok) throw new Error(parsed.error);
		for (const record of parsed.records) {
			if (record.type === 'span') span = record.intervals;
			acc = accumulateSyscalls(acc, record);
			if (record.type === 'time') {
				samples.push(finishSyscalls(acc, (samples.length + 1) * 1000, {intervalSec: span, host: {arch}, options: {}}));
				acc = beginSyscalls();
				span = 1;
			}
		}
	}
	return samples;
}
