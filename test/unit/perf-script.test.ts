/**
 * perf script import against stackcollapse-perf.pl: the shared capture must collapse to
 * exactly the lines the perl script printed for it, and each of the script's rules and
 * options has a small case (expected outputs are what the perl script prints for the
 * same input; --inline's with the answers given).
 */
import fs from 'node:fs';
import path from 'node:path';
import {gunzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {formatFolded, type FoldedStacks} from '../../source/models/folded-stacks.js';
import {detectInputFormat} from '../../source/importers/detect-format.js';
import {collapsePerfScript, PerfScriptCollapser, type InlineRequest, type PerfCollapseOptions} from '../../source/importers/perf-script.js';
import {repoRoot} from '../support/requirements.js';

// Copied from the project's shared fixtures, so the suite needs nothing beside the repository.
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'perf-script');
// perl reads bytes: latin1 keeps one character per byte.
const capture = gunzipSync(fs.readFileSync(path.join(fixtures, 'example-perf-stacks.txt.gz'))).toString('latin1');
const reference = gunzipSync(fs.readFileSync(path.join(fixtures, 'example-perf-stacks.folded.gz'))).toString('latin1');

/** Lines without their newlines; text after the last newline is a line too. */
const linesOf = (text: string): string[] => {
	const lines = text.split('\n');
	if (lines.at(-1) === '') lines.pop();
	return lines;
};

const lineSet = (folded: string): string[] => linesOf(folded).sort();

const collapse = (text: string): string => formatFolded(collapsePerfScript(linesOf(text)));

describe('collapsePerfScript on the shared capture', () => {
	it('gives exactly the lines stackcollapse-perf.pl gave', () => {
		const ours = lineSet(collapse(capture));
		expect(ours).toHaveLength(lineSet(reference).length);
		expect(ours).toEqual(lineSet(reference));
	});

	it('gives the same when fed in chunks that cut lines anywhere', () => {
		const collapser = new PerfScriptCollapser();
		for (let at = 0, size = 1; at < capture.length; at += size, size = (size * 7 + 3) % 4099) collapser.write(capture.slice(at, at + size));
		expect(lineSet(formatFolded(collapser.end()))).toEqual(lineSet(reference));
	});

	it('is recognised as perf script output', () => {
		expect(detectInputFormat(capture.slice(0, 16_384))).toBe('perf');
	});
});

const sample = (header: string, ...frames: string[]): string => [header, ...frames.map(f => `\t${f}`), '', ''].join('\n');
const entries = (stacks: FoldedStacks): Array<[string, number]> => [...stacks].sort(([a], [b]) => (a < b ? -1 : 1));

describe('stackcollapse-perf.pl rules', () => {
	it('puts the process name first and the frames root first', () => {
		const text = sample('app 1 [000] 1.0: cycles: ', '1 leaf (/bin/app)', '2 caller (/bin/app)', '3 main (/bin/app)');
		expect(collapse(text)).toBe('app;main;caller;leaf 1\n');
	});

	it('strips +0x offsets, and only those', () => {
		const text = sample('app 1 [000] 1.0: cycles: ', '1 leaf+0x1b (/bin/app)', '2 upper+0x1B (/bin/app)', '3 decimal+12 (/bin/app)');
		expect(collapse(text)).toBe('app;decimal+12;upper+0x1B;leaf 1\n');
	});

	it('unfolds inlined frames (a->b) with _[i] on the inlined ones', () => {
		const text = sample('app 1 [000] 1.0: cycles: ', '1 leaf+0x1b (/bin/app)', '2 outer->inlined+0x4 (/bin/app)', '3 main+0x10 (/bin/app)');
		expect(collapse(text)).toBe('app;main;outer;inlined_[i];leaf 1\n');
	});

	it('keeps [unknown], or names the module when perf knows it', () => {
		const text = sample('app 1 [000] 1.0: cycles: ', '1 [unknown] (/usr/lib/libc.so.6)', '2 [unknown] ([unknown])');
		expect(collapse(text)).toBe('app;[unknown];[libc.so.6] 1\n');
	});

	it('turns spaces in the process name into underscores and weighs samples by their period', () => {
		const text = sample('V8 WorkerThread 24636/25607 [000] 94564.109216: 100 cycles:', 'ffffffff8103ce3b native_safe_halt+0x1b ([kernel.kallsyms])');
		expect(collapse(text)).toBe('V8_WorkerThread;native_safe_halt 100\n');
	});

	it('leaves kernel frames unannotated, as the script does without --kernel', () => {
		const text = sample('swapper 0 [000] 1.0: cpu-clock: ', 'ffffffff8103ce3b native_safe_halt ([kernel.kallsyms])', 'ffffffff81aebbfe start_kernel ([kernel.kallsyms].init.text)');
		expect(collapse(text)).toBe('swapper;start_kernel;native_safe_halt 1\n');
	});

	it('counts a sample without stack lines as its process alone', () => {
		expect(collapse('app 1 [000] 1.0: cycles: \n\nbusy 2 [000] 1.0: 250000 cycles: \n\n')).toBe('app 1\nbusy 250000\n');
	});

	it('finds no stacks in perf script output recorded without -g', () => {
		const line = '            perf 12345 [000]  1.000000:     250000 cpu-clock:  ffffffff81234567 native_safe_halt+0x6 ([kernel.kallsyms])';
		expect(collapsePerfScript([line, line, '']).size).toBe(0);
	});

	it('keeps only the first event type', () => {
		const collapser = new PerfScriptCollapser();
		const text =
			sample('app 1 [000] 1.0: 3 cycles: ', '1 a (/bin/app)') +
			sample('app 1 [000] 1.0: 5 instructions: ', '1 b (/bin/app)') +
			sample('app 1 [000] 1.0: 4 cycles: ', '1 a (/bin/app)');
		collapser.write(text);
		expect(entries(collapser.end())).toEqual([['app;a', 7]]);
		expect(collapser.event).toBe('cycles');
		expect([...collapser.skippedEvents]).toEqual(['instructions']);
	});

	it('tidies names: argument lists and quotes go, anonymous namespaces and Go methods stay', () => {
		const text = sample(
			'app 1 [000] 1.0: cycles: ',
			'1 foo(int, long) (/bin/app)',
			'2 Foo::(anonymous namespace)::bar(int) (/bin/app)',
			'3 net/http.(*Client).Do (/bin/app)',
			`4 RegExp:[&<>"'] (/tmp/perf-1.map)`,
			'5 a;b (/bin/app)',
		);
		expect(collapse(text)).toBe('app;a:b;RegExp:[&<>];net/http.(*Client).Do;Foo::(anonymous namespace)::bar;foo 1\n');
	});

	it('shortens Java names in Java processes', () => {
		const text = sample(
			'java 1 [000] 1.0: cycles: ',
			'1 Lorg/mozilla/javascript/ContextFactory;.call(Lorg/mozilla/javascript/ContextAction;)Ljava/lang/Object; (/tmp/perf-1.map)',
			'2 Interpreter (/tmp/perf-1.map)',
		);
		expect(collapse(text)).toBe('java;Interpreter;org/mozilla/javascript/ContextFactory:.call 1\n');
	});

	it('skips comments and symbols in parentheses, and drops a sample cut off at the end', () => {
		const text = '# cmdline : perf record -g\n' + sample('app 1 [000] 1.0: cycles: ', '1 (app) (/bin/app)', '2 main (/bin/app)') + 'app 1 [000] 2.0: cycles: \n\t1 cut_off (/bin/app)\n';
		expect(collapse(text)).toBe('app;main 1\n');
	});

	it('tells apart stack lines that differ only after their address', () => {
		const text = sample('app 1 [000] 1.0: cycles: ', 'ffffffff8103ce3b aaaa (m)') + sample('app 1 [000] 1.0: cycles: ', 'ffffffff8103ce3b bbbb (m)');
		expect(collapse(text + text)).toBe('app;aaaa 2\napp;bbbb 2\n');
	});

	it('shortens Java names only in processes whose name starts with java', () => {
		const line = '1 Lcom/example/Foo;.run() (/tmp/perf-1.map)';
		const text = sample('java 1 [000] 1.0: cycles: ', line) + sample('node 1 [000] 1.0: cycles: ', line);
		expect(collapse(text)).toBe('java;com/example/Foo:.run 1\nnode;Lcom/example/Foo:.run 1\n');
	});
});

describe('stackcollapse-perf.pl options', () => {
	const withOptions = (text: string, options: PerfCollapseOptions): string => formatFolded(collapsePerfScript(linesOf(text), options));

	it('--pid and --tid name the process comm-PID and comm-PID/TID; a lone number or a TID of 0 makes the PID "?"', () => {
		const text = sample('my app 12/34 [000] 1.0: cycles: ', '1 f (/bin/app)') + sample('idle 7 [000] 1.0: cycles: ', '1 g (/bin/app)') + sample('swapper 0/0 [000] 1.0: cycles: ', '1 h (/bin/app)');
		expect(withOptions(text, {pid: true})).toBe('idle-?;g 1\nmy_app-12;f 1\nswapper-?;h 1\n');
		expect(withOptions(text, {tid: true})).toBe('idle-?/7;g 1\nmy_app-12/34;f 1\nswapper-?/0;h 1\n');
	});

	it('--kernel and --jit annotate by module; inlined frames keep _[i] instead', () => {
		const text = sample(
			'app 1 [000] 1.0: cycles: ',
			'1 jitted (/tmp/perf-12.map)',
			'2 outer->inner ([kernel.kallsyms])',
			'3 sys_read (/boot/vmlinux)',
			'4 [unknown] ([unknown])',
			'5 main (/bin/app)',
		);
		expect(withOptions(text, {kernel: true})).toBe('app;main;[unknown];sys_read_[k];outer_[k];inner_[i];jitted 1\n');
		expect(withOptions(text, {jit: true})).toBe('app;main;[unknown];sys_read;outer;inner_[i];jitted_[j] 1\n');
	});

	it('--addrs shows the address of frames perf has no symbol for', () => {
		const text = sample('app 1 [000] 1.0: cycles: ', '7f00aa [unknown] (/usr/lib/libc.so.6)', 'ffff01 [unknown] ([unknown])', '7f00bb main (/bin/app)');
		expect(withOptions(text, {addrs: true})).toBe('app;main;[unknown <ffff01>];[libc.so.6 <7f00aa>] 1\n');
		// Lines that differ only in their address are the same frame, unless it is shown.
		const two = sample('app 1 [000] 1.0: cycles: ', '7f00aa [unknown] (/usr/lib/libc.so.6)') + sample('app 1 [000] 1.0: cycles: ', '7f00cc [unknown] (/usr/lib/libc.so.6)');
		expect(withOptions(two, {})).toBe('app;[libc.so.6] 2\n');
		expect(withOptions(two, {addrs: true})).toBe('app;[libc.so.6 <7f00aa>] 1\napp;[libc.so.6 <7f00cc>] 1\n');
	});

	it('--event-filter keeps the event asked for, not the first one seen', () => {
		const text = sample('app 1 [000] 1.0: 3 cycles: ', '1 a (/bin/app)') + sample('app 1 [000] 1.0: 5 instructions: ', '1 b (/bin/app)');
		expect(withOptions(text, {eventFilter: 'instructions'})).toBe('app;b 5\n');
	});

	it('--srcline appends the line after each frame, but not after an unknown frame of an unknown module', () => {
		const text = ['app 1 [000] 1.0: cycles: ', '\t1 leaf+0x8b (/bin/app)', '  uniform_int_dist.h:300', '\t2 [unknown] ([unknown])', '\t3 main+0x935 (/bin/app)', '  file.cpp:137 [abc]', '\t4 start ([kernel.kallsyms])', '  [kernel.kallsyms][ffffffff814f9302]', '', ''].join('\n');
		expect(withOptions(text, {srcline: true})).toBe('app;start;main:file.cpp:137;[unknown];leaf:uniform_int_dist.h:300 1\n');
	});

	it('--inline replaces a frame by what the resolver says is inlined there, falling back to the frame', () => {
		const asked: InlineRequest[][] = [];
		const inline = (requests: readonly InlineRequest[]): string[] => {
			asked.push([...requests]);
			return requests.map(r => (r.pc === '10' ? 'outer;inner' : '??'));
		};
		const text = sample('app 1 [000] 1.0: cycles: ', '10 f+0x4 (/bin/app)', '20 g+0x8 (/bin/app)', '30 k ([kernel.kallsyms])') + sample('app 1 [000] 2.0: cycles: ', '10 f+0x4 (/bin/app)');
		expect(withOptions(text, {inline})).toBe('app;k;g;outer;inner 1\napp;outer;inner 1\n');
		// Once per address and module, all at once, never for the kernel.
		expect(asked).toEqual([
			[
				{pc: '10', symbol: 'f+0x4', module: '/bin/app'},
				{pc: '20', symbol: 'g+0x8', module: '/bin/app'},
			],
		]);
		// With --srcline the answer decides whether a source line follows, so it is asked for at once.
		const sourced = ['app 1 [000] 1.0: cycles: ', '\t10 f+0x4 (/bin/app)', '\t20 g+0x8 (/bin/app)', '  g.c:7', '', ''].join('\n');
		expect(withOptions(sourced, {inline, srcline: true})).toBe('app;g:g.c:7;outer;inner 1\n');
	});
});
