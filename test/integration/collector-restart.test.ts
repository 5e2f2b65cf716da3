/**
 * A collector that dies is restarted with backoff, and its pane says why meanwhile;
 * a collector that cannot start says bpftrace's own first error.
 */
import {expect, it} from 'vitest';
import {bpftraceCollector, type CollectorSpec} from '../../collectors/collector-spec.js';
import {runqPane} from '../../source/panes/runq.js';
import type {Pane} from '../../source/panes/pane.js';
import {startLiveSession, type Session} from '../../source/session.js';
import {bpftraceDescendants, waitFor} from '../support/processes.js';
import {bpfMissing, describeWhen} from '../support/requirements.js';

const status = (session: Session, id: string) => session.store.getState().collectors[id];

describeWhen(bpfMissing(), 'collector supervision with real bpftrace', () => {
	it('restarts a killed collector, says so meanwhile, and samples again', async () => {
		const session = startLiveSession({panes: [runqPane], filters: {intervalSec: 1, pids: []}});
		try {
			const first = await waitFor(() => bpftraceDescendants(process.pid)[0], 15_000);
			expect(await waitFor(() => status(session, 'runqlat')?.state === 'running', 15_000)).toBe(true);
			process.kill(first!, 'SIGKILL');
			expect(await waitFor(() => status(session, 'runqlat')?.state === 'restarting', 5000)).toBe(true);
			expect(status(session, 'runqlat')?.message).toMatch(/killed by SIGKILL; restarting in 1s/);
			const samplesBefore = session.store.getState().history.runq?.entries.length ?? 0;
			expect(await waitFor(() => status(session, 'runqlat')?.state === 'running', 15_000)).toBe(true);
			expect(status(session, 'runqlat')?.restarts).toBe(1);
			expect(await waitFor(() => (session.store.getState().history.runq?.entries.length ?? 0) > samplesBefore, 15_000)).toBe(true);
		} finally {
			await session.stop();
		}
	}, 60_000);

	it("shows bpftrace's first error when a collector cannot start, and keeps the other panes going", async () => {
		const broken: Pane = {
			...(runqPane as unknown as Pane),
			id: 'broken',
			collectors: (filters): CollectorSpec[] => [
				{...bpftraceCollector('missing', filters, {tracepoints: ['nosuch:tracepoint']}), script: 'runqlat.bt', args: ['1', '', 'x']},
			],
		};
		const session = startLiveSession({panes: [broken, runqPane], filters: {intervalSec: 1, pids: []}});
		try {
			expect(await waitFor(() => status(session, 'missing')?.state === 'restarting', 15_000)).toBe(true);
			expect(status(session, 'missing')?.message).toMatch(/^.*ERROR.*; restarting in 1s$/);
			expect(await waitFor(() => (session.store.getState().history.runq?.entries.length ?? 0) >= 2, 15_000)).toBe(true);
		} finally {
			await session.stop();
		}
	}, 60_000);
});
