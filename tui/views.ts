/**
 * Each pane's view by pane id, loaded lazily: only the dashboard loads views (and Ink),
 * headless commands never do. Adding a pane's view: its component in tui/panes/, and one
 * line here.
 */
import type {PaneView} from './pane-view.js';

export type ViewLoaders = Readonly<Record<string, () => Promise<PaneView<any>>>>;

export const paneViews: ViewLoaders = {
	runq: async () => (await import('./panes/RunqView.js')).RunqView,
	profile: async () => (await import('./panes/ProfileView.js')).ProfileView,
	syscalls: async () => (await import('./panes/SyscallsView.js')).SyscallsView,
	bio: async () => (await import('./panes/BioView.js')).BioView,
	use: async () => (await import('./panes/UseView.js')).UseView,
};
