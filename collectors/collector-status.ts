/**
 * What the header and a pane say about one collector. `silent`: started but has printed
 * nothing for a while (stuck compiling or attaching); `stale`: printed before, but no
 * interval for several intervals (what is on screen is not live).
 */
export type CollectorState = 'starting' | 'running' | 'silent' | 'stale' | 'restarting' | 'stopped' | 'idle';

export interface CollectorStatus {
	state: CollectorState;
	/** Why it is not running, or what it last said. */
	message?: string;
	lostEvents: number;
	malformedLines: number;
	/**
	 * Intervals in which events may be missing: bpftrace's output was 10 intervals behind,
	 * and the collector reused a half of its double buffer before bpftrace cleared it.
	 */
	lateIntervals: number;
	restarts: number;
}

export const initialCollectorStatus: CollectorStatus = {
	state: 'starting',
	lostEvents: 0,
	malformedLines: 0,
	lateIntervals: 0,
	restarts: 0,
};
