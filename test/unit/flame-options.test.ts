import {describe, expect, it} from 'vitest';
import {parseFlame, type FlameCommand} from '../../source/command-options/flame.js';
import {UsageError} from '../../source/errors.js';

const parse = (...args: string[]): FlameCommand => parseFlame(args) as FlameCommand;
const svg = (...args: string[]) => parse('--input', 'in.folded', '-o', 'out.svg', ...args).svg;
const refused = (args: string[], message: RegExp) => {
	expect(() => parseFlame(args)).toThrow(UsageError);
	expect(() => parseFlame(args)).toThrow(message);
};

describe('flame options', () => {
	it('takes flamegraph.pl\'s options with its meaning', () => {
		expect(
			svg('--title', 'T', '--subtitle', 'S', '--width', '800', '--height', '20', '--minwidth', '0.5%', '--fonttype', 'Courier New, monospace', '--fontsize', '10.5'),
		).toEqual({title: 'T', subtitle: 'S', width: 800, frameHeight: 20, minWidth: {value: 0.5, unit: '%'}, fontType: 'Courier New, monospace', fontSize: 10.5, colors: {}});
		expect(svg('--minwidth', '2').minWidth).toEqual({value: 2, unit: 'px'});
		expect(svg('--countname', 'bytes', '--nametype', 'Func:', '--notes', 'from CI')).toMatchObject({countName: 'bytes', nameType: 'Func:', notes: 'from CI'});
		expect(svg('--colors', 'java', '--hash').colors).toEqual({palette: 'java', hash: true});
		expect(svg('--color=mem', '--random').colors).toEqual({palette: 'mem', random: true});
		expect(svg('--reverse', '--inverted', '--flamechart', '--negate')).toMatchObject({reverse: true, inverted: true, flameChart: true, negate: true});
	});

	it('refuses what flamegraph.pl cannot draw, in one line naming the option', () => {
		const base = ['--input', 'in.folded', '-o', 'out.svg'];
		refused([...base, '--bogus'], /^flame: unknown option '--bogus' \(see tracetop flame --help\)$/);
		refused([...base, '--width', '20'], /^--width 20: expected a whole number of pixels from 21 to 100000$/);
		refused([...base, '--width', '12.5'], /--width 12\.5: expected a whole number/);
		refused([...base, '--width', '-5'], /--width -5: expected a whole number/);
		refused([...base, '--height', '1'], /--height 1: expected a whole number of pixels from 2/);
		refused([...base, '--minwidth', 'wide'], /--minwidth wide: expected pixels/);
		refused([...base, '--minwidth', '150%'], /--minwidth 150%/);
		refused([...base, '--fontsize', '0'], /--fontsize 0: expected a number of pixels above 0/);
		refused([...base, '--colors', 'chartreuse'], /--colors chartreuse: choose one of hot, mem, io, wakeup, java, js, perl, red, green, blue, aqua, yellow, purple, orange$/);
		refused([...base, '--colors', 'hot', '--color', 'mem'], /give one/);
		refused([...base, '--fonttype', 'x;} text{fill:red'], /--fonttype/);
		refused([...base, '--notes', '<b>'], /--notes: the text may not contain </);
		refused([...base, '--notes', 'a--b'], /--notes/);
		refused([...base, '--title'], /^flame: Option '--title <value>' argument missing \(see tracetop flame --help\)$/);
	});

	it('draws existing stacks or two profiles, or records; never a mix', () => {
		expect(parse('--input', 'x.folded', '-o', 'y.svg')).toMatchObject({input: 'x.folded', diff: undefined, output: 'y.svg'});
		expect(parse('--diff', 'a.folded', 'b.folded', '--normalize', '-o', 'd.svg')).toMatchObject({diff: {before: 'a.folded', after: 'b.folded', normalize: true}});
		expect(parse('-o', 'cpu.svg', '-d', '2', '-F', '49')).toMatchObject({durationSec: 2, filters: {hz: 49}, input: undefined});
		refused(['--diff', 'a.folded', '-o', 'd.svg'], /flame --diff takes two profiles, BEFORE and AFTER \(got 1\)/);
		refused(['--diff', '-', '-', '-o', 'd.svg'], /BEFORE and AFTER cannot both be stdin/);
		refused(['--diff', 'a', 'b', '--input', 'c', '-o', 'd.svg'], /--input and --diff both choose what to draw/);
		refused(['--input', 'x', '-o', 'y.svg', '-F', '99'], /^-F does not apply here: flame --input renders existing stacks$/);
		refused(['--diff', 'a', 'b', '-o', 'y.svg', '--off-cpu'], /^--off-cpu does not apply here: flame --diff renders existing stacks$/);
		refused(['--input', 'x', '-o', 'y.svg', '--normalize'], /--normalize applies to --diff only/);
		refused(['-o', 'y.svg', '--flamechart'], /--flamechart needs --input/);
		refused(['--input', 'x', '-o', 'y.folded', '--title', 't'], /^--title applies to an SVG only/);
		refused(['--diff', 'a', 'b', '-o', 'y.speedscope.json'], /flame --diff -o y\.speedscope\.json: writes \.svg, or \.folded or -/);
		refused(['--diff', 'a', 'b', '-o', 'y.pb.gz'], /flame --diff -o y\.pb\.gz/);
		refused(['--input', 'x'], /flame needs -o FILE \(\.svg, \.folded, \.speedscope\.json or \.pb\.gz/);
		refused(['--input', 'x', 'extra', '-o', 'y.svg'], /unexpected argument 'extra'/);
		refused(['-o', 'y.svg', '-p', '-1'], /-p -1: a PID is a whole number/);
	});
});
