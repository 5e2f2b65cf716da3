/**
 * The USE sampler needs no privilege: as uid 65534 (nobody) it reads every source but
 * the kernel log, which it reports as unreadable rather than failing.
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import {expect, it} from 'vitest';
import {describeWhen, repoRoot} from '../support/requirements.js';

const notRoot = process.getuid?.() === 0 ? undefined : 'not root (needed to drop to uid 65534)';

describeWhen(notRoot, 'USE sampler as uid 65534', () => {
	it('emits all four readings, with the kernel log marked unreadable where dmesg is restricted', () => {
		const script = `
			const {useSampler} = await import(${JSON.stringify(`${repoRoot}dist/collectors/samplers/use.js`)});
			const s = useSampler({intervalSec: 1});
			s.read();
			await new Promise(r => setTimeout(r, 300));
			console.log(JSON.stringify(s.read().map(l => JSON.parse(l))));`;
		const out = execFileSync('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, '--input-type=module', '-e', script], {encoding: 'utf8'});
		const lines = JSON.parse(out) as Array<{type: string; data: Record<string, unknown>}>;
		expect(lines.map(l => l.type)).toEqual(['use-cpu', 'use-memory', 'use-disk', 'use-net']);
		expect(Object.keys(lines[0]!.data.cpus as object)).toContain('all');
		expect(lines[1]!.data.totalBytes).toBeGreaterThan(0);
		// /dev/kmsg is closed to unprivileged users where kernel.dmesg_restrict=1 (Debian's default).
		const restricted = fs.readFileSync('/proc/sys/kernel/dmesg_restrict', 'utf8').trim() === '1';
		expect(lines[1]!.data.kernelLogReadable).toBe(!restricted);
	});
});
