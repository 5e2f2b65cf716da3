/**
 * patches/ink+6.8.0.patch: Ink's Output shares its caches across frames (a dashboard
 * redraws mostly the same lines) and reuses a row's text when the row is made of the
 * same cells as last frame's, and joins the lines of a row as strings when they do not
 * overlap; the frames must stay exactly what Ink's per-cell path would draw.
 */
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import stringWidth from 'string-width';
import {expect, it} from 'vitest';
import {repoRoot} from '../support/requirements.js';

import {CellScreen, StyleTable} from '../../tui/terminal/cell-screen.js';

interface InkOutput {
	caches: unknown;
	write(x: number, y: number, text: string, options: {transformers: unknown[]}): void;
	get(): {output: string; height: number};
}
type OutputClass = (new (size: {width: number; height: number}) => InkOutput) & {forceCellPath: boolean};

const load = async (): Promise<OutputClass> =>
	(await import(pathToFileURL(path.join(repoRoot, 'node_modules/ink/build/output.js')).href)).default as OutputClass;

const frame = (Output: OutputClass, lines: string[]) => {
	const out = new Output({width: 20, height: lines.length});
	lines.forEach((line, y) => out.write(0, y, line, {transformers: []}));
	return out.get().output;
};

it('shares one bounded set of caches between frames', async () => {
	const Output = await load();
	expect(new Output({width: 1, height: 1}).caches).toBe(new Output({width: 1, height: 1}).caches);
});

it('draws each frame as Ink would, reused rows and changed rows alike', async () => {
	const Output = await load();
	const bold = (s: string) => `\x1b[1m${s}\x1b[22m`;
	expect(frame(Output, ['alpha', bold('beta'), 'gamma'])).toBe(`alpha\n${bold('beta')}\ngamma`);
	expect(frame(Output, ['alpha', bold('beta'), 'gamma'])).toBe(`alpha\n${bold('beta')}\ngamma`);
	expect(frame(Output, ['alpha', 'beta', 'gamma!'])).toBe('alpha\nbeta\ngamma!');
	expect(frame(Output, ['', 'beta'])).toBe('\nbeta');
});

/** Cells and what their styles mean, as a terminal would show the frame. */
function shown(output: string, width: number, height: number) {
	const screen = new CellScreen(width, height, new StyleTable());
	screen.write(output.split('\n').join('\r\n'));
	return Array.from({length: width * height}, (_, i) => [screen.chars[i], screen.table.get(screen.styles[i]!)]);
}

it('joins non-overlapping writes into the same frame as the per-cell path, overlapping ones too', async () => {
	const Output = await load();
	const styles = ['\x1b[1m', '\x1b[38;2;95;175;255m', '\x1b[7m\x1b[31m', '\x1b[4m', ''];
	let seed = 11;
	const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
	for (let round = 0; round < 200; round++) {
		const ops: Array<[number, number, string]> = [];
		for (let k = random(8); k >= 0; k--) {
			const style = styles[random(styles.length)]!;
			const word = ['cpu', 'p99 ', '▌▌', '日本', ' x ', 'interval'][random(6)]!;
			ops.push([random(30), random(4), style ? `${style}${word}\x1b[0m` : word]);
		}
		const draw = (forceCellPath: boolean) => {
			Output.forceCellPath = forceCellPath;
			const out = new Output({width: 40, height: 4});
			for (const [x, y, text] of ops) out.write(x, y, text, {transformers: []});
			return out.get().output;
		};
		try {
			expect(shown(draw(false), 40, 4)).toEqual(shown(draw(true), 40, 4));
		} finally {
			Output.forceCellPath = false;
		}
	}
});

it('measures widths as string-width does, plain ASCII by its length', async () => {
	const {fastWidth} = (await import(pathToFileURL(path.join(repoRoot, 'node_modules/ink/build/output.js')).href)) as {fastWidth(s: string): number};
	for (const text of ['', 'abc', '\x1b[1mabc\x1b[22m', '日本', '\x1b[31m日本\x1b[39m', 'a\u0301', '▌▌█', 'tab\there', '\x1b[38;2;1;2;3mx\x1b[0m y']) {
		expect(fastWidth(text)).toBe(stringWidth(text));
	}
});
