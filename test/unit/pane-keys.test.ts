/** Pane keys against the global keys: a clash would lose the pane's key silently. */
import {describe, expect, it} from 'vitest';
import {GLOBAL_KEYS, keyClashes} from '../../source/panes/pane-keys.js';
import {allPanes} from '../../source/panes/registry.js';
import {testPane} from '../support/test-panes.js';

describe('keyClashes', () => {
	it('finds none in the registry', () => {
		expect(keyClashes(allPanes)).toEqual([]);
	});

	it('reports a pane key that is a global key, and one declared twice', () => {
		const bad = testPane('bad', {keys: [{key: 's', help: 'sort?'}, {key: 'x', help: 'x'}, {key: 'x', help: 'x again'}, {key: 'Tab', help: 'no'}]});
		expect(keyClashes([bad])).toEqual([
			"pane bad: key 's' is a global key",
			"pane bad: key 'x' is declared twice",
			"pane bad: key 'Tab' is a global key",
		]);
	});

	it('lists the digits that select panes', () => {
		for (let d = 1; d <= 9; d++) expect(GLOBAL_KEYS).toContain(String(d));
	});
});
