/** Process-table helpers for the no-orphan tests. */
import fs from 'node:fs';

export function processAlive(pid: number): boolean {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// A zombie has exited; only its parent has not reaped it yet.
		return !/^\d+ \(.*\) Z /.test(stat);
	} catch {
		return false;
	}
}

export function childrenOf(pid: number): number[] {
	try {
		const tasks = fs.readdirSync(`/proc/${pid}/task`);
		return tasks.flatMap(tid => {
			try {
				return fs
					.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
					.split(/\s+/)
					.filter(Boolean)
					.map(Number);
			} catch {
				return [];
			}
		});
	} catch {
		return [];
	}
}

export const commOf = (pid: number): string => {
	try {
		return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
	} catch {
		return '';
	}
};

/** bpftrace processes anywhere below `pid`. */
export function bpftraceDescendants(pid: number): number[] {
	const found: number[] = [];
	const walk = (p: number) => {
		for (const c of childrenOf(p)) {
			if (commOf(c) === 'bpftrace') found.push(c);
			walk(c);
		}
	};
	walk(pid);
	return found;
}

export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs: number, stepMs = 50): Promise<T | undefined> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value) return value;
		if (Date.now() > deadline) return undefined;
		await new Promise(r => setTimeout(r, stepMs));
	}
}
