/**
 * A recording made before collector kinds, host facts and pane options (by tracetop at
 * commit 820d273, `tracetop record -d 6`) still replays, to exactly the snapshots that
 * code printed for it. No root needed: replay runs no collector.
 */
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import {gunzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {cliPath, repoRoot} from '../support/requirements.js';

const run = promisify(execFile);
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'recordings');
const recording = path.join(fixtures, 'before-contract.jsonl.gz');
const expected = (name: string) => gunzipSync(fs.readFileSync(path.join(fixtures, name))).toString('utf8');

describe('a recording made before the contract change', () => {
	it('gives the same snapshot --json as the code that recorded it (fields added since may be there too)', async () => {
		const {stdout} = await run('node', [cliPath, 'snapshot', '--json', '--replay', recording], {maxBuffer: 64 * 1024 * 1024});
		const doc = JSON.parse(stdout) as {profile: {dropped: number}};
		expect(doc).toMatchObject(JSON.parse(expected('before-contract.snapshot.json.gz')));
		// The dropped-samples count came later; this recording has no @samples to count from.
		expect(doc.profile.dropped).toBe(0);
	});

	it('gives the same snapshot text', async () => {
		const {stdout} = await run('node', [cliPath, 'snapshot', '--replay', recording], {maxBuffer: 64 * 1024 * 1024});
		const before = expected('before-contract.snapshot.txt.gz');
		// Panes added since then have nothing in this recording and say so in one line each.
		const withoutAdded = stdout.replace(/\n\n[^\n]+: no data(?=\n)/g, part => (before.includes(part) ? part : ''));
		expect(withoutAdded).toBe(before);
	});
});
