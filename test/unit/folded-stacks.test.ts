import {describe, expect, it} from 'vitest';
import {FoldedParser, parseFolded} from '../../source/models/folded-stacks.js';

describe('folded stack parsing', () => {
	it('reads counts as flamegraph.pl does, summing repeated stacks', () => {
		const {stacks, skipped} = parseFolded(['a;b 3', 'a;b 007', 'a;c 1.5', 'a;d 1234567890123456', 'a;e 2 \r', 'a f 4', '', '  ', 'no count', 'a;g 1e5', 'a;h -1', 'a;i 12345678901234567'].join('\n'));
		expect([...stacks]).toEqual([
			['a;b', 10],
			['a;c', 1.5],
			['a;d', 1234567890123456],
			['a;e', 2],
			['a f', 4],
		]);
		// Blank lines are not counted; the rest that are not "stack count" are.
		expect(skipped).toBe(4);
	});

	it('reads a file in pieces of whole lines as it reads it whole', () => {
		const text = 'main;x 1\nmain;y 2\nmain;x 3\n';
		const parser = new FoldedParser();
		for (const piece of ['main;x 1\n', 'main;y 2\nmain;x 3\n']) parser.add(Buffer.from(piece));
		expect(parser.stacks).toEqual(parseFolded(text).stacks);
		expect([...parser.stacks]).toEqual([
			['main;x', 4],
			['main;y', 2],
		]);
	});
});
