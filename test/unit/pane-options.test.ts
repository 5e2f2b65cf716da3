/** Per-pane options: declared by a pane, given as CLI flags, resolved with defaults. */
import {describe, expect, it} from 'vitest';
import {UsageError} from '../../source/errors.js';
import {OPTIONS, paneOptionFlags, parseCommand, USAGE} from '../../source/options.js';
import {optionProblem, resolveOptions} from '../../source/panes/pane-options.js';
import {allPanes} from '../../source/panes/registry.js';
import {planCollectors, resolvePaneOptions} from '../../source/session.js';
import {slowPane, testPane} from '../support/test-panes.js';

const exists = () => true;
const option = slowPane().options![0]!;

describe('pane option flags on the command line', () => {
	it('accepts a pane\'s flag and hands its value over by pane and option name', () => {
		const command = parseCommand(['--slow', '25'], exists, [slowPane()]);
		expect(command).toMatchObject({name: 'tui', paneOptions: {slow: {slowMs: 25}}});
		expect(parseCommand(['record', '-o', 'r.jsonl', '--slow', '0'], exists, [slowPane()])).toMatchObject({paneOptions: {slow: {slowMs: 0}}});
		expect(parseCommand(['snapshot', '--slow', '60000'], exists, [slowPane()])).toMatchObject({paneOptions: {slow: {slowMs: 60000}}});
	});

	it('gives nothing for a flag not given: the session fills in the default', () => {
		expect(parseCommand([], exists, [slowPane()])).toMatchObject({paneOptions: {}});
	});

	it('refuses a bad value in one line naming the flag and the range', () => {
		for (const [text, why] of [['abc', 'expected a number'], ['2.5', 'whole number'], ['-1', '0 to 60000'], ['', 'expected a number']] as const) {
			expect(() => parseCommand([`--slow=${text}`], exists, [slowPane()])).toThrow(UsageError);
			expect(() => parseCommand([`--slow=${text}`], exists, [slowPane()])).toThrow(new RegExp(`^--slow ${text}: .*${why}`));
		}
	});

	it('knows no pane flag of a pane that is not there', () => {
		expect(() => parseCommand(['--slow', '5'], exists, [testPane('plain')])).toThrow(/unknown option '--slow'/);
	});

	it('no pane option flag of any pane in the registry clashes with a global flag or another pane\'s', () => {
		const flags = allPanes.flatMap(p => ('planned' in p ? [] : (p.options ?? []).map(o => o.flag)));
		expect(new Set(flags).size).toBe(flags.length);
		for (const flag of flags) {
			expect(flag).toMatch(/^--[a-z][a-z0-9-]+$/);
			expect(Object.keys(OPTIONS)).not.toContain(flag.slice(2));
		}
		expect(Object.keys(paneOptionFlags())).toHaveLength(flags.length);
	});

	it('lists the registry\'s pane options in --help', () => {
		for (const p of allPanes) if (!('planned' in p)) for (const o of p.options ?? []) expect(USAGE).toContain(o.flag);
	});
});

describe('resolving pane options', () => {
	it('fills in defaults and keeps given values', () => {
		const fail = (m: string) => new Error(m);
		expect(resolveOptions('slow', [option], undefined, fail)).toEqual({slowMs: 10});
		expect(resolveOptions('slow', [option], {slowMs: 3}, fail)).toEqual({slowMs: 3});
		expect(resolveOptions('plain', undefined, undefined, fail)).toEqual({});
	});

	it('refuses an out-of-range value (a hostile recording) with the error the caller makes', () => {
		expect(() => resolveOptions('slow', [option], {slowMs: 1e9}, m => new UsageError(m))).toThrow('--slow 1000000000 (slow.slowMs): expected 0 to 60000');
		expect(optionProblem(option, Number.NaN)).toBe('expected a number');
		expect(optionProblem(option, 5)).toBeUndefined();
	});

	it('reach the pane\'s collectors(filters, options), after the common positional parameters', () => {
		const seen: Array<Record<string, number>> = [];
		const pane = slowPane(seen);
		const values = resolvePaneOptions([pane], {slow: {slowMs: 42}}, m => new Error(m));
		const {byPane, specs} = planCollectors([pane], {intervalSec: 1, pids: []}, values);
		expect(seen).toEqual([{slowMs: 42}]);
		const slow = byPane.get('slow')![0]!;
		expect(slow.kind === 'bpftrace' && slow.args).toEqual(['1', '', '0', '0', '0', '0', '0', '0', '0', '0', '99', '42']);
		// The session's own collectors come last (the header marks them last).
		expect(specs.map(s => s.id)).toEqual(['slowcalls', 'host', 'load']);
	});
});
