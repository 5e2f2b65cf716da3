/**
 * A 10,000-frame stack (deep recursion in a traced program, or a crafted file) goes
 * through every stage without overflowing the JS stack: importers, the profile model,
 * the flame tree and its terminal layout, the SVG and speedscope exporters.
 */
import {describe, expect, it} from 'vitest';
import {parseBpftraceLine} from '../../collectors/bpftrace-json.js';
import {collapseBpftraceStacks} from '../../source/importers/bpftrace-stacks.js';
import {PerfScriptCollapser} from '../../source/importers/perf-script.js';
import {buildFlameTree, matchedSamples} from '../../source/models/flame-tree.js';
import {clipRows, layoutFlame, MAX_LEVELS} from '../../source/models/flame-layout.js';
import {formatFolded, parseFolded} from '../../source/models/folded-stacks.js';
import {accumulateProfile, beginProfile, callersAndCallees, finishProfile, toFolded, topFunctions} from '../../source/models/profile.js';
import {renderFlameGraphSvg} from '../../source/exporters/flamegraph-svg.js';
import {toSpeedscope} from '../../source/exporters/speedscope.js';

const DEPTH = 10_000;
const names = Array.from({length: DEPTH}, (_, i) => `f${i}`);
const deepFolded = new Map([[`deep;${names.join(';')}`, 5], ['shallow;a', 3]]);

describe(`a ${DEPTH}-frame stack`, () => {
	it('builds a flame tree, searches it and lays it out (bounded levels, the rest counted)', () => {
		const root = buildFlameTree(deepFolded);
		expect(root.value).toBe(8);
		expect(matchedSamples(root, n => n === `f${DEPTH - 1}`)).toBe(5);
		const layout = layoutFlame(root, {width: 200});
		expect(layout.rows.length).toBe(MAX_LEVELS + 1);
		expect(layout.deeper).toBe(DEPTH + 1 - MAX_LEVELS);
		const clipped = clipRows(layout, 20);
		expect(clipped.rows).toHaveLength(20);
		expect(clipped.deeper).toBe(DEPTH + 1 - 20 + 1);
	});

	it('renders SVG and speedscope and round-trips folded text', () => {
		expect(renderFlameGraphSvg(deepFolded, {title: 't', countName: 'samples'})).toContain(`f${DEPTH - 1}`);
		expect(toSpeedscope(deepFolded, {name: 't', unit: 'none'}).shared.frames.length).toBeGreaterThan(DEPTH);
		expect(parseFolded(formatFolded(deepFolded)).stacks).toEqual(deepFolded);
	});

	it('collapses from perf script and bpftrace stack output', () => {
		const perf = new PerfScriptCollapser();
		perf.write(`deep 1 [000] 1.000000: 1 cpu-clock:\n${names.map((n, i) => `\t${(0x1000 + i).toString(16)} ${n}+0x1 (/bin/deep)`).join('\n')}\n\n`);
		const perfStacks = perf.end();
		expect([...perfStacks.keys()][0]!.split(';')).toHaveLength(DEPTH + 1);
		const bpf = collapseBpftraceStacks(`@s[\n${names.map(n => `        ${n}+1`).join('\n')}\n]: 4\n`);
		expect([...bpf.keys()][0]!.split(';')).toHaveLength(DEPTH);
	});

	it('goes through the live profile model', () => {
		const key = `\n${names.map((n, i) => `\t${(0xffff0000 + i).toString(16)} ${n}+4 ([kernel.kallsyms])`).join('\n')}\n,,deep,42`;
		const parsed = parseBpftraceLine(JSON.stringify({type: 'map', data: {'@stacks': {[key]: 7}}}));
		expect(parsed.ok).toBe(true);
		let acc = beginProfile();
		for (const record of parsed.ok ? parsed.records : []) acc = accumulateProfile(acc, record);
		const sample = finishProfile(acc, 1000, {intervalSec: 1});
		expect(sample.onCpu[0]!.frames).toHaveLength(DEPTH);
		const rows = topFunctions(sample.onCpu);
		expect(rows).toHaveLength(DEPTH);
		expect(callersAndCallees(sample.onCpu, {name: 'f5', kernel: true}).total).toBe(7);
		expect(buildFlameTree(toFolded(sample.onCpu)).value).toBe(7);
	});
});
