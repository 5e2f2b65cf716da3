/** Host facts and load from readings: they come from recordings too, so they are untrusted. */
import {describe, expect, it} from 'vitest';
import {deviceName, parseHostFacts, unknownHost} from '../../source/models/host-facts.js';
import {parseHostLoad} from '../../source/models/host-load.js';

describe('parseHostFacts', () => {
	const good = {
		arch: 'aarch64',
		cpus: 64,
		blockDevices: {'8:0': {name: 'sda', disk: 'sda'}, '8:1': {name: 'sda1', disk: 'sda'}, '259:0': {name: 'nvme0n1'}},
		netInterfaces: {eth0: {speedMbps: 25000, virtual: false}, lo: {speedMbps: -1, virtual: true}},
	};

	it('keeps well-formed facts; a device without a disk is its own disk; unknown speed is null', () => {
		expect(parseHostFacts(good)).toEqual({
			arch: 'aarch64',
			cpus: 64,
			blockDevices: {'8:0': {name: 'sda', disk: 'sda'}, '8:1': {name: 'sda1', disk: 'sda'}, '259:0': {name: 'nvme0n1', disk: 'nvme0n1'}},
			netInterfaces: {eth0: {speedMbps: 25000, virtual: false}, lo: {speedMbps: null, virtual: true}},
		});
	});

	it('leaves out what is malformed instead of failing', () => {
		expect(parseHostFacts(null)).toEqual(unknownHost);
		expect(parseHostFacts([1, 2])).toEqual(unknownHost);
		const facts = parseHostFacts({
			arch: 'x'.repeat(1000),
			cpus: -3,
			blockDevices: {'not-a-number': {name: 'sdz'}, '8:16': {name: 42}, '8:32': 'sdc', '8:48': {name: 'sdd', disk: 'sdd'}},
			netInterfaces: {eth1: 'fast', ['y'.repeat(100)]: {speedMbps: 1}},
		});
		expect(facts).toEqual({arch: 'unknown', cpus: 0, blockDevices: {'8:48': {name: 'sdd', disk: 'sdd'}}, netInterfaces: {}});
	});

	it('holds a bounded number of devices, whatever the recording claims', () => {
		const many = Object.fromEntries(Array.from({length: 10_000}, (_, i) => [`8:${i}`, {name: `d${i}`}]));
		expect(Object.keys(parseHostFacts({blockDevices: many}).blockDevices)).toHaveLength(4096);
	});

	it('names a device by its number, or keeps the number when the host did not say', () => {
		const facts = parseHostFacts(good);
		expect(deviceName(facts, '8:1')).toBe('sda1');
		expect(deviceName(facts, '9:9')).toBe('9:9');
	});
});

describe('parseHostLoad', () => {
	it('takes three load averages and the uptime', () => {
		expect(parseHostLoad({load: [1, 2.5, 3], uptimeSec: 60})).toEqual({load: [1, 2.5, 3], uptimeSec: 60});
	});

	it('refuses anything else', () => {
		for (const bad of [null, 'x', {load: [1, 2], uptimeSec: 1}, {load: [1, 2, 'x'], uptimeSec: 1}, {load: [1, 2, 3]}, {load: [1, 2, 3], uptimeSec: -1}]) {
			expect(parseHostLoad(bad), JSON.stringify(bad)).toBeUndefined();
		}
	});
});
