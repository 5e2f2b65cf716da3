import {describe, expect, it} from 'vitest';
import {blockDeviceName, decodeDevT, deviceKey, parseDeviceKey} from '../../source/models/block-device.js';
import {classifyRwbs} from '../../source/models/rwbs.js';
import {formatBytes} from '../../source/models/format-units.js';

describe('decodeDevT', () => {
	it('splits the kernel dev_t as major << 20 | minor', () => {
		// What block tracepoints reported on this machine for vda (254:0) and loop0p2 (259:1).
		expect(decodeDevT(266338304)).toEqual({major: 254, minor: 0});
		expect(decodeDevT(271581185)).toEqual({major: 259, minor: 1});
		expect(decodeDevT(8 * 2 ** 20 + 17)).toEqual({major: 8, minor: 17});
		expect(decodeDevT(0)).toEqual({major: 0, minor: 0});
		expect(decodeDevT(2 ** 32 - 1)).toEqual({major: 4095, minor: 2 ** 20 - 1});
	});

	it('refuses what is not a u32', () => {
		for (const v of [-1, 2 ** 32, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(decodeDevT(v)).toBeNull();
	});
});

describe('device keys and names', () => {
	const host = {blockDevices: {'254:0': {name: 'vda', disk: 'vda'}, '259:0': {name: 'nvme0n1p1', disk: 'nvme0n1'}}};

	it('writes and reads "major:minor"', () => {
		expect(deviceKey({major: 254, minor: 0})).toBe('254:0');
		expect(parseDeviceKey('259:1')).toEqual({major: 259, minor: 1});
		for (const bad of ['', '8', '8:', ':1', '8:1:2', 'a:b', '8:-1', '99999:0', '8:99999999']) expect(parseDeviceKey(bad)).toBeNull();
	});

	it('names a device from the host facts, or by its number when they lack it', () => {
		expect(blockDeviceName(host, '254:0')).toBe('vda');
		expect(blockDeviceName(host, '259:0')).toBe('nvme0n1p1');
		expect(blockDeviceName(host, '8:0')).toBe('8:0');
	});
});

describe('classifyRwbs', () => {
	it('reads the operation after an optional preflush F', () => {
		const cases: Array<[string, string]> = [
			['R', 'read'], ['RA', 'read'], ['RS', 'read'], ['RM', 'read'], ['RSM', 'read'],
			['W', 'write'], ['WS', 'write'], ['WM', 'write'], ['WFS', 'write'], ['FWS', 'write'], ['FWFS', 'write'],
			['F', 'flush'], ['FF', 'flush'], ['FS', 'flush'], ['FFS', 'flush'],
			['D', 'discard'], ['DS', 'discard'], ['DE', 'discard'], ['FD', 'discard'],
			['N', 'other'], ['FN', 'other'], ['', 'other'], ['X', 'other'], ['?W', 'other'],
		];
		for (const [rwbs, direction] of cases) expect([rwbs, classifyRwbs(rwbs)]).toEqual([rwbs, direction]);
	});
});

describe('formatBytes', () => {
	it('uses binary units', () => {
		expect(formatBytes(0)).toBe('0 B');
		expect(formatBytes(1023)).toBe('1023 B');
		expect(formatBytes(4096)).toBe('4.0 KiB');
		expect(formatBytes(1.5 * 2 ** 20)).toBe('1.5 MiB');
		expect(formatBytes(12 * 2 ** 30)).toBe('12 GiB');
		expect(formatBytes(-1)).toBe('-');
	});
});
