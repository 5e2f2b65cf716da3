/**
 * Small panes for tests of the mechanism (CLI options, replay, the shell), so those
 * tests do not change when a real pane is added to the registry.
 */
import {bpftraceCollector} from '../../collectors/collector-spec.js';
import type {Pane} from '../../source/panes/pane.js';
import type {OptionValues} from '../../source/panes/pane-options.js';

/** A pane whose sample is the text of its last `reading` (or "-"), with the given parts replaced. */
export function testPane(id: string, parts: Partial<Pane<string, string>> = {}): Pane<string, string> {
	return {
		id,
		title: id[0]!.toUpperCase() + id.slice(1),
		description: `the ${id} test pane`,
		snapshotKey: id,
		sorts: [],
		keys: [],
		collectors: () => [],
		begin: () => '-',
		accumulate: (acc, record) => (record.type === 'reading' ? JSON.stringify(record.data) : acc),
		finish: acc => acc,
		merge: samples => samples.at(-1) ?? '-',
		toJson: s => s,
		toText: s => `${id}: ${s}`,
		weigh: s => s.length,
		...parts,
	};
}

/** A pane with one option, `--slow` (slowMs), passed to its collector as $12. */
export function slowPane(seen: OptionValues[] = []): Pane<string, string> {
	return testPane('slow', {
		options: [{name: 'slowMs', flag: '--slow', help: 'calls slower than this are listed, ms', default: 10, min: 0, max: 60_000, integer: true}],
		collectors: (filters, options) => {
			seen.push(options);
			return [bpftraceCollector('slowcalls', filters, {tracepoints: ['raw_syscalls:sys_enter'], extraArgs: [String(options.slowMs)]})];
		},
	});
}
