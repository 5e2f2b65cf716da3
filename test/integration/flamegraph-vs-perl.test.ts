/**
 * `tracetop flame` and `tracetop collapse --diff` as built, against Brendan Gregg's
 * flamegraph.pl and difffolded.pl run on the same input: every flamegraph.pl option the
 * flame command takes, compared frame by frame (tooltip, place, size, colour, label) and
 * by the page (size, titles, font, background, notes). The peer checkout cannot be
 * installed in CI, so these skip there, saying so; test/unit/flamegraph-fixtures.test.ts
 * compares with the scripts' stored output and always runs.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect} from 'vitest';
import {cliPath, itWithPeer, repoRoot} from '../support/requirements.js';
import {drawnFrames, pageFacts, shapes} from '../support/svg-frames.js';

const PEERS = process.env.TRACETOP_FLAMEGRAPH_DIR ?? '/work/peers/FlameGraph';
const peerAbsent = fs.existsSync(path.join(PEERS, 'flamegraph.pl')) ? undefined : `${PEERS} not present (a checkout CI cannot install)`;
const why = {uninstallable: peerAbsent};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-flamegraph-'));
const corpus = path.join(repoRoot, 'test/fixtures/flamegraph/corpus.folded');

/** mulberry32, so every run draws the same stacks. */
function random(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Stacks that share prefixes as real ones do, with what makes flamegraph.pl's merge
 * peculiar: names that sort between a frame's callees (b.x), names with spaces, markup
 * and emoji, kernel and JIT annotations, zero counts, duplicate lines and a shuffled order.
 */
function generated(stacks: number, seed: number): string {
	const next = random(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
	const names = ['main', 'main.cold', 'run', 'run loop', 'read_[k]', 'vfs_read_[k]', 'Ljava/lang/Thread;::run_[j]', 'std::vector<int>', '<lambda>', 'a&b', '🔥hot', 'x.js:12', '-', 'Perl_runops'];
	const lines: string[] = [];
	for (let i = 0; i < stacks; i++) {
		const depth = 1 + Math.floor(next() * 8);
		const frames = [pick(['bash', 'java', 'node'])];
		while (frames.length < depth) frames.push(pick(names));
		lines.push(`${frames.join(';')} ${next() < 0.05 ? 0 : 1 + Math.floor(100 * next() ** 3)}`);
		if (next() < 0.1) lines.push(lines.at(-1)!);
	}
	return lines.sort(() => next() - 0.5).join('\n') + '\n';
}

const input = path.join(dir, 'generated.folded');
fs.writeFileSync(input, generated(1500, 7));

const perl = (script: string, args: string[]): string => execFileSync('perl', [path.join(PEERS, script), ...args], {maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore']}).toString('utf8');

function tracetop(args: string[]): string {
	const r = spawnSync(process.execPath, [cliPath, ...args], {encoding: 'utf8', maxBuffer: 1 << 28, timeout: 60_000});
	expect(r.stderr).not.toMatch(/^tracetop: (?!wrote)/m);
	expect(r.status).toBe(0);
	return r.stdout;
}

let runs = 0;
/** tracetop flame's SVG and flamegraph.pl's for the same input and options. */
function both(file: string, options: string[], via: string[] = ['--input', file]): {ours: string; theirs: string} {
	const out = path.join(dir, `ours-${runs++}.svg`);
	tracetop(['flame', ...via, '-o', out, ...options]);
	return {ours: fs.readFileSync(out, 'utf8'), theirs: perl('flamegraph.pl', [...options, file])};
}

function expectSameFrames(ours: string, theirs: string): void {
	const expected = drawnFrames(theirs);
	expect(expected.length).toBeGreaterThan(20);
	expect(drawnFrames(ours)).toEqual(expected);
}

/**
 * Options compared with a fixed palette: flamegraph.pl's default "hot" is per-name
 * random, which tracetop reproduces exactly. (Titles without markup: flamegraph.pl writes
 * them unescaped.)
 */
const CASES: Array<[string, string[]]> = [
	['--title and --subtitle', ['--title', 'CPU on web-1', '--subtitle', 'sampled 30 s']],
	['--width', ['--width', '800']],
	['--height', ['--height', '24']],
	['--minwidth in pixels', ['--minwidth', '3']],
	['--minwidth as a percentage', ['--minwidth', '0.5%']],
	['--minwidth 0: every frame, zero-width ones too', ['--minwidth', '0']],
	['--fonttype', ['--fonttype', 'Courier']],
	['--fontsize', ['--fontsize', '13.5']],
	['--countname', ['--countname', 'bytes']],
	['--nametype', ['--nametype', 'Frame:']],
	['--hash', ['--hash']],
	['--reverse', ['--reverse']],
	['--inverted', ['--inverted']],
	['--inverted with a subtitle', ['--inverted', '--subtitle', 'icicle']],
	['--flamechart (input order)', ['--flamechart']],
	['--flamechart --reverse', ['--flamechart', '--reverse']],
	['--notes', ['--notes', 'made in CI']],
];

describe('tracetop flame against flamegraph.pl', () => {
	for (const [name, options] of CASES) {
		itWithPeer(`${name}: the same frames and page`, why, () => {
			for (const file of [input, corpus]) {
				const {ours, theirs} = both(file, ['--colors', 'hot', ...options]);
				expectSameFrames(ours, theirs);
				const {fontFamily: _ours, ...page} = pageFacts(ours);
				const {fontFamily: _theirs, ...expected} = pageFacts(theirs);
				expect(page).toEqual(expected);
				if (options.includes('--fonttype')) expect(pageFacts(ours).fontFamily).toBe(pageFacts(theirs).fontFamily);
				if (options.includes('--nametype')) expect(ours).toContain('"Frame: "');
			}
		});
	}

	itWithPeer('every --colors palette, by name and by --hash', why, () => {
		for (const palette of ['hot', 'mem', 'io', 'wakeup', 'java', 'js', 'perl', 'red', 'green', 'blue', 'aqua', 'yellow', 'purple', 'orange']) {
			for (const hash of [[], ['--hash']]) {
				const {ours, theirs} = both(input, ['--colors', palette, ...hash]);
				expectSameFrames(ours, theirs);
				expect(pageFacts(ours).background).toEqual(pageFacts(theirs).background);
			}
		}
	});

	itWithPeer('--random and tracetop\'s own colours: the same shapes', why, () => {
		for (const options of [['--random'], [], ['--colors', 'orange', '--random']]) {
			const {ours, theirs} = both(input, options);
			expect(shapes(drawnFrames(ours))).toEqual(shapes(drawnFrames(theirs)));
		}
	});

	itWithPeer('an SVG no larger than flamegraph.pl\'s', why, () => {
		const {ours, theirs} = both(input, []);
		expect(Buffer.byteLength(ours)).toBeLessThan(Buffer.byteLength(theirs));
	});
});

describe('differential flame graphs against difffolded.pl | flamegraph.pl', () => {
	const before = path.join(dir, 'before.folded');
	const after = path.join(dir, 'after.folded');
	fs.writeFileSync(before, generated(800, 1));
	fs.writeFileSync(after, generated(1200, 2));

	itWithPeer('collapse --diff prints difffolded.pl\'s lines, with and without --normalize', why, () => {
		const lines = (text: string) => text.split('\n').filter(Boolean).sort();
		expect(lines(tracetop(['collapse', '--diff', before, after]))).toEqual(lines(perl('difffolded.pl', [before, after])));
		expect(lines(tracetop(['collapse', '--diff', '--normalize', before, after]))).toEqual(lines(perl('difffolded.pl', ['-n', before, after])));
	});

	itWithPeer('flame --diff draws what flamegraph.pl draws of difffolded.pl\'s output, --negate and --normalize too', why, () => {
		for (const [diffOptions, options] of [
			[[], []],
			[['-n'], []],
			[[], ['--negate']],
			[['-n'], ['--reverse', '--inverted', '--minwidth', '0']],
		] as const) {
			const columns = path.join(dir, `diff-${runs++}.folded`);
			fs.writeFileSync(columns, perl('difffolded.pl', [...diffOptions, before, after]));
			const via = ['--diff', ...(diffOptions.length > 0 ? ['--normalize'] : []), before, after];
			const {ours, theirs} = both(columns, [...options], via);
			expectSameFrames(ours, theirs);
			expect(drawnFrames(ours).some(f => f.fill.startsWith('rgb(255,') && f.fill !== 'rgb(255,255,255)')).toBe(true);
			// A three-column file given to --input is drawn the same way.
			const fromColumns = both(columns, [...options]);
			expectSameFrames(fromColumns.ours, theirs);
		}
	});
});
