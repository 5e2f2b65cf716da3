/** What the header and a pane say about one collector. */
export type CollectorState = 'starting' | 'running' | 'restarting' | 'stopped' | 'idle';

export interface CollectorStatus {
	state: CollectorState;
	/** Why it is not running, or what it last said. */
	message?: string;
	lostEvents: number;
	malformedLines: number;
	restarts: number;
}

export const initialCollectorStatus: CollectorStatus = {
	state: 'starting',
	lostEvents: 0,
	malformedLines: 0,
	restarts: 0,
};
