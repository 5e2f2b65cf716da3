/**
 * `tracetop doctor`: a checklist of what live tracing needs, and per pane what its
 * collectors require, what of that this machine lacks and how to get it, and its probes.
 */
import {allPanes} from '../panes/registry.js';
import {isBuilt, type Pane} from '../panes/pane.js';
import {needsMessage, probeMachine, unmetRequirements, type Machine} from '../requirements.js';
import {checkBpftrace, checkBtf, checkPrivileges, checkSetpriv, checkTracefs, tracepointExists, type Check} from '../system-checks.js';

function paneCheck(pane: Pane, machine: Machine): Check {
	const defaults = Object.fromEntries((pane.options ?? []).map(o => [o.name, o.default]));
	const specs = pane.collectors({intervalSec: 1, pids: []}, defaults);
	const requires = [...new Set(specs.flatMap(s => s.requires))];
	const missing = [...new Set(specs.flatMap(s => unmetRequirements(s, machine)))];
	const name = `pane ${pane.title}`;
	if (missing.length > 0) {
		const [needs, fix] = needsMessage(missing, machine).split(/: (.*)/s);
		return {name, ok: false, detail: `${needs} (requires ${requires.join(', ')})`, fix};
	}
	const tracepoints = specs.flatMap(c => (c.kind === 'bpftrace' ? c.tracepoints : []));
	const absent = tracepoints.filter(tp => !tracepointExists(tp));
	const what = specs.every(s => s.kind === 'sampler') ? 'reads /proc and /sys only' : tracepoints.length > 0 ? `${tracepoints.length} tracepoints available` : 'perf software events only';
	return {
		name,
		ok: absent.length === 0,
		detail: absent.length > 0 ? `missing ${absent.join(', ')}` : requires.length === 0 ? `${what}, needs no root` : what,
		fix: 'this kernel lacks these tracepoints; the pane will say so',
	};
}

export function doctorChecks(machine: Machine = probeMachine()): Check[] {
	const checks = [checkPrivileges(), checkBpftrace(), checkTracefs(), checkBtf(), checkSetpriv()];
	for (const pane of allPanes.filter(isBuilt)) checks.push(paneCheck(pane, machine));
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
