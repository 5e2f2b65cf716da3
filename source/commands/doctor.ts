/** `tracetop doctor`: a checklist of what live tracing needs, and per pane its probes. */
import {allPanes} from '../panes/registry.js';
import {isBuilt} from '../panes/pane.js';
import {checkBpftrace, checkBtf, checkPrivileges, checkSetpriv, checkTracefs, tracepointExists, type Check} from '../system-checks.js';

export function doctorChecks(): Check[] {
	const checks = [checkPrivileges(), checkBpftrace(), checkTracefs(), checkBtf(), checkSetpriv()];
	const tracefs = checks[2]!.ok;
	for (const pane of allPanes.filter(isBuilt)) {
		const defaults = Object.fromEntries((pane.options ?? []).map(o => [o.name, o.default]));
		const tracepoints = pane.collectors({intervalSec: 1, pids: []}, defaults).flatMap(c => (c.kind === 'bpftrace' ? c.tracepoints : []));
		const missing = tracepoints.filter(tp => !tracepointExists(tp));
		checks.push({
			name: `pane ${pane.title}`,
			ok: tracefs && missing.length === 0,
			detail: !tracefs
				? 'needs tracefs'
				: missing.length > 0
					? `missing ${missing.join(', ')}`
					: tracepoints.length > 0
						? `${tracepoints.length} tracepoints available`
						: 'perf software events only',
			fix: !tracefs ? 'see tracefs (above)' : 'this kernel lacks these tracepoints; the pane will say so',
		});
	}
	return checks;
}

export function runDoctor(): number {
	const checks = doctorChecks();
	for (const c of checks) {
		process.stdout.write(`${c.ok ? '[ok]' : '[!!]'} ${c.name.padEnd(20)} ${c.detail}${c.ok || !c.fix ? '' : ` -- ${c.fix}`}\n`);
	}
	// BTF is optional for the tracepoint-only panes.
	const failing = checks.filter(c => !c.ok && c.name !== 'BTF');
	process.stdout.write(failing.length === 0 ? 'tracetop can trace live here.\n' : `${failing.length} problem(s): live tracing will not fully work; --demo and --replay still do.\n`);
	return failing.length === 0 ? 0 : 1;
}
