import {describe, expect, it} from 'vitest';
import {parseSlowIo} from '../../source/models/bio-slow.js';

const line = (fields: string[]): string => `${fields.join('\t')}\n`;
const good = ['slow', '22:35:43.313169', '266338304', '0', '173551360', '4096', '1511', '23', 'RA', '18498', 'node'];

describe('parseSlowIo', () => {
	it('reads a slow I/O line as biolatency.bt prints it', () => {
		expect(parseSlowIo(line(good))).toEqual({
			time: '22:35:43.313169',
			dev: '254:0',
			part: null,
			sector: 173551360,
			bytes: 4096,
			us: 1511,
			queueUs: 23,
			rwbs: 'RA',
			direction: 'read',
			pid: 18498,
			comm: 'node',
		});
	});

	it('names the partition, takes -1 as "not inserted" and keeps tabs and commas of the comm', () => {
		const s = parseSlowIo(line(['slow', '01:02:03.000004', '7340032', '271581184', '8', '512', '70000', '-1', 'FWS', '1', 'a,b', 'c']));
		expect(s).toMatchObject({dev: '7:0', part: '259:0', queueUs: null, direction: 'write', comm: 'a,b\tc'});
	});

	it('refuses malformed lines instead of guessing', () => {
		const bad = (i: number, v: string): string[] => good.map((f, j) => (j === i ? v : f));
		expect(parseSlowIo('hello')).toBeNull();
		expect(parseSlowIo(line(good.slice(0, 10)))).toBeNull();
		expect(parseSlowIo(line(bad(0, 'fast')))).toBeNull();
		expect(parseSlowIo(line(bad(1, '22:35:43')))).toBeNull();
		expect(parseSlowIo(line(bad(2, '-5')))).toBeNull();
		expect(parseSlowIo(line(bad(2, '99999999999')))).toBeNull();
		expect(parseSlowIo(line(bad(4, '1e5')))).toBeNull();
		expect(parseSlowIo(line(bad(6, '')))).toBeNull();
		expect(parseSlowIo(line(bad(7, '-2')))).toBeNull();
		expect(parseSlowIo(line(bad(8, 'r\u001b')))).toBeNull();
		expect(parseSlowIo(line(bad(9, '99999999999999999999')))).toBeNull();
	});

	it('bounds the comm', () => {
		expect(parseSlowIo(line([...good.slice(0, 10), 'x'.repeat(500)]))!.comm).toHaveLength(64);
	});
});
