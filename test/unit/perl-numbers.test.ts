import {describe, expect, it} from 'vitest';
import {ByteWriter} from '../../source/exporters/byte-writer.js';
import {fixed, perlNumber} from '../../source/models/perl-numbers.js';

describe('numbers as the perl scripts print them', () => {
	it('rounds exact ties to even, as printf does (toFixed rounds them up)', () => {
		expect(fixed(0.25, 1)).toBe('0.2');
		expect(fixed(0.75, 1)).toBe('0.8');
		expect(fixed(10.25, 1)).toBe('10.2');
		expect(fixed(2.5, 0)).toBe('2');
		expect(fixed(3.5, 0)).toBe('4');
		expect(fixed(1.125, 2)).toBe('1.12');
		expect(fixed(-0.25, 1)).toBe('-0.2');
		// Not ties: the double below or above the decimal decides, as in C.
		expect(fixed(0.35, 1)).toBe('0.3');
		expect(fixed(1.005, 2)).toBe('1.00');
		expect(fixed(123.456, 2)).toBe('123.46');
	});

	it('prints numbers to 15 significant digits, integers whole', () => {
		expect(perlNumber(0.1 + 0.2)).toBe('0.3');
		expect(perlNumber(350.5)).toBe('350.5');
		expect(perlNumber(2 ** 53)).toBe('9007199254740992');
		expect(perlNumber(685.5)).toBe('685.5');
	});

	it('writes whole numbers with thousands separators, and decimals, digit by digit', () => {
		const out = new ByteWriter();
		for (const n of [0, 999, 1000, 1234567, 2 ** 53]) {
			out.uint(n, true);
			out.text(' ');
		}
		out.decimal(5, 1);
		out.text(' ');
		out.decimal(1234, 2);
		out.text(' ');
		out.decimal(7, 2);
		expect(out.result().toString()).toBe('0 999 1,000 1,234,567 9,007,199,254,740,992 0.5 12.34 0.07');
	});
});
