/**
 * `collapse --inline`'s use of addr2line and nm, with their output given: how the answer
 * for each address is read (as stackcollapse-perf.pl reads it), that each module is asked
 * once for all of its addresses, and the nm fallback for addresses addr2line knows nothing
 * about. The comparison with the perl script on a real binary is in
 * test/integration/collapse-vs-perl.test.ts.
 */
import {describe, expect, it} from 'vitest';
import {addr2lineResolver, inlineChain, requireAddr2line, symbolStart, type Tools} from '../../source/importers/addr2line.js';

describe('reading addr2line -i -f answers', () => {
	it('gives the inline chain outermost first, with file:line under --context, without discriminators', () => {
		const answer = 'inner\ninl.c:2 (discriminator 3)\nmiddle\ninl.c:3\nouter\ninl.c:4\n';
		expect(inlineChain(answer, false)).toBe('outer;middle;inner');
		expect(inlineChain(answer, true)).toBe('outer:inl.c:4;middle:inl.c:3;inner:inl.c:2');
		expect(inlineChain('??\n??:0\n', false)).toBe('??');
		expect(inlineChain('??\n??:0\n', true)).toBe('??:??:0');
		expect(inlineChain('', false)).toBe('');
	});

	it('finds a symbol in nm output only as a whole name', () => {
		const nm = '                 U puts\n0000000000001140 t frame_dummy\n00000000000011a0 T outer\n00000000000011b0 T outer2\n';
		expect(symbolStart(nm, 'outer')).toBe(0x11a0n);
		expect(symbolStart(nm, 'puts')).toBeUndefined();
		expect(symbolStart(nm, 'uter')).toBeUndefined();
	});
});

/** Fake binutils: addr2line answers from a table by address, nm prints `symbols`. */
function fakeTools(known: Record<string, string>, symbols = ''): Tools & {calls: Array<[string, readonly string[], string]>} {
	const calls: Array<[string, readonly string[], string]> = [];
	return {
		calls,
		run(program, args, input) {
			calls.push([program, args, input]);
			if (program === 'nm') return symbols;
			if (args[0] === '--version') return 'GNU addr2line\n';
			return input
				.split('\n')
				.filter(Boolean)
				.map(address => `0x${BigInt(`0x${address.replace(/^0x/, '')}`).toString(16).padStart(16, '0')}\n${known[address] ?? '??\n??:0\n'}`)
				.join('');
		},
	};
}

describe('the addr2line resolver', () => {
	it('asks each module once, for all its addresses, and reads each answer apart', () => {
		const tools = fakeTools({'11d3': 'inner\ninl.c:2\nouter\ninl.c:4\n', '11e0': 'main\ninl.c:9\n'});
		const resolve = addr2lineResolver({}, tools);
		const results = resolve([
			{pc: '11d3', symbol: 'outer+0x33', module: '/tmp/inl'},
			{pc: '500', symbol: 'puts', module: '/lib/libc.so.6'},
			{pc: '11e0', symbol: 'main+0x40', module: '/tmp/inl'},
		]);
		expect(results).toEqual(['outer;inner', '??', 'main']);
		expect(tools.calls.map(([program, args, input]) => [program, args.at(2), input])).toEqual([
			['addr2line', '/tmp/inl', '11d3\n11e0\n'],
			['addr2line', '/lib/libc.so.6', '500\n'],
		]);
	});

	it('looks an unknown address up again from its symbol (nm) and offset, as the perl script does', () => {
		const tools = fakeTools({'11b3': 'inner\ninl.c:2\nouter\ninl.c:4\n'}, '00000000000011a0 T outer\n');
		const results = addr2lineResolver({context: true}, tools)([{pc: '7f0011d3', symbol: 'outer+0x13', module: '/tmp/inl'}]);
		expect(results).toEqual(['outer:inl.c:4;inner:inl.c:2']);
		expect(tools.calls.map(([program, , input]) => [program, input])).toEqual([
			['addr2line', '7f0011d3\n'],
			['nm', ''],
			['addr2line', '11b3\n'],
		]);
	});

	it('says plainly when addr2line is missing', () => {
		expect(() => requireAddr2line({run: () => ''})).toThrow(/--inline needs addr2line, from binutils/);
		expect(() => requireAddr2line(fakeTools({}))).not.toThrow();
	});
});
