import {afterEach, describe, expect, it} from 'vitest';
import {Sparkline} from '../../tui/widgets/Sparkline.js';
import {cleanupApps, renderTree} from './harness.js';

afterEach(cleanupApps);

async function spark(values: Array<number | null>, width: number) {
	const r = await renderTree(<Sparkline values={values} width={width} />);
	return r.frame();
}

const TICKS = /^[ ▁▂▃▄▅▆▇█]*$/;

describe('Sparkline', () => {
	it('renders width characters when there are more values than that', async () => {
		const values = Array.from({length: 50}, (_, i) => (i % 7) + 1);
		for (const width of [1, 5, 20, 40]) {
			const line = await spark(values, width);
			expect([...line]).toHaveLength(width);
			expect(line).toMatch(TICKS);
		}
	});

	it('renders one character per value when there are fewer', async () => {
		const line = await spark([1, 2, 3], 20);
		expect([...line]).toHaveLength(3);
	});

	it('shows the newest values', async () => {
		// 1..20 scaled from 0: the newest five are near the top, the oldest near the bottom.
		const values = Array.from({length: 20}, (_, i) => i + 1);
		expect(await spark(values, 5)).toBe('▇▇███');
	});

	it('scales from zero, so a flat series is drawn at the top, not the bottom', async () => {
		expect(await spark([0, 4, 8], 3)).toBe('▁▄█');
		expect(await spark([5, 5, 5], 3)).toBe('███');
		expect(await spark([4, 8], 2)).toBe('▄█');
	});

	it('leaves gaps (null) blank', async () => {
		const r = await renderTree(<Sparkline values={[4, null, 8, null]} width={10} />);
		// Ink trims the trailing blank; the gap inside stays.
		expect(r.lastFrame()).toBe('▄ █');
	});

	it('draws something for no values', async () => {
		const r = await renderTree(<Sparkline values={[]} width={10} />);
		expect(r.lastFrame()).toBeDefined();
	});

	it('draws on a fixed scale when given a maximum, values above it full', async () => {
		const r = await renderTree(<Sparkline values={[0, 0.5, 1, 3]} width={10} maximum={1} />);
		expect(r.frame()).toBe('▁▄██');
		const low = await renderTree(<Sparkline values={[0.01, 0.01]} width={10} maximum={1} />);
		expect(low.frame()).toBe('▁▁');
	});
});
