/**
 * Integration and end-to-end tests need root, bpftrace and tracefs (or tmux). Where they
 * are missing the tests are skipped with the reason in their name, unless
 * TRACETOP_REQUIRE_BPF=1 (CI), where a missing requirement is a failure.
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import {describe, it} from 'vitest';

const has = (cmd: string): boolean => {
	try {
		execFileSync('sh', ['-c', `command -v ${cmd}`], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
};

export function bpfMissing(): string | undefined {
	if (process.getuid?.() !== 0) return 'not root';
	if (!has('bpftrace')) return 'bpftrace not installed';
	if (!fs.existsSync('/sys/kernel/tracing/events') && !fs.existsSync('/sys/kernel/debug/tracing/events')) return 'tracefs not mounted';
	return undefined;
}

export function tmuxMissing(): string | undefined {
	return has('tmux') ? undefined : 'tmux not installed';
}

const required = process.env.TRACETOP_REQUIRE_BPF === '1';

/** describe() that runs when nothing is missing, and otherwise skips (or fails in CI). */
export function describeWhen(missing: string | undefined, name: string, body: () => void): void {
	if (missing === undefined) {
		describe(name, body);
	} else if (required) {
		describe(name, () => {
			it(`requires what is missing: ${missing}`, () => {
				throw new Error(`${name}: ${missing}, and TRACETOP_REQUIRE_BPF=1`);
			});
		});
	} else {
		describe.skip(`${name} (skipped: ${missing})`, body);
	}
}

export const cliPath = new URL('../../dist/source/cli.js', import.meta.url).pathname;
export const repoRoot = new URL('../../', import.meta.url).pathname;

/**
 * it() for a comparison with a peer tool. `uninstallable`: why a peer that CI cannot
 * install (an unpackaged checkout such as brendangregg/FlameGraph) is absent: always a
 * skip, with the reason in the name, or CI could never pass. `missing`: what .ci/run
 * installs but is absent: a skip locally, a failure under TRACETOP_REQUIRE_BPF=1.
 */
export function itWithPeer(name: string, why: {uninstallable?: string; missing?: string}, body: () => void | Promise<void>, timeoutMs?: number): void {
	if (why.uninstallable !== undefined) {
		it.skip(`${name} (skipped: ${why.uninstallable})`, body, timeoutMs);
	} else if (why.missing === undefined) {
		it(name, body, timeoutMs);
	} else if (required) {
		it(`${name}: requires what is missing: ${why.missing}`, () => {
			throw new Error(`${name}: ${why.missing}, and TRACETOP_REQUIRE_BPF=1`);
		});
	} else {
		it.skip(`${name} (skipped: ${why.missing})`, body, timeoutMs);
	}
}
