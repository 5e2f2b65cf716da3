/**
 * The package's root folder, found from this file whether it runs as TypeScript (tests)
 * or compiled under dist/: scripts and the bundled recording live there, not in dist/.
 */
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
	if (root) return root;
	let dir = path.dirname(fileURLToPath(import.meta.url));
	while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
	root = dir;
	return dir;
}

export const demoRecordingPath = (): string => path.join(packageRoot(), 'recordings', 'demo.jsonl.gz');
