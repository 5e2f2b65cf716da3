import {Text} from 'ink';
import type {AnyPane} from '../source/panes/pane.js';
import type {Theme} from '../themes/theme.js';

/** One tab per pane, numbered by its key; the active one inverse. */
export function TabBar({panes, active, theme}: {panes: readonly AnyPane[]; active: number; theme: Theme}) {
	return (
		<Text wrap="truncate">
			{panes.map((p, i) => (
				<Text key={p.id} inverse={i === active} bold={i === active} color={i === active ? theme.accent : theme.dim}>
					{` ${i + 1} ${p.title} `}
				</Text>
			))}
		</Text>
	);
}
