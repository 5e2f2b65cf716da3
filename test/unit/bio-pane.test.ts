import {describe, expect, it} from 'vitest';
import {bioPane, SLOW_CAP} from '../../source/panes/bio.js';
import {allPanes} from '../../source/panes/registry.js';
import {paneViews} from '../../tui/views.js';

const filters = {intervalSec: 2, pids: [42], comm: 'dd'};

describe('the block I/O pane', () => {
	it('is key 4, with its view', () => {
		expect(allPanes[3]).toBe(bioPane);
		expect(paneViews.bio).toBeTypeOf('function');
	});

	it('passes the shared parameters, then --slow-io in µs and the per-interval cap, from $12 on', () => {
		const [spec] = bioPane.collectors(filters, {slowMs: 25});
		expect(spec).toMatchObject({id: 'biolatency', kind: 'bpftrace', script: 'biolatency.bt', env: {BPFTRACE_MAP_KEYS_MAX: '65536'}});
		if (spec?.kind !== 'bpftrace') throw new Error('a bpftrace collector');
		expect(spec.args).toEqual(['2', 'dd', '42', '0', '0', '0', '0', '0', '0', '0', '99', '25000', String(SLOW_CAP)]);
		expect(spec.tracepoints).toEqual(expect.arrayContaining(['block:block_rq_issue', 'block:block_rq_complete', 'block:block_rq_insert']));
		expect(spec.requires).toEqual(['root', 'bpftrace', 'tracefs']);
	});

	it('declares --slow-io with a 10 ms default, 0 logging every I/O', () => {
		expect(bioPane.options).toEqual([expect.objectContaining({name: 'slowMs', flag: '--slow-io', default: 10, min: 0, integer: true})]);
		const [spec] = bioPane.collectors(filters, {slowMs: 0});
		expect(spec?.kind === 'bpftrace' && spec.args.at(-2)).toBe('0');
	});

	it('has toggles for partitions, processes and the slow log', () => {
		expect(bioPane.keys.filter(k => k.toggle).map(k => [k.key, k.toggle])).toEqual([
			['P', 'partitions'],
			['g', 'processes'],
			['l', 'slowLog'],
		]);
	});
});
