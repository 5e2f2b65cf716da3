import {Text} from 'ink';
import {safeText} from '../source/safety/terminal-text.js';
import type {Theme} from '../themes/theme.js';
import {totalLateIntervals, totalLostEvents, totalMalformedLines} from '../source/store/store.js';
import {useTracetopStore} from './hooks/use-tracetop-store.js';

interface Props {
	theme: Theme;
	/** The pane shown: its baseline, if marked, is named. */
	paneId: string;
	/** Text being typed after `/`, or null when not editing. */
	filterDraft: string | null;
	filter: string;
	message: string | undefined;
}

const clock = (epochMs: number): string => new Date(epochMs).toISOString().slice(11, 19);

/** Key hints, FROZEN with the frozen time, the pane's BASELINE, lost events, late intervals, unreadable lines, and the last message. */
export function StatusBar({theme, paneId, filterDraft, filter, message}: Props) {
	const frozenAt = useTracetopStore(s => s.frozenAt);
	const baselineAt = useTracetopStore(s => s.baselines[paneId]?.t);
	const startedAt = useTracetopStore(s => s.info.startedAt);
	const lost = useTracetopStore(totalLostEvents);
	const malformed = useTracetopStore(totalMalformedLines);
	const late = useTracetopStore(totalLateIntervals);
	const ended = useTracetopStore(s => s.ended);
	const notice = useTracetopStore(s => s.notice);
	if (filterDraft !== null) {
		return (
			<Text wrap="truncate" color={theme.accent}>
				{`/${safeText(filterDraft)}█  Enter apply · Esc cancel`}
			</Text>
		);
	}
	const hints = frozenAt === null ? 'q quit  ? help  Space freeze  / filter  s sort  e export' : '[ ] step  Space resume  e export  q quit';
	return (
		<Text wrap="truncate">
			{frozenAt !== null && (
				<Text inverse bold color={theme.warn}>{` FROZEN ${clock(startedAt + frozenAt)} UTC `}</Text>
			)}
			{baselineAt !== undefined && <Text inverse color={theme.accent}>{` BASELINE ${clock(startedAt + baselineAt)} UTC `}</Text>}
			{ended && <Text inverse color={theme.dim}>{' END OF RECORDING '}</Text>}
			{notice !== undefined && <Text color={theme.warn}>{` ${safeText(notice)} `}</Text>}
			{lost > 0 && <Text color={theme.error}>{` lost ${lost} events `}</Text>}
			{late > 0 && <Text color={theme.error}>{` ${late} intervals incomplete `}</Text>}
			{malformed > 0 && <Text color={theme.warn}>{` ${malformed} unreadable lines `}</Text>}
			{filter !== '' && <Text color={theme.accent}>{` filter: ${safeText(filter)} `}</Text>}
			<Text color={theme.dim}>{` ${safeText(message ?? hints)}`}</Text>
		</Text>
	);
}
