/**
 * The suite stands alone: a fresh clone passes with nothing beside it, so no test reads
 * ../shared (its fixtures are copied into test/fixtures) or a path outside the
 * repository, but for peer tools, which skip with the reason when absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {repoRoot} from '../support/requirements.js';

function files(dir: string): string[] {
	return fs.readdirSync(path.join(repoRoot, dir), {withFileTypes: true}).flatMap(e => {
		const rel = path.join(dir, e.name);
		if (e.isDirectory()) return rel === 'test/fixtures' ? [] : files(rel);
		return /\.tsx?$/.test(e.name) ? [rel] : [];
	});
}

/** Peer tools outside the repository that a test may look for (and skip without). */
const PEERS = ['/work/peers/FlameGraph', '/usr/sbin/runqlat.bt'];

describe('the test suite', () => {
	it('reads nothing from ../shared nor from /work outside its peers', () => {
		const offending: string[] = [];
		// This file names what it looks for.
		for (const file of files('test').filter(f => f !== 'test/unit/standalone-suite.test.ts')) {
			const text = fs.readFileSync(path.join(repoRoot, file), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '');
			if (/\.\.\/shared|['"]\.\.['"],\s*['"]shared['"]/.test(text)) offending.push(`${file}: ../shared`);
			for (const m of text.matchAll(/['"`](\/work\/[^'"`]*)/g)) if (!PEERS.some(p => m[1]!.startsWith(p))) offending.push(`${file}: ${m[1]}`);
		}
		expect(offending).toEqual([]);
	});

	it('has the newer bpftrace JSON shapes and the perf-script capture in test/fixtures', () => {
		expect(fs.readdirSync(path.join(repoRoot, 'test/fixtures/bpftrace-json')).length).toBeGreaterThan(10);
		expect(fs.existsSync(path.join(repoRoot, 'test/fixtures/perf-script/example-perf-stacks.txt.gz'))).toBe(true);
	});
});
