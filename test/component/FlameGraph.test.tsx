import {afterEach, describe, expect, it} from 'vitest';
import {buildFlameTree, type FlameNode} from '../../source/models/flame-tree.js';
import {parseFolded} from '../../source/models/folded-stacks.js';
import type {FlamePath} from '../../source/models/flame-layout.js';
import {FlameGraph} from '../../tui/widgets/FlameGraph.js';
import {dark, mono, type Theme} from '../../themes/theme.js';
import {cleanupApps, KEY, renderTree, withColour} from './harness.js';

afterEach(cleanupApps);

withColour();

const ARROW = {left: '\u001B[D', right: '\u001B[C', delete: '\u001B[3~', ctrlH: '\b'} as const;

const tree = (folded: string): FlameNode => buildFlameTree(parseFolded(folded).stacks);

/** 100 samples: bash 95 (main 90: compute 60 (inner 50), read 30 (vfs_read 30)), sshd 5. */
const profile = tree(
	[
		'bash;main;read_[k];vfs_read_[k] 30',
		'bash;main;compute;inner 50',
		'bash;main;compute 10',
		'bash;[unknown] 5',
		'sshd;poll_[k] 4',
		'sshd;tiny 1',
	].join('\n'),
);

/** One stack `levels` frames deep under the root. */
const deepTree = (levels: number) => tree(`${Array.from({length: levels}, (_, i) => `frame${i + 1}`).join(';')} 7`);

interface DrawOptions {
	root?: FlameNode;
	width?: number;
	height?: number;
	theme?: Theme;
	inverted?: boolean;
	highlight?: string;
	active?: boolean;
	onZoomChange?(zoom: FlamePath): void;
}

const element = ({root = profile, width = 80, height = 16, theme = mono, active = true, ...rest}: DrawOptions) => (
	<FlameGraph root={root} width={width} height={height} theme={theme} active={active} {...rest} />
);

async function draw(options: DrawOptions = {}) {
	const r = await renderTree(element(options));
	const lines = () => r.frame().split('\n');
	return {
		...r,
		lines,
		footer: () => lines().at(-1)!,
		/** The raw (styled) line holding `text`. */
		rawLine: (text: string) => (r.lastFrame() ?? '').split('\n').find(l => l.includes(text)) ?? '',
	};
}

const colourCode = /\u001B\[(?:3\d|4\d|9\d|10\d)(?:;[\d;]*)?m/;
const rgb = (hex: string) => {
	const n = Number.parseInt(hex.slice(1), 16);
	return `38;2;${(n >> 16) & 255};${(n >> 8) & 255};${n & 255}m`;
};

describe('FlameGraph', () => {
	it('draws frames by name with the root at the bottom at 80 columns', async () => {
		const g = await draw();
		const lines = g.lines();
		expect(lines).toHaveLength(6);
		expect(lines.every(l => l.length <= 80)).toBe(true);
		expect(lines.slice(0, 5).map(l => l.trim().split(/\s+/)[0])).toEqual(['inner', 'compute', '[u…', 'bash', 'all']);
		// [unknown] (4 columns) comes before main; compute's own 10 samples (8) before inner.
		expect(lines[0]).toMatch(/^ {12}inner +vfs_read +$/);
		expect(lines[3]).toMatch(/^bash +ss…$/);
		// sshd's 5 samples are the last 4 of 80 columns.
		expect(lines[3]!.indexOf('ss…')).toBe(76);
		expect(g.footer()).toBe('all  100 samples  100% of all  100% of view  root');
	});

	it('uses the full width at 250 columns', async () => {
		const g = await draw({width: 250});
		const lines = g.lines();
		expect(lines.every(l => l.length <= 250)).toBe(true);
		// sshd's 5% starts at column 95% of 250.
		expect(lines.find(l => l.includes('sshd'))!.indexOf('sshd')).toBe(Math.round(0.95 * 250));
		// Names cut at 80 columns fit at 250.
		expect(g.frame()).toContain('[unknown]');
		expect(g.frame()).toContain('poll');
	});

	it('moves the selection with the arrows and shows it in the footer', async () => {
		const g = await draw();
		await g.press(KEY.up);
		expect(g.footer()).toBe('bash  95 samples  95.0% of all  95.0% of view  user');
		await g.press(KEY.up, KEY.up);
		// The widest callee: compute (60), not read (30).
		expect(g.footer()).toMatch(/^compute  60 samples  60\.0% of all/);
		await g.press(ARROW.right);
		expect(g.footer()).toBe('read  30 samples  30.0% of all  30.0% of view  kernel');
		await g.press(ARROW.left, KEY.down);
		expect(g.footer()).toMatch(/^main  90 samples/);
		await g.press(KEY.down, KEY.down, KEY.down);
		expect(g.footer()).toMatch(/^all /);
	});

	it('zooms into the selected frame with Enter, drawing its callers full width as context', async () => {
		const zooms: FlamePath[] = [];
		const g = await draw({onZoomChange: zoom => zooms.push(zoom)});
		await g.press(KEY.up, KEY.up, KEY.up, KEY.enter);
		expect(g.footer()).toBe('compute  60 samples  60.0% of all  100% of view  user');
		expect(zooms).toEqual([['bash', 'main', 'compute']]);
		const lines = g.lines();
		expect(lines.slice(0, 5).map(l => l.trim())).toEqual(['inner', 'compute', 'main', 'bash', 'all']);
		expect(g.frame()).not.toContain('vfs_read');
		expect(g.frame()).not.toContain('sshd');
		// inner is 50 of compute's 60 samples: 67 of 80 columns, the last one a gap.
		expect(g.rawLine('inner')).toContain(`inner${' '.repeat(66 - 'inner'.length)}`);
	});

	it('zooms out one level with Backspace or Delete, keeping the selection', async () => {
		const zooms: FlamePath[] = [];
		const g = await draw({onZoomChange: zoom => zooms.push(zoom)});
		await g.press(KEY.up, KEY.up, KEY.up, KEY.enter, KEY.backspace);
		expect(g.footer()).toBe('compute  60 samples  60.0% of all  66.7% of view  user');
		expect(g.frame()).toContain('vfs_read');
		await g.press(ARROW.ctrlH);
		expect(g.footer()).toMatch(/^compute  60 samples  60\.0% of all  63\.2% of view/);
		await g.press(ARROW.delete, ARROW.delete);
		expect(g.footer()).toMatch(/^compute .* 60\.0% of view/);
		expect(zooms).toEqual([['bash', 'main', 'compute'], ['bash', 'main'], ['bash'], []]);
	});

	it('zooms back out to a caller shown as context with Enter', async () => {
		const g = await draw();
		await g.press(KEY.up, KEY.up, KEY.up, KEY.enter, KEY.down, KEY.down);
		expect(g.footer()).toBe('bash  95 samples  95.0% of all  user');
		await g.press(KEY.enter);
		expect(g.footer()).toBe('bash  95 samples  95.0% of all  100% of view  user');
		expect(g.frame()).toContain('vfs_read');
	});

	it('keeps the zoom while new samples rebuild the tree', async () => {
		const g = await draw();
		await g.press(KEY.up, KEY.up, KEY.up, KEY.enter);
		await g.rerender(element({root: tree('bash;main;compute;inner 120\nbash;main;compute 30\nidle 50')}));
		expect(g.footer()).toBe('compute  150 samples  75.0% of all  100% of view  user');
		// A frame gone from the new tree leaves the view on its nearest caller.
		await g.rerender(element({root: tree('bash;main;other 10')}));
		expect(g.footer()).toBe('main  10 samples  100% of all  100% of view  user');
	});

	it('marks frames matching the search and shows their share in the footer', async () => {
		const g = await draw({highlight: 'read'});
		expect(g.footer()).toMatch(/ {2}matched: 30\.0%$/);
		expect(g.rawLine('vfs_read')).toContain('\u001B[4m');
		expect(g.rawLine('bash')).not.toContain('\u001B[4m');
		const coloured = await draw({theme: dark, highlight: 're:read$'});
		expect(coloured.footer()).toMatch(/matched: 30\.0%$/);
		expect(coloured.rawLine('vfs_read')).toContain(rgb(dark.ok!));
		expect(coloured.rawLine('bash')).not.toContain(rgb(dark.ok!));
		const none = await draw({highlight: 'nosuch'});
		expect(none.footer()).toMatch(/matched: 0\.0%$/);
	});

	it('puts the root on top of an icicle, where the callees are below', async () => {
		const g = await draw({inverted: true});
		const lines = g.lines();
		expect(lines.slice(0, 5).map(l => l.trim().split(/\s+/)[0])).toEqual(['all', 'bash', '[u…', 'compute', 'inner']);
		await g.press(KEY.down, KEY.down);
		expect(g.footer()).toMatch(/^main /);
		await g.press(KEY.up);
		expect(g.footer()).toMatch(/^bash /);
	});

	it('draws frames by colour of kind, and without colour in the mono theme', async () => {
		const coloured = await draw({theme: dark});
		const raw = coloured.lastFrame() ?? '';
		for (const colour of [dark.kernel!, dark.user!, dark.unknown!, dark.accent!]) expect(raw).toContain(rgb(colour));
		expect(coloured.rawLine('vfs_read')).toContain(rgb(dark.kernel!));

		const plain = await draw({theme: mono});
		const monoRaw = plain.lastFrame() ?? '';
		expect(monoRaw).not.toMatch(colourCode);
		// Frames inverse; the selected one (the root here) not, but bold.
		expect(plain.rawLine('inner')).toContain('\u001B[7m');
		expect(monoRaw.split('\n').at(-2)).toMatch(/\u001B\[1m/);
		expect(monoRaw.split('\n').at(-2)).not.toContain('\u001B[7m');
	});

	it('shows kernel frames without the _[k] suffix', async () => {
		const g = await draw({width: 250});
		expect(g.frame()).not.toContain('_[k]');
		expect(g.frame()).toMatch(/ read +\n/);
		expect(g.frame()).toMatch(/ vfs_read +\n/);
		expect(g.frame()).toMatch(/ poll +/);
		await g.press(KEY.up, KEY.up, KEY.up, ARROW.right, KEY.up);
		expect(g.footer()).toBe('vfs_read  30 samples  30.0% of all  30.0% of view  kernel');
	});

	it('shows the levels nearest the root and says how many deeper ones are left out', async () => {
		// 31 levels (root included) in 10 rows: a footer, a note and 8 levels.
		const g = await draw({root: deepTree(30), height: 10});
		const lines = g.lines();
		expect(lines).toHaveLength(10);
		expect(lines[0]).toBe('▲ 23 deeper levels');
		expect(lines.at(-2)).toMatch(/^all\b/);
		expect(lines[1]).toMatch(/^frame7\b/);

		const icicle = await draw({root: deepTree(30), height: 10, inverted: true});
		expect(icicle.lines()[0]).toMatch(/^all\b/);
		expect(icicle.lines().at(-2)).toBe('▼ 23 deeper levels');
	});

	it('says how much of the view is in frames too narrow to draw', async () => {
		const root = tree(['big 996', 'tiny1 1', 'tiny2 1', 'tiny3;deeper 1', 'tiny4 1'].join('\n'));
		const g = await draw({root});
		expect(g.lines()[0]).toBe('4 frames too narrow to draw: 0.4% of view');
		expect(g.frame()).not.toContain('tiny');
	});

	it('stays readable at 80x24 with a deep, bushy profile', async () => {
		const stacks = Array.from({length: 60}, (_, i) => {
			const depth = 5 + (i % 25);
			const frames = Array.from({length: depth}, (_, d) => `${d % 3 === 0 ? 'sys' : 'fn'}_${d}_${i % (d + 1)}${d > 20 ? '_[k]' : ''}`);
			return `${frames.join(';')} ${1 + ((i * 37) % 11)}`;
		});
		const g = await draw({root: tree(stacks.join('\n')), width: 80, height: 16});
		const lines = g.lines();
		expect(lines).toHaveLength(16);
		expect(lines.every(l => l.length <= 80)).toBe(true);
		expect(lines[0]).toMatch(/^▲ \d+ deeper levels · \d+ frames too narrow to draw: \d+\.\d% of view$/);
		expect(lines.at(-2)).toMatch(/^all\b/);
	});

	it('ignores keys while not active', async () => {
		const g = await draw({active: false});
		await g.press(KEY.up, KEY.enter);
		expect(g.footer()).toMatch(/^all /);
	});

	it('says so when there are no samples', async () => {
		const g = await draw({root: tree('')});
		expect(g.frame()).toBe('No samples.');
	});
});
