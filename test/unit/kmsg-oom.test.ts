import {describe, expect, it} from 'vitest';
import {kmsgOomWatcher, oomMessage} from '../../collectors/samplers/kmsg-oom.js';

describe('OOM messages in kernel log records', () => {
	it('takes the OOM-kill line with its time since boot', () => {
		const record = '3,1234,5678901234,-;Out of memory: Killed process 4242 (stress-ng) total-vm:2099132kB, anon-rss:1944640kB, file-rss:4kB\n SUBSYSTEM=x\n';
		expect(oomMessage(record)).toBe('[   5678.901] Out of memory: Killed process 4242 (stress-ng) total-vm:2099132kB, anon-rss:1944640kB, file-rss:4kB');
	});

	it('knows the cgroup OOM killer too', () => {
		expect(oomMessage('3,9,1000000,-;Memory cgroup out of memory: Killed process 77 (java) total-vm:1kB')).toMatch(/^\[ {6}1\.000\] Memory cgroup out of memory: Killed process 77/);
	});

	it('ignores other records and lines that only mention the OOM killer', () => {
		expect(oomMessage('6,1,2,-;eth0: link up')).toBeUndefined();
		expect(oomMessage('4,2,3,-;bash invoked oom-killer: gfp_mask=0x140cca')).toBeUndefined();
		expect(oomMessage('not a record')).toBeUndefined();
	});

	it('cuts a long message to a bounded length', () => {
		expect(oomMessage(`3,1,1,-;Out of memory: Killed process 1 (${'x'.repeat(2000)})`)!.length).toBe(200);
	});
});

describe('kmsg watcher', () => {
	it('is not readable, and finds nothing, where the log cannot be opened', () => {
		const w = kmsgOomWatcher('/nonexistent/kmsg');
		expect(w.readable).toBe(false);
		expect(w.poll(true)).toBeNull();
	});

	it.runIf(process.getuid?.() === 0)('reads /dev/kmsg without blocking and within its bound (needs root: skipped otherwise)', () => {
		const w = kmsgOomWatcher();
		expect(w.readable).toBe(true);
		const started = performance.now();
		const last = w.poll(true);
		expect(performance.now() - started).toBeLessThan(5000);
		expect(last === null || /Killed process/.test(last)).toBe(true);
		// Nothing wanted and nothing left unread: no reading at all.
		expect(w.poll(false)).toBe(last);
	});
});
