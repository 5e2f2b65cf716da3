/**
 * /proc/stat: cumulative CPU time per state (in USER_HZ ticks) for all CPUs and for each
 * online CPU, and the instantaneous count of runnable and blocked tasks.
 *
 *   cpu  48955 0 13887 26028 543 0 536 3120 0 0
 *   cpu0 23554 0 6790 14483 114 0 109 1521 0 0
 *   procs_running 4
 *
 * Fields after the name: user nice system idle iowait irq softirq steal guest guest_nice;
 * guest time is already counted in user (and guest_nice in nice), so it is not a state
 * of its own. Older kernels print fewer fields; missing ones are 0.
 */
export interface CpuTimes {
	user: number;
	nice: number;
	system: number;
	idle: number;
	iowait: number;
	irq: number;
	softirq: number;
	steal: number;
}

export const CPU_STATES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

export interface ProcStat {
	total: CpuTimes;
	/** By CPU number; an offline CPU has no line. */
	perCpu: Map<number, CpuTimes>;
	/** Tasks running or runnable right now (nr_running), including the reader itself. */
	procsRunning: number | null;
	procsBlocked: number | null;
}

const CPU_LINE = /^cpu(\d*)\s+(.*)$/;

function cpuTimes(fields: string): CpuTimes | undefined {
	const values = fields.trim().split(/\s+/).map(Number);
	if (values.length < 4 || !values.every(v => Number.isSafeInteger(v) && v >= 0)) return undefined;
	return Object.fromEntries(CPU_STATES.map((state, i) => [state, values[i] ?? 0])) as unknown as CpuTimes;
}

export function parseProcStat(text: string): ProcStat {
	let total: CpuTimes | undefined;
	const perCpu = new Map<number, CpuTimes>();
	let procsRunning: number | null = null;
	let procsBlocked: number | null = null;
	for (const line of text.split('\n')) {
		const cpu = CPU_LINE.exec(line);
		if (cpu) {
			const times = cpuTimes(cpu[2]!);
			if (!times) continue;
			if (cpu[1] === '') total = times;
			else perCpu.set(Number(cpu[1]), times);
			continue;
		}
		const [key, value] = line.split(/\s+/);
		const n = Number(value);
		if (!Number.isSafeInteger(n) || n < 0) continue;
		if (key === 'procs_running') procsRunning = n;
		else if (key === 'procs_blocked') procsBlocked = n;
	}
	if (!total) throw new Error('no "cpu" line in /proc/stat');
	return {total, perCpu, procsRunning, procsBlocked};
}
