import {describe, expect, it} from 'vitest';
import {parseFrame, parseStackKey} from '../../collectors/stack-key.js';

describe('parseFrame', () => {
	it.each([
		['\tffffffff821f4dab pv_native_safe_halt+11', {symbol: 'pv_native_safe_halt', module: ''}],
		['\t7f68b1b670d6 __strpbrk_sse42+22 (/usr/lib/x86_64-linux-gnu/libc.so.6)', {symbol: '__strpbrk_sse42', module: 'libc.so.6'}],
		['\t55dffa56df2a 0x55dffa56df2a ([unknown])', {symbol: '[unknown]', module: ''}],
		['\t151c77b v8::internal::Runtime_DateCurrentTime(int, unsigned long*, v8::internal::Isolate*)+43 (/usr/bin/node)', {symbol: 'v8::internal::Runtime_DateCurrentTime(int, unsigned long*, v8::internal::Isolate*)', module: 'node'}],
		['    finish_task_switch.isra.0+147', {symbol: 'finish_task_switch.isra.0', module: ''}],
		['    do_sys_open+0x1b', {symbol: 'do_sys_open', module: ''}],
		['    0x7fd75831184f', {symbol: '[unknown]', module: ''}],
	])('%j', (line, frame) => {
		expect(parseFrame(line)).toEqual(frame);
	});
});

describe('parseStackKey', () => {
	it('splits kernel stack, user stack, comm and pid of a 0.17 joined key', () => {
		const key =
			'\n\tffffffff816a748c damon_pa_batch_lock+60\n\tffffffff8138bbe8 kthread+248\n,\n\t7f11 __GI___write+79 (/usr/lib/libc.so.6)\n\t401136 main+22 (/tmp/a.out)\n,my,comm,77';
		expect(parseStackKey(key)).toEqual({
			kernel: [
				{symbol: 'damon_pa_batch_lock', module: ''},
				{symbol: 'kthread', module: ''},
			],
			user: [
				{symbol: '__GI___write', module: 'libc.so.6'},
				{symbol: 'main', module: 'a.out'},
			],
			comm: 'my,comm',
			pid: 77,
		});
	});

	it('handles an empty kernel stack and an empty user stack', () => {
		expect(parseStackKey(',\n\t55df 0x55df ([unknown])\n,sh,20582')).toMatchObject({kernel: [], user: [{symbol: '[unknown]'}], comm: 'sh', pid: 20582});
		expect(parseStackKey('\n\tffffffff821f4dab pv_native_safe_halt+11\n,,swapper/0,0')).toMatchObject({
			kernel: [{symbol: 'pv_native_safe_halt'}],
			user: [],
			comm: 'swapper/0',
			pid: 0,
		});
	});

	it('keeps commas inside symbols', () => {
		const key = ',\n\t151c77b f(int, long)+43 (/usr/bin/node)\n\t18ce0dc g(a, b, c)+9 (/usr/bin/node)\n,node,9';
		expect(parseStackKey(key).user.map(f => f.symbol)).toEqual(['f(int, long)', 'g(a, b, c)']);
	});
});

describe('symbols that look like hex', () => {
	it.each(['add+12', 'feed', '\tffffffff81000000 dec+4', '\t401136 face+2 (/tmp/a.out)'])('keeps %j a named frame', line => {
		expect(parseFrame(line).symbol).toMatch(/^(add|feed|dec|face)$/);
	});
});
