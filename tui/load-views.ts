import {isBuilt, type AnyPane} from '../source/panes/pane.js';
import type {PaneView} from './pane-view.js';
import {paneViews, type ViewLoaders} from './views.js';

/** Every built pane's view, loaded once before the dashboard's first frame. */
export async function loadViews(panes: readonly AnyPane[], loaders: ViewLoaders = paneViews): Promise<Map<string, PaneView<any>>> {
	const built = panes.filter(isBuilt).filter(p => loaders[p.id] !== undefined);
	const views = await Promise.all(built.map(p => loaders[p.id]!()));
	return new Map(built.map((p, i) => [p.id, views[i]!]));
}
