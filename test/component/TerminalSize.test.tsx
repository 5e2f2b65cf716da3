import {EventEmitter} from 'node:events';
import {stripVTControlCharacters} from 'node:util';
import {render, type Instance} from 'ink';
import {afterEach, describe, expect, it} from 'vitest';
import {App, MIN_COLUMNS, MIN_ROWS} from '../../tui/App.js';
import {shellPanes as panes} from '../support/shell-panes.js';
import {loadViews} from '../../tui/load-views.js';
import {mono} from '../../themes/theme.js';
import {cleanupApps, makeStore, renderApp, sampleA, settle} from './harness.js';

afterEach(cleanupApps);

/** A terminal of a given size, for Ink's own render (ink-testing-library's is 100 columns). */
class FakeTerminal extends EventEmitter {
	frames: string[] = [];
	isTTY = true;
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}
	write = (frame: string) => {
		this.frames.push(frame);
		return true;
	};
	lastFrame = () => stripVTControlCharacters(this.frames.at(-1) ?? '');
}

class FakeInput extends EventEmitter {
	isTTY = true;
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read = () => null;
}

const mounted: Instance[] = [];
afterEach(async () => {
	await settle(() => {
		for (const app of mounted.splice(0)) app.unmount();
	});
});

async function renderAt(columns: number, rows: number) {
	const views = await loadViews(panes);
	const terminal = new FakeTerminal(columns, rows);
	const store = makeStore();
	await settle(() => {
		mounted.push(
			render(
				<App
					store={store}
					views={views}
					panes={panes}
					collectorsByPane={new Map([['runq', ['runqlat']]])}
					theme={mono}
					onExport={() => '/tmp/x'}
					onQuit={() => undefined}
				/>,
				{
					stdout: terminal as unknown as NodeJS.WriteStream,
					stderr: new FakeTerminal(columns, rows) as unknown as NodeJS.WriteStream,
					stdin: new FakeInput() as unknown as NodeJS.ReadStream,
					debug: true,
					exitOnCtrlC: false,
					patchConsole: false,
				},
			),
		);
	});
	return {terminal, store};
}

describe('terminal size', () => {
	it('says the terminal is too small when it is narrower than 80 columns', async () => {
		const {terminal} = await renderAt(60, 30);
		expect(terminal.lastFrame()).toBe(`terminal too small: 60x30, tracetop needs ${MIN_COLUMNS}x${MIN_ROWS}`);
	});

	it('says so when it is shorter than 24 rows', async () => {
		const {terminal} = await renderAt(120, 20);
		const frame = terminal.lastFrame();
		expect(frame).toBe('terminal too small: 120x20, tracetop needs 80x24');
		expect(frame).not.toContain('Run queue');
	});

	it('draws the app at exactly 80x24, one row short of the screen', async () => {
		const {terminal, store} = await renderAt(80, 24);
		await settle(() => store.getState().addSample('runq', 1000, sampleA(), 100));
		const lines = terminal.lastFrame().split('\n');
		expect(lines[0]).toContain('tracetop  testhost  6.0');
		expect(lines).toHaveLength(23);
		expect(lines.every(l => l.length <= 80)).toBe(true);
		expect(lines.at(-1)).toContain('q quit');
		expect(terminal.lastFrame()).toContain('p50 24us');
	});

	it('just below the minimum in either direction is too small', async () => {
		expect((await renderAt(79, 24)).terminal.lastFrame()).toContain('terminal too small: 79x24');
		expect((await renderAt(80, 23)).terminal.lastFrame()).toContain('terminal too small: 80x23');
	});

	it('follows resizes: too small, then back, then larger', async () => {
		const r = await renderApp();
		await r.update(s => s.addSample('runq', 1000, sampleA(), 100));
		// ink-testing-library's terminal: 100 columns, no rows (the app assumes 24).
		expect(r.frame().split('\n')).toHaveLength(23);

		const resize = (columns: number, rows?: number) =>
			settle(() => {
				Object.defineProperty(r.stdout, 'columns', {value: columns, configurable: true});
				Object.defineProperty(r.stdout, 'rows', {value: rows, configurable: true});
				r.stdout.emit('resize');
			});

		await resize(70, 24);
		expect(r.frame()).toBe('terminal too small: 70x24, tracetop needs 80x24');
		await resize(100, 24);
		expect(r.frame()).toContain('p50 24us');
		await resize(120, 40);
		const lines = r.frame().split('\n');
		expect(lines).toHaveLength(39);
		expect(lines.at(-1)).toContain('q quit');
		// The histogram bar grows with the width: columns - label - count - 3.
		const bar = (frame: string) => /\|(@+)\|/.exec(frame)?.[1]?.length;
		expect(bar(r.frame())).toBe(120 - 20 - 10 - 3);
		await resize(100, 24);
		expect(bar(r.frame())).toBe(100 - 20 - 10 - 3);
		// Keys still work after resizing.
		await r.press('2');
		expect(r.frame()).toContain('Waiting for the first interval of stack samples');
	});
});
