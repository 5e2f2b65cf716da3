import {afterEach, expect, it} from 'vitest';
import {createTracetopStore} from '../../source/store/store.js';
import {cleanupApps, renderApp} from './harness.js';

afterEach(cleanupApps);

it('the header says the recording stopped, and why, while the dashboard stays live', async () => {
	const store = createTracetopStore({host: 'h', kernel: 'k', mode: 'live', intervalSec: 1, startedAt: 0, recordingTo: '/tmp/r.jsonl'});
	const r = await renderApp({store});
	expect(r.frame()).toContain('REC /tmp/r.jsonl');
	await r.update(s => s.setRecordingError('/tmp/r.jsonl: write failed: no space left on the device (ENOSPC)'));
	expect(r.frame()).toContain('live, recording stopped: /tmp/r.jsonl');
	expect(r.frame()).not.toContain('REC /tmp');
});
