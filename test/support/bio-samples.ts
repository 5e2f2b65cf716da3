/** Block I/O samples from the recorded biolatency fixtures, for component and CLI tests. */
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseBpftraceLine} from '../../collectors/bpftrace-json.js';
import {accumulateBio, beginBio, finishBio, type BioSample} from '../../source/models/bio.js';
import type {BlockDeviceNames} from '../../source/models/block-device.js';

export const bioFixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'bpftrace-0.17');

export const fixtureHost = (): BlockDeviceNames =>
	(JSON.parse(fs.readFileSync(path.join(bioFixtures, 'biolatency-hostfacts.json'), 'utf8')) as {data: BlockDeviceNames}).data;

/** One sample per interval of a recorded biolatency fixture. */
export function bioSamples(name: string, host: BlockDeviceNames = fixtureHost()): BioSample[] {
	const samples: BioSample[] = [];
	let acc = beginBio();
	for (const line of fs.readFileSync(path.join(bioFixtures, name), 'utf8').split('\n')) {
		const parsed = parseBpftraceLine(line);
		if (!parsed.ok) continue;
		for (const record of parsed.records) {
			acc = accumulateBio(acc, record);
			if (record.type === 'time') {
				samples.push(finishBio(acc, (samples.length + 1) * 1000, {intervalSec: 1, host}));
				acc = beginBio();
			}
		}
	}
	return samples;
}
