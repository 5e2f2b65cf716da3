/** Load for tests that need the machine busy: spinners, frequent sleepers and fork loops. */
import {spawn, type ChildProcess} from 'node:child_process';

export interface Load {
	stop(): void;
}

const running = new Set<ChildProcess>();
// A test that times out never reaches its finally: the worker's exit still stops the load.
process.on('exit', () => {
	for (const c of running) c.kill('SIGKILL');
});

/**
 * `forkers` start /bin/true back to back (about a thousand short-lived processes a second
 * each): the load that makes per-process maps large and bpftrace slow to print them.
 */
export function startLoad(spinners: number, sleepers = 2, forkers = 0): Load {
	const children: ChildProcess[] = [];
	for (let i = 0; i < spinners; i++) children.push(spawn('sh', ['-c', 'while :; do :; done'], {stdio: 'ignore'}));
	for (let i = 0; i < sleepers; i++) {
		children.push(spawn('sh', ['-c', 'while :; do sleep 0.01; done'], {stdio: 'ignore'}));
	}
	for (let i = 0; i < forkers; i++) children.push(spawn('sh', ['-c', 'while :; do /bin/true; done'], {stdio: 'ignore'}));
	for (const c of children) running.add(c);
	return {
		stop() {
			for (const c of children) {
				c.kill('SIGKILL');
				running.delete(c);
			}
		},
	};
}
