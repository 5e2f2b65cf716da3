/**
 * pprof as users meet it: `flame -o FILE.pb.gz` read back by `go tool pprof -raw` (Debian's
 * golang-go, which .ci/run installs), whose sample totals and hottest functions must be
 * tracetop's own; and `collapse` reading the profile back to the same folded stacks.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {gunzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {KERNEL_MAPPING} from '../../source/exporters/pprof.js';
import {parseFolded, type FoldedStacks} from '../../source/models/folded-stacks.js';
import {bySelf, profileFromFolded, topFunctions} from '../../source/models/profile.js';
import {bpfMissing, cliPath, describeWhen, itWithPeer, repoRoot} from '../support/requirements.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-pprof-'));

function tracetop(args: string[]) {
	const r = spawnSync(process.execPath, [cliPath, ...args], {encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28});
	return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

const goMissing = spawnSync('sh', ['-c', 'command -v go']).status === 0 ? undefined : 'go not installed (Debian golang-go)';

/** What `go tool pprof -raw` prints: samples (value, location ids leaf first) and each location's leaf function and mapping. */
interface RawProfile {
	header: string;
	samples: Array<{value: number; locations: number[]}>;
	locations: Map<number, {name: string; mapping: string}>;
}

function goRaw(file: string): RawProfile {
	const home = tmp();
	// A sandbox has no writable HOME or module cache; no toolchain may be fetched.
	const env = {...process.env, HOME: home, GOCACHE: path.join(home, 'cache'), GOPATH: path.join(home, 'go'), GOFLAGS: '', GOTOOLCHAIN: 'local', PPROF_TMPDIR: home};
	const r = spawnSync('go', ['tool', 'pprof', '-raw', file], {encoding: 'utf8', env, timeout: 120_000, maxBuffer: 1 << 28});
	expect(r.status, r.stderr).toBe(0);
	const [header = '', rest = ''] = r.stdout.split(/^Samples:\n/m);
	const [samples = '', locations = ''] = rest.split(/^Locations\n/m);
	const [locationLines = '', mappingLines = ''] = locations.split(/^Mappings\n/m);
	const mappings = new Map([...mappingLines.matchAll(/^(\d+): \S+ (\S+)/gm)].map(m => [m[1]!, m[2]!]));
	const parsed: RawProfile = {header, samples: [], locations: new Map()};
	for (const m of samples.matchAll(/^\s+(\d+): ([\d ]*)$/gm)) {
		parsed.samples.push({value: Number(m[1]), locations: m[2]!.trim().split(' ').map(Number)});
	}
	// The first line of a location is its innermost function: `ID: 0xADDR [M=N ]NAME FILE:LINE s=START[(SYSTEM NAME)]`;
	// pprof shortens C++ names, and then shows the name as written in parentheses.
	for (const m of locationLines.matchAll(/^\s+(\d+): 0x[0-9a-f]+ (?:M=(\d+) )?(.*?) \S*:\d+ s=\d+(?:\((.*)\))?$/gm)) {
		parsed.locations.set(Number(m[1]), {name: m[4] ?? m[3]!, mapping: m[2] ? (mappings.get(m[2]) ?? '') : ''});
	}
	return parsed;
}

/** Self samples by function as pprof has them, kernel functions with tracetop's `_[k]`. */
function rawTop(raw: RawProfile): Array<[string, number]> {
	const self = new Map<string, number>();
	for (const s of raw.samples) {
		const leaf = raw.locations.get(s.locations[0]!)!;
		const name = leaf.mapping === KERNEL_MAPPING ? `${leaf.name}_[k]` : leaf.name;
		self.set(name, (self.get(name) ?? 0) + s.value);
	}
	return [...self].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
}

/** tracetop's own hottest functions of the same stacks (the profile pane's table). */
function ownTop(stacks: FoldedStacks): Array<[string, number]> {
	return topFunctions(profileFromFolded(stacks).onCpu)
		.sort(bySelf)
		.filter(r => r.self > 0)
		.map(r => [r.kernel ? `${r.name}_[k]` : r.name, r.self] as [string, number])
		.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
}

const total = (raw: RawProfile) => raw.samples.reduce((n, s) => n + s.value, 0);

const PERF_CAPTURE = path.join(repoRoot, 'test/fixtures/perf-script/example-perf-stacks.txt.gz');
const WITH_KERNEL = ['bash;main;read_[k];vfs_read_[k] 30', 'bash;main;compute;inner 50', 'bash;main;compute 10', 'sshd;poll_[k] 4', 'java;read 6'].join('\n');

describe('flame -o FILE.pb.gz and collapse of pprof', () => {
	it('collapse reads the profile back to the same folded stacks, gzipped or not', () => {
		const dir = tmp();
		const folded = tracetop(['collapse', PERF_CAPTURE]).stdout;
		fs.writeFileSync(path.join(dir, 'in.folded'), folded);
		const r = tracetop(['flame', '--input', path.join(dir, 'in.folded'), '-o', path.join(dir, 'x.pb.gz')]);
		expect(r.code, r.stderr).toBe(0);
		expect(r.stderr).toMatch(/wrote .*x\.pb\.gz \(1315 samples, 710 stacks\)/);
		expect(tracetop(['collapse', path.join(dir, 'x.pb.gz')]).stdout).toBe(folded);
		fs.writeFileSync(path.join(dir, 'plain.pb'), gunzipSync(fs.readFileSync(path.join(dir, 'x.pb.gz'))));
		expect(tracetop(['collapse', path.join(dir, 'plain.pb')]).stdout).toBe(folded);
		expect(tracetop(['collapse', '--input-format', 'pprof', path.join(dir, 'plain.pb')]).stdout).toBe(folded);
	});

	it('refuses a broken profile with one line', () => {
		const dir = tmp();
		fs.writeFileSync(path.join(dir, 'in.folded'), WITH_KERNEL);
		tracetop(['flame', '--input', path.join(dir, 'in.folded'), '-o', path.join(dir, 'x.pb.gz')]);
		const bytes = gunzipSync(fs.readFileSync(path.join(dir, 'x.pb.gz')));
		// One more sample, holding a 32-bit field (wire type 5), which profile.proto never has.
		fs.writeFileSync(path.join(dir, 'bad.pb'), Buffer.concat([bytes, Buffer.from([0x12, 0x05, 0x0d, 1, 2, 3, 4])]));
		const r = tracetop(['collapse', path.join(dir, 'bad.pb')]);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/^tracetop: .*bad\.pb: not a valid pprof profile \(.*\)\n$/);
	});

	itWithPeer(
		'go tool pprof -raw reads it: same sample total and hottest functions as tracetop, kernel frames in [kernel.kallsyms]',
		{missing: goMissing},
		() => {
			const dir = tmp();
			for (const [name, text] of [
				['capture', tracetop(['collapse', PERF_CAPTURE]).stdout],
				['kernel', WITH_KERNEL],
			] as const) {
				const input = path.join(dir, `${name}.folded`);
				fs.writeFileSync(input, text);
				expect(tracetop(['flame', '--input', input, '-o', path.join(dir, `${name}.pb.gz`)]).code).toBe(0);
				const stacks = parseFolded(text).stacks;
				const raw = goRaw(path.join(dir, `${name}.pb.gz`));
				expect(total(raw)).toBe([...stacks.values()].reduce((n, c) => n + c, 0));
				expect(rawTop(raw).slice(0, 10)).toEqual(ownTop(stacks).slice(0, 10));
			}
			const kernel = goRaw(path.join(dir, 'kernel.pb.gz'));
			const kernelNames = [...kernel.locations.values()].filter(l => l.mapping === KERNEL_MAPPING).map(l => l.name);
			expect(kernelNames.sort()).toEqual(['poll', 'read', 'vfs_read']);
			// The user read of java stays apart from the kernel's.
			expect(rawTop(kernel)).toContainEqual(['read', 6]);
		},
		120_000,
	);
});

describeWhen(bpfMissing(), 'flame -o FILE.pb.gz (live)', () => {
	itWithPeer(
		'a recorded profile: go tool pprof -raw totals what tracetop wrote, with the period of -F and the duration',
		{missing: goMissing},
		() => {
			const dir = tmp();
			const r = tracetop(['flame', '-d', '2', '-F', '199', '-o', path.join(dir, 'cpu.pb.gz')]);
			expect(r.code, r.stderr).toBe(0);
			const written = Number(/wrote .* \((\d+) samples/.exec(r.stderr)![1]);
			const raw = goRaw(path.join(dir, 'cpu.pb.gz'));
			expect(total(raw)).toBe(written);
			expect(raw.header).toMatch(/^PeriodType: cpu nanoseconds$/m);
			expect(raw.header).toMatch(new RegExp(`^Period: ${Math.round(1e9 / 199)}$`, 'm'));
			expect(raw.header).toMatch(/^Duration: [23](?:\.\d+)?s$/m);
			expect(raw.header).toMatch(new RegExp(`^Time: ${new Date().getUTCFullYear()}-`, 'm'));
			// Idle CPUs sample the kernel: its frames are in the kernel's mapping.
			expect([...raw.locations.values()].some(l => l.mapping === KERNEL_MAPPING)).toBe(true);
			const back = parseFolded(tracetop(['collapse', path.join(dir, 'cpu.pb.gz')]).stdout).stacks;
			expect([...back.values()].reduce((n, c) => n + c, 0)).toBe(written);
		},
		120_000,
	);

	itWithPeer(
		'off-CPU time in nanoseconds: go tool pprof -raw totals 1000 times the microseconds tracetop counted',
		{missing: goMissing},
		() => {
			const dir = tmp();
			const r = tracetop(['flame', '-d', '2', '--off-cpu', '-o', path.join(dir, 'off.pb.gz')]);
			expect(r.code, r.stderr).toBe(0);
			const us = Number(/wrote .* \((\d+) us/.exec(r.stderr)![1]);
			const raw = goRaw(path.join(dir, 'off.pb.gz'));
			expect(raw.header).toMatch(/^Period: 0$/m);
			expect(total(raw)).toBe(us * 1000);
		},
		120_000,
	);
});
