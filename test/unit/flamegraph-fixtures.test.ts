/**
 * tracetop's flame graphs against flamegraph.pl's and difffolded.pl's stored output for
 * the same input (test/fixtures/flamegraph/README.md says how it was made): every frame's
 * name, count, share, place, size, colour and label. Runs without the peer checkout; the
 * comparisons with the scripts themselves are in test/integration/flamegraph-vs-perl.
 */
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {renderDiffFlameGraphSvg, renderFlameGraphSvg} from '../../source/exporters/flamegraph-svg.js';
import {diffColumns} from '../../source/models/diff-columns.js';
import {foldedDiff, formatFoldedDiff} from '../../source/models/diff-folded.js';
import {parseFolded} from '../../source/models/folded-stacks.js';
import {repoRoot} from '../support/requirements.js';
import {drawnFrames} from '../support/svg-frames.js';

const fixture = (name: string): string => fs.readFileSync(path.join(repoRoot, 'test/fixtures/flamegraph', name), 'utf8');
const folded = (name: string) => parseFolded(fixture(name)).stacks;

describe('against flamegraph.pl\'s stored output', () => {
	it('draws the same frames as flamegraph.pl --colors hot', () => {
		const expected = drawnFrames(fixture('corpus.hot.frames'));
		expect(expected.length).toBeGreaterThan(150);
		expect(drawnFrames(renderFlameGraphSvg(folded('corpus.folded'), {colors: {palette: 'hot'}}))).toEqual(expected);
	});

	it('pairs two profiles as difffolded.pl does, with and without -n', () => {
		expect(formatFoldedDiff(foldedDiff(folded('before.folded'), folded('after.folded')))).toBe(fixture('diff.folded'));
		expect(formatFoldedDiff(foldedDiff(folded('before.folded'), folded('after.folded'), {normalize: true}))).toBe(fixture('diff-normalized.folded'));
	});

	it('draws the differential as difffolded.pl | flamegraph.pl does, from the profiles or from the three columns', () => {
		const expected = drawnFrames(fixture('diff.frames'));
		expect(expected.some(f => /; \+\d/.test(f.tooltip) && f.fill !== 'rgb(255,255,255)')).toBe(true);
		expect(drawnFrames(renderDiffFlameGraphSvg(foldedDiff(folded('before.folded'), folded('after.folded'))))).toEqual(expected);
		expect(drawnFrames(renderDiffFlameGraphSvg(diffColumns(folded('diff.folded'))!))).toEqual(expected);
	});
});
