import {describe, expect, it} from 'vitest';
import {buildFlameTree, matchedSamples} from '../../source/models/flame-tree.js';
import {frameMatcher} from '../../source/models/flame-layout.js';
import {compileSearch} from '../../source/safety/search-pattern.js';

/** Names a backtracking engine needs 2^n steps for with `(.*)*#`. */
const longNames = Array.from({length: 2000}, (_, i) => `${'a'.repeat(60)}_${i}`);

describe('search patterns', () => {
	it('are literal text by default: (.*)*# is searched for as written', () => {
		const search = compileSearch('(.*)*#')!;
		expect(search.matches('x(.*)*#y')).toBe(true);
		expect(search.matches('aaaa')).toBe(false);
		expect(search.note).toBeUndefined();
	});

	it('re:(.*)*# runs in linear time over thousands of long names', () => {
		const tree = buildFlameTree(new Map(longNames.map(n => [`root;${n}`, 1])));
		const started = performance.now();
		const search = frameMatcher('re:(.*)*#')!;
		expect(matchedSamples(tree, search.matches)).toBe(0);
		expect(performance.now() - started).toBeLessThan(2000);
	});

	it('a regex the linear engine cannot run is refused with a note, and searched literally', () => {
		for (const pattern of ['re:(a)\\1', 're:(?=a)a', 're:(?<!a)b', 're:x{1,50}']) {
			const search = compileSearch(pattern)!;
			expect(search.note, pattern).toMatch(/^regex refused/);
		}
		expect(compileSearch('re:(a)\\1')!.matches('x(a)\\1')).toBe(true);
	});

	it('a regex that uses up its time budget falls back to literal matching for every name', () => {
		const search = compileSearch('re:.*.*.*.*.*x')!;
		const huge = 'a'.repeat(4096);
		for (let i = 0; i < 5000 && !search.note; i++) search.matches(huge + i);
		expect(search.note).toMatch(/regex took over \d+ ms; searching the text literally/);
		expect(search.matches('.*.*.*.*.*x')).toBe(true);
	});
});
