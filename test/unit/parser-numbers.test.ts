/**
 * Numbers are validated where they enter: a crafted line (a recording anyone can write)
 * with 1e308 counts or 1e400 (Infinity) is refused as unreadable, so no NaN or Infinity
 * reaches a reducer, the screen or a snapshot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseBpftraceLine} from '../../collectors/bpftrace-json.js';
import {runqPane} from '../../source/panes/runq.js';
import {startReplaySession} from '../../source/session.js';
import {allSamples} from '../../source/store/store.js';
import {runqSummary, type RunqSample} from '../../source/models/runq.js';

const hist = (counts: string[]) =>
	`{"type": "hist", "data": {"@usecs": [${counts.map((c, i) => `{"min": ${2 ** i}, "max": ${2 ** (i + 1) - 1}, "count": ${c}}`).join(', ')}]}}`;

describe('numbers at the bpftrace parser', () => {
	it.each([
		['1e308', '1e308'],
		['Infinity (1e400)', '1e400'],
		['a negative count', '-5'],
		['a fractional count', '2.5'],
	])('refuses a histogram whose count is %s', (_what, value) => {
		const r = parseBpftraceLine(hist(['3', value]));
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error).toMatch(/^number out of range/);
	});

	it('refuses map values and lost-event counts out of range, keeps ordinary ones', () => {
		expect(parseBpftraceLine('{"type": "map", "data": {"@max_usecs": 1e300}}').ok).toBe(false);
		expect(parseBpftraceLine('{"type": "lost_events", "data": {"events": 1e20}}').ok).toBe(false);
		expect(parseBpftraceLine('{"type": "map", "data": {"@m": {"a": -3, "b": "text"}}}')).toEqual({
			ok: true,
			records: [{type: 'map', map: '@m', entries: [{key: 'a', value: -3}, {key: 'b', value: 'text'}]}],
		});
	});

	it('a crafted recording of huge counts gives finite summaries and counts the lines as unreadable', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-numbers-'));
		const file = path.join(dir, 'crafted.jsonl');
		const header = {format: 'tracetop-recording', version: 1, host: 'h', kernel: 'k', startTime: new Date(0).toISOString(), options: {intervalSec: 1, pids: []}, collectors: [{id: 'runqlat', script: 'runqlat.bt', args: []}]};
		const entries = [
			{t: 100, c: 'runqlat', line: hist(['1e308', '1e308'])},
			{t: 200, c: 'runqlat', line: hist(['3', '4'])},
			{t: 300, c: 'runqlat', line: '{"type": "map", "data": {"@max_usecs": 1e400}}'},
			{t: 1000, c: 'runqlat', line: '{"type": "time", "data": "00:00:01\\n"}'},
		];
		fs.writeFileSync(file, [header, ...entries].map(e => JSON.stringify(e)).join('\n') + '\n');
		const session = await startReplaySession({panes: [runqPane], file, speed: Number.POSITIVE_INFINITY});
		await session.done;
		const state = session.store.getState();
		const samples = allSamples<RunqSample>(state, 'runq');
		expect(samples).toHaveLength(1);
		const summary = runqSummary(samples[0]!);
		for (const value of Object.values(summary)) if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
		expect(summary.count).toBe(7);
		expect(state.collectors.runqlat?.malformedLines).toBe(2);
		fs.rmSync(dir, {recursive: true, force: true});
	});
});
