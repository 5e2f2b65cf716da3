/**
 * `collapse --inline`: the functions inlined at each address, from binutils' addr2line,
 * as stackcollapse-perf.pl asks for them (`addr2line -a PC -e MODULE -i -f -s -C`, with
 * its fallback through `nm` when addr2line knows nothing about the address). The perl
 * script starts addr2line once per address; here it is started once per module with all
 * of that module's addresses on its standard input, which prints the same.
 *
 * Module paths come from the input and are passed as arguments, never through a shell.
 */
import {StartError} from '../errors.js';
import type {InlineRequest, InlineResolver} from './perf-script.js';

/** What one module's addr2line or nm may print: far more than any binary's symbols. */
const MAX_OUTPUT_BYTES = 1 << 30;

/**
 * The perl script's reading of addr2line's answer for one address (the lines after the
 * address line): function and file:line pairs, innermost first, as `outer;inner`, each
 * with `:file:line` under `--context`; discriminators dropped.
 */
export function inlineChain(answer: string, context: boolean): string {
	const functions: string[] = [];
	let name = '';
	const lines = answer.split('\n');
	if (lines.at(-1) === '') lines.pop();
	for (const raw of lines) {
		const line = raw.replace(/ \(discriminator \S+\)/, '');
		if (name === '') {
			name = line;
		} else {
			functions.unshift(context ? `${name}:${line}` : name);
			name = '';
		}
	}
	return functions.join(';');
}

/** addr2line's answer when it knows nothing about the address. */
const UNKNOWN_ANSWER = /\?\?\n\?\?:0/;
/** `func+0x1f`, the symbol and offset perf printed. */
const SYMBOL_OFFSET = /^([^\n]+)\+0x([0-9a-f]+)$/;

/** Where nm says `func` starts (`^([0-9a-f]+) . func$`, the first such line), or undefined. */
export function symbolStart(nmOutput: string, func: string): bigint | undefined {
	for (const line of nmOutput.split('\n')) {
		const space = line.indexOf(' ');
		if (space <= 0 || line.length !== space + 3 + func.length || line.charCodeAt(space + 2) !== 32 || !line.endsWith(func)) continue;
		const address = line.slice(0, space);
		if (/^[0-9a-f]+$/.test(address)) return BigInt(`0x${address}`);
	}
	return undefined;
}

export interface Tools {
	/** stdout of a program run with `input` on stdin ('' when it fails to run at all). */
	run(program: string, args: readonly string[], input: string): string;
}

/**
 * Runs binutils for real; their complaints (a module that is not there) go to stderr, as
 * the perl script lets them. child_process loads here, only for --inline.
 */
export async function systemTools(): Promise<Tools> {
	const {execFileSync} = await import('node:child_process');
	return {
		run(program, args, input) {
			try {
				return execFileSync(program, args, {input, encoding: 'latin1', maxBuffer: MAX_OUTPUT_BYTES, stdio: ['pipe', 'pipe', 'inherit']});
			} catch (error) {
				const stdout = (error as {stdout?: string}).stdout;
				return typeof stdout === 'string' ? stdout : '';
			}
		},
	};
}

/** An address as addr2line reads it (bfd_scan_vma): the hex digits it starts with, 0x or not, modulo 2^64. */
function scannedAddress(text: string): bigint {
	const digits = /^(?:0[xX])?([0-9a-fA-F]*)/.exec(text)![1]!;
	return BigInt.asUintN(64, BigInt(`0x0${digits}`));
}

/** addr2line's answer for each address in `module` (the lines after the address line). */
function answers(tools: Tools, module: string, addresses: readonly string[]): string[] {
	const output = tools.run('addr2line', ['-a', '-e', module, '-i', '-f', '-s', '-C'], addresses.join('\n') + '\n');
	const wanted = addresses.map(scannedAddress);
	const found = addresses.map(() => '');
	let current = -1;
	for (const line of output.split('\n')) {
		// With -a each answer starts with the address asked about, in hex.
		if (current + 1 < wanted.length && /^0x[0-9a-f]+$/.test(line) && BigInt(line) === wanted[current + 1]) {
			current++;
			continue;
		}
		if (current >= 0) found[current] += line + '\n';
	}
	return found;
}

/** `--inline` lookups by running addr2line (and nm where addr2line knows nothing). */
export function addr2lineResolver(options: {context?: boolean}, tools: Tools): InlineResolver {
	return (requests: readonly InlineRequest[]): string[] => {
		const byModule = new Map<string, number[]>();
		for (const [i, request] of requests.entries()) {
			const list = byModule.get(request.module);
			if (list) list.push(i);
			else byModule.set(request.module, [i]);
		}
		const results: string[] = requests.map(() => '');
		for (const [module, indices] of byModule) {
			const first = answers(
				tools,
				module,
				indices.map(i => requests[i]!.pc),
			);
			const retry: Array<{index: number; address: string}> = [];
			let nmOutput: string | undefined;
			for (const [k, i] of indices.entries()) {
				const answer = first[k]!;
				const offset = UNKNOWN_ANSWER.test(answer) ? SYMBOL_OFFSET.exec(requests[i]!.symbol) : null;
				if (offset) {
					nmOutput ??= tools.run('nm', ['--', module], '');
					const start = symbolStart(nmOutput, offset[1]!);
					if (start !== undefined) {
						retry.push({index: i, address: (start + BigInt(`0x${offset[2]}`)).toString(16)});
						continue;
					}
				}
				results[i] = inlineChain(answer, Boolean(options.context));
			}
			if (retry.length === 0) continue;
			const second = answers(
				tools,
				module,
				retry.map(r => r.address),
			);
			for (const [k, {index}] of retry.entries()) results[index] = inlineChain(second[k]!, Boolean(options.context));
		}
		return results;
	};
}

/** `--inline` needs addr2line; without it the perl script would silently unfold nothing. */
export function requireAddr2line(tools: Tools): void {
	if (tools.run('addr2line', ['--version'], '') === '') throw new StartError('collapse --inline needs addr2line, from binutils (apt install binutils)');
}
