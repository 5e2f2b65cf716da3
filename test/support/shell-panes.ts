/**
 * The panes the shell's component tests run with: a fixed small registry (the two
 * first real panes and three planned ones), so adding or building a pane in
 * source/panes/registry.ts changes no test of the shell.
 */
import type {AnyPane, PlannedPane} from '../../source/panes/pane.js';
import {profilePane} from '../../source/panes/profile.js';
import {runqPane} from '../../source/panes/runq.js';

const planned = (id: string, title: string, description: string): PlannedPane => ({id, title, description, planned: true});

export const shellPanes: readonly AnyPane[] = [
	runqPane,
	profilePane,
	planned('syscalls', 'Syscalls', 'syscall counts, errors and latency histograms per syscall and process'),
	planned('biolat', 'Block I/O', 'block I/O latency per device and direction (biolatency), queue depth'),
	planned('use', 'USE', 'utilization, saturation and errors of CPU, memory, disk and network (from /proc)'),
];
