/**
 * patches/ink+6.8.0.patch: Ink's Output shares its caches across frames (a dashboard
 * redraws mostly the same lines) and reuses a row's text when the row is made of the
 * same cells as last frame's; the frames must stay exactly what Ink would draw.
 */
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {expect, it} from 'vitest';
import {repoRoot} from '../support/requirements.js';

interface InkOutput {
	caches: unknown;
	write(x: number, y: number, text: string, options: {transformers: unknown[]}): void;
	get(): {output: string; height: number};
}
type OutputClass = new (size: {width: number; height: number}) => InkOutput;

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
