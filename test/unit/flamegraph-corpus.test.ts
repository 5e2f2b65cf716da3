/**
 * `collapse` against stackcollapse-perf.pl on FlameGraph's own test corpus: for every
 * capture and every option its test.sh checks (and no option, and --event-filter), the
 * output is byte for byte what the perl script printed (stored in
 * test/fixtures/flamegraph-corpus, see its README; nothing is fetched or run at test time).
 * Options go through collapse's own argument parser, so the flags mean what they say.
 * A capture made here with `perf script -F+srcline` checks --srcline the same way.
 */
import fs from 'node:fs';
import path from 'node:path';
import {gunzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {parseCollapse} from '../../source/command-options/collapse.js';
import {PerfScriptCollapser} from '../../source/importers/perf-script.js';
import {formatFolded} from '../../source/models/folded-stacks.js';
import {repoRoot} from '../support/requirements.js';

const corpus = path.join(repoRoot, 'test', 'fixtures', 'flamegraph-corpus');
const read = (file: string): Buffer => gunzipSync(fs.readFileSync(file));

/** The command-line flags each stored result was made with. */
const FLAGS: Record<string, string[]> = {
	default: [],
	pid: ['--pid'],
	tid: ['--tid'],
	kernel: ['--kernel'],
	jit: ['--jit'],
	all: ['--all'],
	addrs: ['--addrs'],
	'event-filter-cycles': ['--event-filter', 'cycles'],
};

function collapse(input: Buffer, flags: string[], chunk = 1 << 16, limits = {}): string {
	const command = parseCollapse([...flags, 'input']);
	if (command.name !== 'collapse') throw new Error('not a collapse command');
	// No capture here has --inline (its answers depend on the binaries of the machine that ran perf).
	const collapser = new PerfScriptCollapser({...command.perf, inline: undefined}, limits);
	for (let at = 0; at < input.length; at += chunk) collapser.write(input.subarray(at, at + chunk));
	const text = formatFolded(collapser.end());
	// What collapse prints, made from the frame ids without the strings, is the same text.
	expect(collapser.folded().toString('latin1')).toBe(text);
	return text;
}

const results = fs.readdirSync(path.join(corpus, 'results')).sort();

describe('collapse on FlameGraph’s test corpus', () => {
	it('has every capture with the results of every option test.sh checks, and the extra ones', () => {
		const captures = fs.readdirSync(corpus).filter(f => f.endsWith('.txt.gz'));
		expect(captures).toHaveLength(13);
		for (const capture of captures) {
			for (const option of ['default', 'pid', 'tid', 'kernel', 'jit', 'all', 'addrs']) {
				expect(results).toContain(capture.replace('.txt.gz', `-collapsed-${option}.txt.gz`));
			}
		}
	});

	for (const result of results) {
		const [, capture, option] = /^(.*)-collapsed-(.*)\.txt\.gz$/.exec(result)!;
		it(`${capture} ${FLAGS[option!]!.join(' ') || '(no option)'}: the perl script’s output`, () => {
			const expected = read(path.join(corpus, 'results', result)).toString('latin1');
			const ours = collapse(read(path.join(corpus, `${capture}.txt.gz`)), FLAGS[option!]!);
			expect(ours).toBe(expected);
		});
	}

	it('gives the same output whatever the chunks the input comes in', () => {
		const input = read(path.join(corpus, 'perf-java-stacks-01.txt.gz'));
		const whole = collapse(input, ['--all'], input.length);
		for (const chunk of [1, 7, 4093]) expect(collapse(input, ['--all'], chunk)).toBe(whole);
	});

	it('gives the same output when it can remember only a few distinct lines', () => {
		for (const capture of ['perf-java-stacks-01', 'perf-iperf-stacks-pidtid-01']) {
			const input = read(path.join(corpus, `${capture}.txt.gz`));
			const expected = read(path.join(corpus, 'results', `${capture}-collapsed-pid.txt.gz`)).toString('latin1');
			for (const limits of [{knownLines: 5}, {knownLineBytes: 300}]) expect(collapse(input, ['--pid'], 1 << 16, limits)).toBe(expected);
		}
	});
});

describe('collapse --srcline on a perf script -F+srcline capture made here', () => {
	it('appends each frame’s source line as the perl script does', () => {
		const fixtures = path.join(repoRoot, 'test', 'fixtures', 'perf-script');
		const expected = read(path.join(fixtures, 'srcline-capture.folded.gz')).toString('latin1');
		expect(expected).toMatch(/;outer:inl\.c:\d+ \d+$/m);
		expect(collapse(read(path.join(fixtures, 'srcline-capture.txt.gz')), ['--srcline'])).toBe(expected);
	});
});
