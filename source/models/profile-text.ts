/** `tracetop snapshot` text for the profile: a perf-report-like table of the hottest functions. */
import {bySelf, summarizeProfile, topFunctions, type ProfileSample} from './profile.js';

const TOP = 25;
const pct = (n: number, of: number): string => `${of === 0 ? '0.00' : ((100 * n) / of).toFixed(2)}%`;

export function profileToText(sample: ProfileSample): string {
	const s = summarizeProfile(sample);
	const rows = topFunctions(sample.onCpu)
		.sort(bySelf)
		.slice(0, TOP);
	return [
		`CPU profile (on-CPU stack samples), ${sample.durationSec}s, ${s.samples} samples`,
		`kernel ${pct(s.kernel, 1)}  user ${pct(s.user, 1)}  idle ${pct(s.idle, 1)}  unknown user frames ${pct(s.unknownUser, 1)}`,
		'',
		`${'Self'.padStart(8)} ${'Total'.padStart(8)}  Function`,
		...rows.map(r => `${pct(r.self, s.samples).padStart(8)} ${pct(r.total, s.samples).padStart(8)}  ${r.kernel ? '[k] ' : ''}${r.name}${r.module ? `  [${r.module}]` : ''}`),
	].join('\n');
}
