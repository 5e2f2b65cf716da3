import {isBuilt, type AnyPane, type PaneView} from '../source/panes/pane.js';

/** Every built pane's view, loaded once before the dashboard's first frame. */
export async function loadViews(panes: readonly AnyPane[]): Promise<Map<string, PaneView<any>>> {
	const built = panes.filter(isBuilt);
	const views = await Promise.all(built.map(p => p.loadView()));
	return new Map(built.map((p, i) => [p.id, views[i]!]));
}
