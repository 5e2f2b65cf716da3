/** Human-readable numbers for dense terminal columns. */

/** Microseconds as "850us", "12.3ms", "1.20s". */
export function formatMicros(us: number | null): string {
	if (us === null || !Number.isFinite(us)) return '-';
	if (us < 1000) return `${Math.round(us)}us`;
	if (us < 1_000_000) return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)}ms`;
	return `${(us / 1_000_000).toFixed(2)}s`;
}

/** Counts as "950", "12.3k", "4.5M". */
export function formatCount(n: number): string {
	if (n < 10_000) return String(Math.round(n));
	if (n < 1_000_000) return `${(n / 1000).toFixed(1)}k`;
	return `${(n / 1_000_000).toFixed(1)}M`;
}

/** A change of share (-1..1) in percentage points, signed: "+2.5%", "-0.3%", "0.0%". */
export function signedPercent(delta: number): string {
	const text = (Math.abs(delta) * 100).toFixed(1);
	return text === '0.0' ? '0.0%' : `${delta > 0 ? '+' : '-'}${text}%`;
}

/** Bytes as "512 B", "4.0 KiB", "1.5 MiB", "12 GiB" (binary units, as block sizes are). */
export function formatBytes(n: number): string {
	if (!Number.isFinite(n) || n < 0) return '-';
	if (n < 1024) return `${Math.round(n)} B`;
	const units = ['KiB', 'MiB', 'GiB', 'TiB'];
	let v = n / 1024;
	let i = 0;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Nanoseconds as "850ns", "1.9us", "123us", "4.56ms", "1.20s". */
export function formatNanos(ns: number | null): string {
	if (ns === null || !Number.isFinite(ns)) return '-';
	if (ns < 1000) return `${Math.round(ns)}ns`;
	if (ns < 10_000) return `${(ns / 1000).toFixed(1)}us`;
	return formatMicros(ns / 1000);
}
