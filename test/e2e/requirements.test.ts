/**
 * Requirements per collector, in a real terminal: as an ordinary user (uid 65534) the
 * dashboard opens, the session's samplers run (the header's load) and each bpftrace pane
 * says in one line what it needs; as root with tracefs unmounted (in a private mount
 * namespace, so nothing else on the machine notices) tracetop mounts it and says so.
 */
import fs from 'node:fs';
import {afterEach, expect, it} from 'vitest';
import {bpfMissing, cliPath, describeWhen, tmuxMissing} from '../support/requirements.js';
import {TmuxSession} from '../support/tmux.js';

const sessions: TmuxSession[] = [];
afterEach(() => {
	for (const s of sessions.splice(0)) s.kill();
});

const shell = (prefix: string) => `sh -c 'cd /tmp; echo BEFORE-TRACETOP; ${prefix} node ${cliPath}; echo EXIT=$?; sleep 600'`;

describeWhen(bpfMissing() ?? tmuxMissing(), 'requirements per collector (tmux, dropping to uid 65534 and unmounting tracefs privately)', () => {
	it('as uid 65534: opens, the samplers run, each bpftrace pane says what it needs, q restores the terminal', async () => {
		const t = TmuxSession.start('tt-e2e-nobody', shell('setpriv --reuid 65534 --regid 65534 --clear-groups'), 120, 30);
		sessions.push(t);
		let screen = await t.waitForText(/runqlat: needs root: run tracetop as root: sudo tracetop/, 30_000);
		expect(screen).toMatch(/■ runqlat ■ profile/);
		// The header's load and uptime come from the host-load sampler, which needs no root.
		screen = await t.waitForText(/up \d+.*load \d+\.\d\d \d+\.\d\d \d+\.\d\d/, 15_000);
		t.keys('2');
		screen = await t.waitForText(/profile, offcpu: needs root: run tracetop as root: sudo tracetop/);
		expect(screen.match(/needs root/g)).toHaveLength(1);
		t.keys('q');
		const after = await t.waitForText(/EXIT=0/);
		expect(after).toContain('BEFORE-TRACETOP');
		expect(after).not.toContain('Run queue');
	}, 60_000);

	it('as root with tracefs unmounted: mounts it at /sys/kernel/tracing, says so, and traces', async () => {
		const unmount = 'unshare -m --propagation private sh -c "umount /sys/kernel/debug/tracing 2>/dev/null; umount /sys/kernel/tracing && test ! -e /sys/kernel/tracing/events && exec \\"\\$0\\" \\"\\$@\\"" ';
		const t = TmuxSession.start('tt-e2e-tracefs', shell(unmount), 120, 30);
		sessions.push(t);
		const screen = await t.waitForText(/tracefs was not mounted: mounted it at \/sys\/kernel\/tracing/, 30_000);
		expect(screen.split('\n').filter(l => l.trim() !== '').at(-1)).toContain('mounted it at /sys/kernel/tracing');
		await t.waitForText(/p50 \S+ +p90/, 30_000);
		t.keys('q');
		await t.waitForText(/EXIT=0/);
		// Only the private namespace was touched.
		expect(fs.existsSync('/sys/kernel/tracing/events')).toBe(true);
	}, 90_000);
});
