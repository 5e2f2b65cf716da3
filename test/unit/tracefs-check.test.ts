import {describe, expect, it} from 'vitest';
import {checkTracefs, tracefsMounts} from '../../source/system-checks.js';

const MOUNTS = 'sysfs /sys sysfs rw 0 0\nnodev /sys/kernel/tracing tracefs rw,relatime 0 0\n';

describe('the tracefs check', () => {
	it('finds tracefs in the mount table, or under a mounted debugfs', () => {
		expect(tracefsMounts(MOUNTS)).toEqual(['/sys/kernel/tracing']);
		expect(tracefsMounts('debugfs /sys/kernel/debug debugfs rw 0 0\n')).toEqual(['/sys/kernel/debug/tracing']);
		expect(tracefsMounts('')).toEqual([]);
	});

	it('tells "mounted but not readable" (not root) from "not mounted"', () => {
		expect(checkTracefs({dir: '/sys/kernel/tracing', mounted: []})).toMatchObject({ok: true, detail: 'mounted at /sys/kernel/tracing'});
		const unreadable = checkTracefs({mounted: ['/sys/kernel/tracing']});
		expect(unreadable).toMatchObject({ok: false, detail: expect.stringMatching(/^mounted at \/sys\/kernel\/tracing, but not readable by uid \d+$/)});
		expect(unreadable.fix).toMatch(/sudo/);
		expect(checkTracefs({mounted: []})).toMatchObject({ok: false, detail: 'not mounted', fix: expect.stringMatching(/mount -t tracefs/)});
	});
});
