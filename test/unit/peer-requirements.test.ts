/** Peers in CI: an uninstallable checkout skips with its reason, installed tools are required. */
import {describe, expect, it} from 'vitest';
import {peerOutcome} from '../support/requirements.js';

describe('peerOutcome', () => {
	it('skips a comparison whose uninstallable peer is absent, even under TRACETOP_REQUIRE_BPF=1', () => {
		const why = {uninstallable: '/work/peers/FlameGraph not present', missing: 'perf not installed'};
		expect(peerOutcome(why, true)).toEqual({run: 'skip', reason: '/work/peers/FlameGraph not present'});
		expect(peerOutcome(why, false)).toEqual({run: 'skip', reason: '/work/peers/FlameGraph not present'});
	});

	it('fails under TRACETOP_REQUIRE_BPF=1 when a tool .ci/run installs is missing, and skips otherwise', () => {
		expect(peerOutcome({missing: 'perf not installed'}, true)).toEqual({run: 'fail', reason: 'perf not installed'});
		expect(peerOutcome({missing: 'perf not installed'}, false)).toEqual({run: 'skip', reason: 'perf not installed'});
	});

	it('runs when nothing is absent', () => {
		expect(peerOutcome({}, true)).toEqual({run: 'yes'});
	});
});
