/**
 * /proc/pressure/{cpu,memory,io} (PSI, Linux 4.20+ with CONFIG_PSI):
 *
 *   some avg10=0.72 avg60=0.91 avg300=1.06 total=7904686
 *   full avg10=0.18 avg60=0.05 avg300=0.31 total=3760727
 *
 * `total` is cumulative stall time in µs: its delta over an interval gives the exact share
 * of that interval in which some (or all non-idle) tasks were stalled, where the avg
 * fields are decaying averages over fixed windows. `full` is absent for cpu before 5.13.
 */
export interface PressureLine {
	avg10: number;
	avg60: number;
	avg300: number;
	/** Cumulative stall time, µs. */
	totalUs: number;
}

export interface Pressure {
	some: PressureLine;
	full: PressureLine | null;
}

function pressureLine(fields: readonly string[]): PressureLine | undefined {
	const values = new Map(fields.map(f => f.split('=') as [string, string]));
	const line = {
		avg10: Number(values.get('avg10')),
		avg60: Number(values.get('avg60')),
		avg300: Number(values.get('avg300')),
		totalUs: Number(values.get('total')),
	};
	return Object.values(line).every(v => Number.isFinite(v) && v >= 0) ? line : undefined;
}

/** The file's two lines, or undefined when it is not a PSI file (or PSI is disabled). */
export function parsePressure(text: string): Pressure | undefined {
	let some: PressureLine | undefined;
	let full: PressureLine | undefined;
	for (const line of text.split('\n')) {
		const [kind, ...fields] = line.trim().split(/\s+/);
		if (kind === 'some') some = pressureLine(fields);
		else if (kind === 'full') full = pressureLine(fields);
	}
	return some ? {some, full: full ?? null} : undefined;
}
