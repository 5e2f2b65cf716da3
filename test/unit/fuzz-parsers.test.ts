/**
 * Property-based fuzzing (fast-check) of every parser and reader tracetop points at
 * outside input: bpftrace JSON lines, recording lines, perf script, folded stacks,
 * bpftrace stack text, stack keys, the bounded line splitter and the sanitisers.
 * Thousands of inputs per run (fixed seed per property is not used: each run explores
 * new ones, and a failure prints its seed to replay). No exception escapes but the
 * documented one-line errors, and what comes out is within its documented bounds.
 */
import fc from 'fast-check';
import {beforeAll, describe, expect, it} from 'vitest';
import {MAX_VALUE, parseBpftraceLine, type BpfRecord} from '../../collectors/bpftrace-json.js';
import {parseStackKey} from '../../collectors/stack-key.js';
import {collapseBpftraceStacks} from '../../source/importers/bpftrace-stacks.js';
import {detectInputFormat, notTextReason} from '../../source/importers/detect-format.js';
import {PerfScriptCollapser} from '../../source/importers/perf-script.js';
import {formatFolded, parseFolded, type FoldedStacks} from '../../source/models/folded-stacks.js';
import {parseHeader, parseRecordedLine, RecordingError} from '../../source/recording/recording-format.js';
import {blockLines, LineSplitter} from '../../source/safety/bounded-lines.js';
import {foldedFrame} from '../../source/safety/folded-name.js';
import {hasUnsafeText, safeText} from '../../source/safety/terminal-text.js';

const RUNS = 2000;
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

/** Text that looks like the format in places: its own tokens mixed with anything. */
const textOf = (tokens: readonly string[]) =>
	fc.array(fc.oneof(fc.constantFrom(...tokens), fc.string({unit: 'binary', maxLength: 12}), fc.integer().map(String)), {maxLength: 40}).map(parts => parts.join(''));

const finiteEverywhere = (records: BpfRecord[]): boolean =>
	JSON.stringify(records, (_k, v: unknown) => {
		if (typeof v === 'number' && !(Math.abs(v) <= MAX_VALUE)) throw new Error(`number out of range: ${v}`);
		return v;
	}) !== undefined;

/** Every folded line is one `stack count` with a plain count, read back to the same map. */
function wellFormedFolded(stacks: FoldedStacks): void {
	const text = formatFolded(stacks);
	for (const line of text.split('\n').slice(0, -1)) {
		expect(line).not.toMatch(CONTROL);
		expect(line).toMatch(/ \d+(?:\.\d+)?$/);
	}
	const back = parseFolded(text);
	expect(back.stacks.size).toBeLessThanOrEqual(stacks.size);
}

describe('fuzzing the parsers', () => {
	let heapAtStart = 0;
	beforeAll(() => {
		heapAtStart = process.memoryUsage().heapUsed;
	});
	it('bpftrace JSON lines: never throw; numbers within range', () => {
		const typed = fc.record({
			type: fc.constantFrom('attached_probes', 'lost_events', 'printf', 'time', 'hist', 'map', 'stats', 'tseries', 'join', 'x'),
			data: fc.jsonValue(),
		});
		fc.assert(
			fc.property(fc.oneof(fc.string({unit: 'binary'}), fc.json(), typed.map(o => JSON.stringify(o))), line => {
				const r = parseBpftraceLine(line);
				if (r.ok) expect(finiteEverywhere(r.records)).toBe(true);
				else expect(typeof r.error).toBe('string');
			}),
			{numRuns: RUNS * 2},
		);
	});

	it('recording lines: only RecordingErrors, and what parses has the documented types', () => {
		const header = fc.record({format: fc.constantFrom('tracetop-recording', 'x'), version: fc.oneof(fc.integer(), fc.double(), fc.string()), options: fc.jsonValue(), collectors: fc.jsonValue()}, {requiredKeys: []});
		fc.assert(
			fc.property(fc.oneof(fc.string({unit: 'binary'}), fc.json(), header.map(h => JSON.stringify(h))), text => {
				for (const parse of [parseHeader, parseRecordedLine]) {
					try {
						const v = parse(text, 'f:1');
						expect(typeof v).toBe('object');
					} catch (error) {
						expect(error).toBeInstanceOf(RecordingError);
					}
				}
			}),
			{numRuns: RUNS},
		);
	});

	it('perf script, with any of stackcollapse-perf.pl options: never throws, folded output well formed', () => {
		const perf = textOf(['\n', '\t', ' ', 'cmd 123 [000] 1.000000: 10 cpu-clock:', 'java 1/0 ', ' 1/2 ', '99999999999999999999 ', ': ', 'ffffffff8103ce3b ', 'sym+0x1b', ' ([kernel.kallsyms])', ' (/usr/bin/x)', ' (/tmp/perf-1.map)', '[unknown]', '->', ';', '(', ')', '# ========', '\n\n']);
		const options = fc.record({pid: fc.boolean(), tid: fc.boolean(), kernel: fc.boolean(), jit: fc.boolean(), addrs: fc.boolean(), srcline: fc.boolean(), eventFilter: fc.constantFrom(undefined, 'cpu-clock', 'x')});
		const limits = fc.constantFrom({}, {knownLines: 2}, {knownLineBytes: 16});
		fc.assert(
			fc.property(fc.array(perf, {maxLength: 6}), options, limits, (chunks, chosen, limit) => {
				const c = new PerfScriptCollapser(chosen, limit);
				for (const chunk of chunks) c.write(chunk);
				const stacks = c.end();
				wellFormedFolded(stacks);
				expect(c.folded().toString('latin1')).toBe(formatFolded(stacks));
			}),
			{numRuns: RUNS},
		);
	});

	it('folded text: never throws; counts finite and exact', () => {
		const folded = textOf(['\n', ';', ' ', ' 1', ' 0', ' 1e308', ' 9007199254740991', ' 2.5', '_[k]', '[unknown]', '\r']);
		fc.assert(
			fc.property(folded, text => {
				const {stacks} = parseFolded(text);
				for (const count of stacks.values()) expect(Number.isFinite(count) && count >= 0 && count <= Number.MAX_SAFE_INTEGER).toBe(true);
				wellFormedFolded(stacks);
			}),
			{numRuns: RUNS},
		);
	});

	it('bpftrace stack output (text and JSON) and stack keys: never throw', () => {
		const bpf = textOf(['@s[', ']: ', '\n', '    ', 'func+12', '\n]: 5\n', ',', '{"type": "map", "data": {"@s": {"', '"}}}', '": 3', '\\n\\t', 'ffff 0x1 ([unknown])']);
		fc.assert(
			fc.property(bpf, text => {
				wellFormedFolded(collapseBpftraceStacks(text));
				const key = parseStackKey(text);
				expect(Number.isInteger(key.pid)).toBe(true);
				detectInputFormat(text);
			}),
			{numRuns: RUNS},
		);
	});

	it('the line splitter: same lines as a plain split, however the input is chunked, none over the bound', () => {
		fc.assert(
			fc.property(
				fc.array(fc.uint8Array({maxLength: 64}).map(a => a.map(b => (b % 5 === 0 ? 10 : b))), {maxLength: 20}),
				fc.integer({min: 1, max: 40}),
				(chunks, max) => {
					const s = new LineSplitter({maxLineBytes: max});
					const got: string[] = [];
					for (const chunk of chunks) {
						const block = s.push(chunk);
						if (block) got.push(...blockLines(block, 'latin1'));
					}
					const tail = s.end();
					if (tail) got.push(...blockLines(tail, 'latin1'));
					const all = Buffer.concat(chunks.map(c => Buffer.from(c))).toString('latin1');
					const parts = all.split('\n');
					if (parts.at(-1) === '') parts.pop();
					const expected = parts.filter(p => p.length <= max).map(p => (p.endsWith('\r') ? p.slice(0, -1) : p));
					expect(got).toEqual(expected);
					expect(s.cutLines).toBe(parts.length - parts.filter(p => p.length <= max).length);
					notTextReason(Buffer.concat(chunks.map(c => Buffer.from(c))));
				},
			),
			{numRuns: RUNS},
		);
	});

	it('safeText and foldedFrame: no control character survives; safeText is idempotent', () => {
		fc.assert(
			fc.property(fc.string({unit: 'binary'}), s => {
				const safe = safeText(s);
				expect(hasUnsafeText(safe)).toBe(false);
				expect(safeText(safe)).toBe(safe);
				const frame = foldedFrame(s);
				expect(frame).not.toMatch(CONTROL);
				expect(frame).not.toContain(';');
			}),
			{numRuns: RUNS * 2},
		);
	});

	it('memory stays bounded: thousands of inputs later the heap has grown by less than 256 MiB', () => {
		expect(process.memoryUsage().heapUsed - heapAtStart).toBeLessThan(256 << 20);
	});
});
