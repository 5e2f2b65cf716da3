/**
 * Reads stacks from a file (or stdin as '-'), gzip or not, in any format tracetop
 * imports (perf script, bpftrace stack maps, folded), as folded stacks.
 */
import fs from 'node:fs';
import {gunzipSync} from 'node:zlib';
import {StartError} from '../commands/open-session.js';
import {parseFolded, type FoldedStacks} from '../models/folded-stacks.js';
import type {InputFormat} from '../options.js';
import {collapseBpftraceStacks} from './bpftrace-stacks.js';
import {detectInputFormat} from './detect-format.js';
import {collapsePerfScript} from './perf-script.js';

const GZIP_MAGIC = [0x1f, 0x8b];

export function readStackText(file: string): string {
	let bytes: Buffer;
	try {
		bytes = fs.readFileSync(file === '-' ? 0 : file);
	} catch (error) {
		throw new StartError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
	}
	const gzipped = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
	return (gzipped ? gunzipSync(bytes) : bytes).toString('utf8');
}

export function collapseText(text: string, format: InputFormat): FoldedStacks {
	switch (format) {
		case 'perf':
			return collapsePerfScript(text.split('\n'));
		case 'bpftrace':
			return collapseBpftraceStacks(text);
		case 'folded':
			return parseFolded(text).stacks;
	}
}

export function readStackFile(file: string, format?: InputFormat): {stacks: FoldedStacks; format: InputFormat} {
	const text = readStackText(file);
	const used = format ?? detectInputFormat(text.slice(0, 64 * 1024));
	const stacks = collapseText(text, used);
	if (stacks.size === 0) throw new StartError(`${file}: no stacks found (read as ${used}; --input-format chooses another)`);
	return {stacks, format: used};
}
