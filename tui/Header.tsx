import {Box, Text} from 'ink';
import {useShallow} from 'zustand/react/shallow';
import type {CollectorStatus} from '../collectors/collector-status.js';
import {safeText} from '../source/safety/terminal-text.js';
import type {Theme} from '../themes/theme.js';
import {useTracetopStore} from './hooks/use-tracetop-store.js';

const formatUptime = (sec: number): string => {
	const d = Math.floor(sec / 86400);
	const h = Math.floor((sec % 86400) / 3600);
	const m = Math.floor((sec % 3600) / 60);
	return d > 0 ? `${d}d ${h}h` : `${h}h ${String(m).padStart(2, '0')}m`;
};

const STATE_MARK: Record<CollectorStatus['state'], string> = {
	starting: '…',
	running: '●',
	silent: '?',
	stale: '!',
	restarting: '↻',
	stopped: '■',
	idle: '○',
};

const stateColor = (s: CollectorStatus['state'], theme: Theme) =>
	s === 'running' ? theme.ok : s === 'restarting' || s === 'silent' || s === 'stale' ? theme.error : theme.dim;

/** Host, kernel, uptime, load, interval, and one mark per collector. */
export function Header({width, theme}: {width: number; theme: Theme}) {
	const info = useTracetopStore(s => s.info);
	const recordingError = useTracetopStore(s => s.recordingError);
	const collectors = useTracetopStore(useShallow(s => s.collectors));
	// From the stream: a replay shows the recorded machine's load, not this one's.
	const load = useTracetopStore(s => s.hostLoad);
	const where =
		info.mode === 'replay'
			? `REPLAY ${info.replayOf ?? ''}`
			: recordingError
				? `live, recording stopped: ${recordingError}`
				: info.recordingTo
					? `REC ${info.recordingTo}`
					: 'live';
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate" backgroundColor={theme.chrome} color={theme.chromeText} bold inverse={!theme.color}>
				{` tracetop  ${safeText(info.host)}  ${safeText(info.kernel)}`.padEnd(width - 1)}
			</Text>
			<Text wrap="truncate">
				<Text color={theme.dim}>{load ? `up ${formatUptime(load.uptimeSec)}  load ${load.load.map(l => l.toFixed(2)).join(' ')}  ` : ''}</Text>
				<Text color={recordingError ? theme.error : theme.dim}>{`interval ${info.intervalSec}s  ${safeText(where)}  `}</Text>
				{Object.entries(collectors).map(([id, c]) => (
					<Text key={id} color={stateColor(c.state, theme)}>{`${STATE_MARK[c.state]} ${safeText(id)} `}</Text>
				))}
			</Text>
		</Box>
	);
}
