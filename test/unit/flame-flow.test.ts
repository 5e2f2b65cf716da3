import {describe, expect, it} from 'vitest';
import {flowFrames, frameName, inputOrderFlow, reverseStack, sortedDiffFlow, sortedFlow, trimStack, type FlowInput} from '../../source/models/flame-flow.js';

/** Each kept frame as "depth name start-end", in the order flowFrames gives them. */
function described(input: FlowInput, minCount = 0): string[] {
	const frames = flowFrames(input, minCount);
	return Array.from({length: frames.length}, (_, i) => `${frames.depth[i]} ${frames.depth[i] === 0 ? 'all' : frameName(frames, input.stacks, i)} ${frames.start[i]}-${frames.end[i]}`);
}

const sorted = (lines: Record<string, number>) => sortedFlow(new Map(Object.entries(lines)));

describe('flamegraph.pl frames (flow)', () => {
	it('merges sorted stacks into frames, a stack\'s own samples left of its callees, callers first', () => {
		expect(described(sorted({'a;b': 3, a: 5, 'a;c;d': 2, e: 1}))).toEqual(['0 all 0-11', '2 e 10-11', '1 a 0-10', '2 c 8-10', '3 d 8-10', '2 b 5-8'].map(f => f.replace(/^2 e/, '1 e')));
	});

	it('splits a frame where a name sorts between its callees, as flamegraph.pl does', () => {
		// "a;b.x" sorts between "a;b 1" and "a;b;c 1" ('.' < ';'): b is drawn twice.
		expect(described(sorted({'a;b': 1, 'a;b.x': 1, 'a;b;c': 1})).filter(f => / b /.test(f))).toEqual(['2 b 2-3', '2 b 0-1']);
	});

	it('sorts by the whole line: a stack before its longer forms, the count after a space', () => {
		const flow = sorted({'a b': 1, a: 2, 'a;x': 3});
		expect(flow.stacks).toEqual(['a', 'a b', 'a;x']);
		expect(Array.from(flow.counts)).toEqual([2, 1, 3]);
		// "a 5" and "a !x 1": '!' sorts before '5', so the longer stack comes first; so does a tab.
		expect(sorted({a: 5, 'a !x': 1, 'a;y': 1}).stacks).toEqual(['a !x', 'a', 'a;y']);
		expect(sorted({a: 5, 'a\tx': 1}).stacks).toEqual(['a\tx', 'a']);
		expect(sorted({'a;b;': 2, 'a;b': 1}).stacks).toEqual(['a;b', 'a;b']);
	});

	it('leaves out frames narrower than minCount, and everything they called', () => {
		const names = described(sorted({'a;big': 100, 'a;small;deeper': 1}), 2).map(f => f.split(' ')[1]);
		expect(names).toEqual(['all', 'a', 'big']);
	});

	it('splits stacks as perl does: trailing empty frames dropped, inner ones kept', () => {
		expect(trimStack('a;b;;')).toBe('a;b');
		expect(trimStack(';;')).toBe('');
		expect(described(sorted({'a;;b': 1})).map(f => f.split(' ').slice(0, 2).join(' '))).toEqual(['0 all', '1 a', '2 ', '3 b']);
		expect(reverseStack('a;b;c;')).toBe('c;b;a');
	});

	it('keeps input order for a flame chart: a frame is drawn again each time it comes back', () => {
		const chart = inputOrderFlow([
			{stack: 'main;work', count: 2},
			{stack: 'main;idle', count: 1},
			{stack: 'main;work', count: 3},
			{stack: 'main;work', count: 1},
		]);
		expect(described(chart).filter(f => f.includes('work'))).toEqual(['2 work 3-7', '2 work 0-2']);
		expect(described(inputOrderFlow([{stack: 'a;b', count: 1}], true)).map(f => f.split(' ')[1])).toEqual(['all', 'b', 'a']);
	});

	it('gives a differential frame the change of the stacks it ends, and the largest change', () => {
		const flow = sortedDiffFlow([
			['a', [4, 1]],
			['a;b', [1, 6]],
			['c', [3, 3]],
		]);
		const frames = flowFrames(flow, 0);
		const delta = (name: string) => frames.delta![Array.from({length: frames.length}, (_, i) => frameName(frames, flow.stacks, i)).indexOf(name)];
		expect(delta('a')).toBe(-3);
		expect(delta('b')).toBe(5);
		expect(delta('c')).toBe(0);
		expect(frames.maxDelta).toBe(5);
		expect(frames.total).toBe(10);
	});

	it('drops a frame replaced by a zero-width frame of the same name, depth and end, as flamegraph.pl loses it', () => {
		// "p;X.a 0" splits X; the second X opens and closes at 3, where the first X ended.
		const flow = sortedDiffFlow([
			['p;X', [3, 3]],
			['p;X.a', [1, 0]],
			['p;X;b', [1, 0]],
			['q', [1, 1]],
		]);
		expect(described(flow).filter(f => / X /.test(f))).toEqual(['2 X 3-3']);
		expect(described(flow, 0.5).filter(f => / X /.test(f))).toEqual([]);
		expect(described(flow, 0.5).map(f => f.split(' ')[1])).toContain('p');
	});
});

describe('flow against a plain rendering of flamegraph.pl\'s merge', () => {
	/** flamegraph.pl's flow(), on arrays of frame names: what flowFrames must equal. */
	function plainFlow(stacks: readonly string[], counts: ArrayLike<number>): string[] {
		const frames: string[] = [];
		const starts: number[] = [];
		let last: string[] = [];
		let time = 0;
		const close = (to: number) => {
			for (let i = last.length - 1; i >= to; i--) frames.push(`${i} ${i === 0 ? 'all' : last[i]} ${starts[i]}-${time}`);
		};
		stacks.forEach((stack, k) => {
			const next = ['', ...(stack === '' ? [] : stack.split(';'))];
			let same = 0;
			while (same < last.length && same < next.length && last[same] === next[same]) same++;
			close(same);
			for (let i = same; i < next.length; i++) starts[i] = time;
			time += counts[k]!;
			last = next;
		});
		close(0);
		return frames.sort();
	}

	it('draws the same frames for deep stacks that share long prefixes, and for short ones', () => {
		let seed = 11;
		const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
		const long = 'x'.repeat(300);
		const names = ['a', 'b', 'b.x', 'b x', `${long}1`, `${long}2`, 'c;'.slice(0, 1), 'd'];
		for (const depth of [3, 40]) {
			const lines = new Map<string, number>();
			for (let i = 0; i < 400; i++) {
				const frames = Array.from({length: 1 + Math.floor(next() * depth)}, () => names[Math.floor(next() * names.length)]!);
				lines.set(frames.join(';'), 1 + Math.floor(next() * 9));
			}
			const flow = sortedFlow(lines);
			expect(described(flow).sort()).toEqual(plainFlow(flow.stacks, flow.counts));
		}
	});
});
