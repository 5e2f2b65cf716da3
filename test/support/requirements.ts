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

export interface PeerAbsence {
	/** Why a peer CI cannot install (an unpackaged checkout such as brendangregg/FlameGraph) is absent. */
	uninstallable?: string;
	/** What .ci/run installs but is absent here. */
	missing?: string;
}

/**
 * What becomes of a comparison with a peer tool: an uninstallable peer that is absent
 * always skips, with the reason (or CI could never pass); what .ci/run installs skips
 * locally and fails under TRACETOP_REQUIRE_BPF=1.
 */
export function peerOutcome(why: PeerAbsence, requireAll: boolean): {run: 'yes' | 'skip' | 'fail'; reason?: string} {
	if (why.uninstallable !== undefined) return {run: 'skip', reason: why.uninstallable};
	if (why.missing === undefined) return {run: 'yes'};
	return {run: requireAll ? 'fail' : 'skip', reason: why.missing};
}

/** it() for a comparison with a peer tool, as peerOutcome decides. */
export function itWithPeer(name: string, why: PeerAbsence, body: () => void | Promise<void>, timeoutMs?: number): void {
	const outcome = peerOutcome(why, required);
	if (outcome.run === 'yes') {
		it(name, body, timeoutMs);
	} else if (outcome.run === 'fail') {
		it(`${name}: requires what is missing: ${outcome.reason}`, () => {
			throw new Error(`${name}: ${outcome.reason}, and TRACETOP_REQUIRE_BPF=1`);
		});
	} else {
		it.skip(`${name} (skipped: ${outcome.reason})`, body, timeoutMs);
	}
}
