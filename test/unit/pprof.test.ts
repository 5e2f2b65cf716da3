import {randomBytes} from 'node:crypto';
import {gunzipSync, gzipSync} from 'node:zlib';
import {Function as PprofFunction, Line, Location, Mapping, Profile, Sample, StringTable, ValueType} from 'pprof-format';
import {describe, expect, it} from 'vitest';
import {encodePprof, KERNEL_MAPPING, OFF_CPU, pprofStacksFromFolded, pprofStacksOf, SAMPLES} from '../../source/exporters/pprof.js';
import {collapsePprof, looksLikePprof} from '../../source/importers/pprof.js';
import {parseFolded} from '../../source/models/folded-stacks.js';
import {toFolded} from '../../source/models/profile.js';
import {kernelFrame, stack, userFrame} from '../support/profile-stacks.js';

const decode = (gz: Uint8Array) => Profile.decode(gunzipSync(gz));
const text = (p: Profile, i: number | bigint) => p.stringTable.strings[Number(i)];

const FOLDED = parseFolded(
	['bash;main;read_[k];vfs_read_[k] 30', 'bash;main;compute;inner 50', 'bash;main;compute 3', 'a:b;[unknown];x^Jy 2', 'java;read 4', ''].join('\n'),
).stacks;

const profileStacks = [
	stack('app', 10, [userFrame('main', 'app'), userFrame('write', 'libc.so.6'), kernelFrame('sys_write')], 30),
	stack('app', 10, [userFrame('main', 'app'), userFrame('leaf', 'app')], 60),
	stack('db', 20, [userFrame('main', 'db')], 5),
];

/** A profile as other tools write it: two sample types, inlined frames, a kernel mapping, a negative value. */
function foreignProfile(options: {defaultType?: string} = {}): Uint8Array {
	const st = new StringTable();
	const fn = (id: number, name: string) => new PprofFunction({id, name: st.dedup(name)});
	const profile = new Profile({
		sampleType: [new ValueType({type: st.dedup('samples'), unit: st.dedup('count')}), new ValueType({type: st.dedup('cpu'), unit: st.dedup('nanoseconds')})],
		mapping: [new Mapping({id: 1, filename: st.dedup('/usr/bin/server')}), new Mapping({id: 2, filename: st.dedup('[kernel.kallsyms]_text')})],
		function: [fn(1, 'main'), fn(2, 'handle'), fn(3, 'parse'), fn(4, 'do_syscall_64')],
		location: [
			new Location({id: 1, mappingId: 1, line: [new Line({functionId: 1})]}),
			// parse inlined into handle: the last line is the caller.
			new Location({id: 2, mappingId: 1, line: [new Line({functionId: 3}), new Line({functionId: 2})]}),
			new Location({id: 3, mappingId: 2, line: [new Line({functionId: 4})]}),
			new Location({id: 4, mappingId: 1}),
		],
		sample: [
			new Sample({locationId: [3, 2, 1], value: [3, 30_000_000]}),
			new Sample({locationId: [4, 1], value: [1, 10_000_000]}),
			new Sample({locationId: [1], value: [-2, -20_000_000]}),
			new Sample({locationId: [], value: [5, 50_000_000]}),
		],
		defaultSampleType: options.defaultType ? st.dedup(options.defaultType) : 0,
		stringTable: st,
	});
	return profile.encode();
}

describe('pprof export', () => {
	it('one sample per stack, leaf first, one location per distinct frame with its mapping', () => {
		const p = decode(encodePprof(pprofStacksOf(profileStacks), {sampleType: SAMPLES}));
		expect(p.sampleType.map(t => [text(p, t.type), text(p, t.unit)])).toEqual([['samples', 'count']]);
		expect(p.sample.map(s => s.value.map(Number))).toEqual([[30], [60], [5]]);
		const files = new Map(p.mapping.map(m => [Number(m.id), text(p, m.filename)]));
		// The program's mapping first: pprof names it as the profile's "File".
		expect(p.mapping.map(m => text(p, m.filename))).toEqual(['app', 'libc.so.6', KERNEL_MAPPING, 'db']);
		const frames = new Map(
			p.location.map(l => [Number(l.id), `${text(p, p.function.find(f => f.id === l.line[0]!.functionId)!.name)}@${files.get(Number(l.mappingId)) ?? ''}`]),
		);
		// Two process names, main of app and of db (two modules), write, sys_write, leaf.
		expect(p.location).toHaveLength(7);
		expect(p.sample[0]!.locationId.map(id => frames.get(Number(id)))).toEqual(['sys_write@[kernel.kallsyms]', 'write@libc.so.6', 'main@app', 'app@']);
		expect(p.sample[2]!.locationId.map(id => frames.get(Number(id)))).toEqual(['main@db', 'db@']);
	});

	it('the period follows -F, and time and duration are in nanoseconds', () => {
		const p = decode(encodePprof(pprofStacksFromFolded(FOLDED), {sampleType: SAMPLES, hz: 99, startMs: 1_700_000_000_123, durationMs: 2500}));
		expect([text(p, p.periodType!.type), text(p, p.periodType!.unit)]).toEqual(['cpu', 'nanoseconds']);
		expect(Number(p.period)).toBe(Math.round(1e9 / 99));
		expect(BigInt(p.timeNanos)).toBe(1_700_000_000_123_000_000n);
		expect(Number(p.durationNanos)).toBe(2.5e9);
	});

	it('off-CPU microseconds become nanoseconds, exactly even past 2^53', () => {
		const p = decode(encodePprof([{frames: [{name: 'x', kernel: false, module: ''}], count: 2 ** 52}], {sampleType: OFF_CPU, scale: 1000}));
		expect(p.sampleType.map(t => text(p, t.type))).toEqual(['off-cpu']);
		expect(BigInt(p.sample[0]!.value[0]!)).toBe(2n ** 52n * 1000n);
		expect(p.periodType).toBeUndefined();
	});
});

describe('pprof import', () => {
	it('folded → pprof → folded gives the same stacks, _[k] and escaped names included', () => {
		const back = collapsePprof(gunzipSync(encodePprof(pprofStacksFromFolded(FOLDED), {sampleType: SAMPLES})));
		expect(back.stacks).toEqual(FOLDED);
		expect(back.skipped).toBe(0);
	});

	it('tracetop profile stacks → pprof → folded gives what toFolded gives', () => {
		const hostile = [...profileStacks, stack('a;b', 1, [userFrame('evil\n1 x;y', 'm')], 7)];
		const back = collapsePprof(gunzipSync(encodePprof(pprofStacksOf(hostile), {sampleType: SAMPLES})));
		expect(back.stacks).toEqual(toFolded(hostile));
	});

	it('off-CPU nanoseconds come back as microseconds', () => {
		const stacks = new Map([['app;schedule_[k]', 2500]]);
		const back = collapsePprof(gunzipSync(encodePprof(pprofStacksFromFolded(stacks), {sampleType: OFF_CPU, scale: 1000})));
		expect(back.stacks).toEqual(stacks);
	});

	it("reads another tool's profile: samples by default, inlined callers first, unsymbolized and negative left as they must be", () => {
		const {stacks, skipped} = collapsePprof(foreignProfile());
		expect(stacks).toEqual(
			new Map([
				['main;handle;parse;do_syscall_64_[k]', 3],
				['main;[unknown]', 1],
			]),
		);
		expect(skipped).toBe(2);
	});

	it('uses the default sample type when the profile names one', () => {
		expect(collapsePprof(foreignProfile({defaultType: 'cpu'})).stacks.get('main;[unknown]')).toBe(10_000);
	});

	it('refuses what does not decode, with a one-line reason', () => {
		// Wire type 5 (32-bit) appears nowhere in profile.proto.
		expect(() => collapsePprof(Uint8Array.from([0x0d, 1, 2, 3, 4]))).toThrow(/^not a valid pprof profile \(/);
	});
});

describe('looksLikePprof', () => {
	it('knows a profile by its fields, gzipped content or not', () => {
		expect(looksLikePprof(gunzipSync(encodePprof(pprofStacksOf(profileStacks), {sampleType: SAMPLES, hz: 99})))).toBe(true);
		expect(looksLikePprof(foreignProfile())).toBe(true);
		// Only the head is looked at: a profile cut off after a few fields still looks like one.
		const whole = foreignProfile();
		expect(looksLikePprof(whole.subarray(0, whole.length - 3))).toBe(true);
	});

	it('is not fooled by text, other binaries or gzip itself', () => {
		expect(looksLikePprof(Buffer.from('bash;main 1\n'))).toBe(false);
		expect(looksLikePprof(gzipSync('x'))).toBe(false);
		expect(looksLikePprof(Buffer.from('\x7fELF\x02\x01\x01\x00'))).toBe(false);
		expect(looksLikePprof(new Uint8Array())).toBe(false);
		// A valid first key whose length runs past the head: one field is not enough.
		expect(looksLikePprof(Uint8Array.from([0x0a, 0xff, 0xff, 0x03, 1, 2, 3]))).toBe(false);
		let misread = 0;
		for (let i = 0; i < 2000; i++) if (looksLikePprof(randomBytes(16 << 10))) misread++;
		expect(misread).toBe(0);
	});
});
