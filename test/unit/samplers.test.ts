/**
 * The host samplers on fixture /proc and /sys trees (test/fixtures/host): what they
 * read, in the line shape the pipeline parses, and the sampler parser itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseSamplerLine} from '../../collectors/sampler-json.js';
import {countCpuList, hostFacts, readHostFacts} from '../../collectors/samplers/host-facts.js';
import {hostLoad} from '../../collectors/samplers/host-load.js';
import {samplers} from '../../collectors/samplers/registry.js';
import {repoRoot} from '../support/requirements.js';

const root = path.join(repoRoot, 'test', 'fixtures', 'host');
const ctx = {intervalSec: 1, procRoot: path.join(root, 'proc'), sysRoot: path.join(root, 'sys')};

describe('host-facts sampler', () => {
	it('reads CPUs, disks with their partitions and interfaces from /sys', () => {
		expect(readHostFacts(ctx.sysRoot, 'x86_64')).toEqual({
			arch: 'x86_64',
			cpus: 5,
			blockDevices: {
				'8:0': {name: 'sda', disk: 'sda'},
				'8:1': {name: 'sda1', disk: 'sda'},
				'259:0': {name: 'nvme0n1', disk: 'nvme0n1'},
				'259:2': {name: 'nvme0n1p2', disk: 'nvme0n1'},
			},
			netInterfaces: {
				eth0: {speedMbps: 10000, virtual: false},
				lo: {speedMbps: null, virtual: true},
				wlan0: {speedMbps: null, virtual: false},
			},
		});
	});

	it('emits one hostfacts line at its first reading and nothing after', () => {
		const sampler = hostFacts(ctx);
		const first = sampler.read();
		expect(first).toHaveLength(1);
		const parsed = parseSamplerLine(first[0]!);
		expect(parsed).toMatchObject({ok: true, records: [{type: 'reading', kind: 'hostfacts', data: {cpus: 5}}]});
		expect(sampler.read()).toEqual([]);
		expect(sampler.read()).toEqual([]);
	});

	it('counts CPU lists as the kernel writes them', () => {
		expect(countCpuList('0\n')).toBe(1);
		expect(countCpuList('0-1\n')).toBe(2);
		expect(countCpuList('0-3,6,8-9')).toBe(7);
		expect(countCpuList('')).toBe(0);
	});

	it('reads this machine without throwing', () => {
		const facts = readHostFacts();
		expect(facts.cpus).toBeGreaterThan(0);
		expect(facts.arch).toBe(os.machine());
	});
});

describe('host-load sampler', () => {
	it('emits the load averages and whole seconds of uptime at every reading', () => {
		const sampler = hostLoad(ctx);
		for (let i = 0; i < 2; i++) {
			expect(sampler.read().map(l => JSON.parse(l))).toEqual([{type: 'load', data: {load: [0.52, 0.61, 0.7], uptimeSec: 86400}}]);
		}
	});

	it('throws, naming the files, when they are not what the kernel writes', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-proc-'));
		fs.writeFileSync(path.join(dir, 'loadavg'), 'garbage\n');
		fs.writeFileSync(path.join(dir, 'uptime'), '12.5 3\n');
		try {
			expect(() => hostLoad({intervalSec: 1, procRoot: dir}).read()).toThrow(/loadavg or .*uptime/);
		} finally {
			fs.rmSync(dir, {recursive: true, force: true});
		}
	});
});

describe('sampler registry', () => {
	it('names the host samplers the session starts, and the panes’ samplers', () => {
		expect(Object.keys(samplers).sort()).toEqual(['host-facts', 'host-load', 'use']);
	});
});

describe('parseSamplerLine', () => {
	it('turns a reading into a reading record and keeps its data as it is', () => {
		expect(parseSamplerLine('{"type":"use-cpu","data":{"util":0.5}}')).toEqual({ok: true, records: [{type: 'reading', kind: 'use-cpu', data: {util: 0.5}}]});
		expect(parseSamplerLine('{"type":"use-cpu"}')).toEqual({ok: true, records: [{type: 'reading', kind: 'use-cpu', data: null}]});
	});

	it('ends the interval on the time marker, like bpftrace', () => {
		expect(parseSamplerLine('{"type":"time","data":"22:30:01\\n"}')).toEqual({ok: true, records: [{type: 'time', text: '22:30:01\n'}]});
	});

	it('gives no records for a blank line and an error for anything not a reading', () => {
		expect(parseSamplerLine('  ')).toEqual({ok: true, records: []});
		for (const bad of ['not json', '[1,2]', '{"data":1}', '{"type":"Bad Kind\\u001b[2J","data":1}', '{"type":7}']) {
			expect(parseSamplerLine(bad).ok, bad).toBe(false);
		}
	});
});
