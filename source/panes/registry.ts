/**
 * Every pane, in tab order (keys 1..9). Adding a pane: its module, and one line in
 * `allPanes` (its view goes in tui/views.ts).
 */
import type {AnyPane} from './pane.js';
import {bioPane} from './bio.js';
import type {SessionOptions} from './pane-options.js';
import {profilePane} from './profile.js';
import {runqPane} from './runq.js';
import {syscallsPane} from './syscalls.js';
import {usePane} from './use.js';

/** Every pane this build knows, whatever the options: for flags, keys and `doctor`. */
export const allPanes: readonly AnyPane[] = [
	runqPane,
	profilePane,
	syscallsPane,
	bioPane,
	usePane,
];

/**
 * The panes a session shows for these options (live: the command line; replay: the
 * recording's header). Every pane today; a pane made by a flag (a custom script) is
 * added here.
 */
export function panesFor(_options: Pick<SessionOptions, 'panes'>): readonly AnyPane[] {
	return allPanes;
}
