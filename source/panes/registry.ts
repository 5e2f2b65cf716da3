/**
 * Every pane, in tab order (keys 1..9). Adding a pane: its module, and one line here.
 */
import type {AnyPane, PlannedPane} from './pane.js';
import {profilePane} from './profile.js';
import {runqPane} from './runq.js';

const planned = (id: string, title: string, description: string): PlannedPane => ({id, title, description, planned: true});

export const panes: readonly AnyPane[] = [
	runqPane,
	profilePane,
	planned('syscalls', 'Syscalls', 'syscall counts, errors and latency histograms per syscall and process'),
	planned('biolat', 'Block I/O', 'block I/O latency per device and direction (biolatency), queue depth'),
	planned('use', 'USE', 'utilization, saturation and errors of CPU, memory, disk and network (from /proc)'),
];
