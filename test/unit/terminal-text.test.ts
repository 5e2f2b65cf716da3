import {describe, expect, it} from 'vitest';
import {hasUnsafeText, safeText} from '../../source/safety/terminal-text.js';
import {foreignControls, HOSTILE_SYMBOL, OSC_TITLE} from '../support/hostile.js';

describe('safeText', () => {
	it('shows C0 controls in caret notation, DEL as ^?, C1 as \\xNN', () => {
		expect(safeText(OSC_TITLE)).toBe('^[]2;PWNED^Gx');
		expect(safeText('a\nb\tc\rd\x00e\x7f')).toBe('a^Jb^Ic^Md^@e^?');
		expect(safeText('x\x9b31m')).toBe('x\\x9b31m');
	});

	it('shows bidirectional overrides, which reorder what the operator reads', () => {
		expect(safeText('abc\u202edcb')).toBe('abc<U+202E>dcb');
	});

	it('leaves printable text alone, wide and combining characters included', () => {
		for (const s of ['', 'bash', 'std::vector<int>::push_back(int const&)', 'größe', '进程', 'e\u0301', '▁▂▃']) {
			expect(safeText(s)).toBe(s);
			expect(hasUnsafeText(s)).toBe(false);
		}
	});

	it('leaves no control byte in anything it returns', () => {
		let all = '';
		for (let c = 0; c < 0x100; c++) all += String.fromCharCode(c);
		expect(foreignControls(safeText(all + HOSTILE_SYMBOL))).toEqual([]);
	});
});
