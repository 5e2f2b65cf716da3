/**
 * A stack line of `perf script` output to the frame names stackcollapse-perf.pl gives
 * it: `+0x..` offsets stripped, `a->b` inline chains unfolded, `[unknown]` replaced by
 * the module where perf knows it, argument lists and quotes tidied away, Java's
 * `Lpkg/Class;` names shortened, and the annotations of `--kernel`, `--jit` and
 * `--addrs`. The perl script's regular expressions are hand-written scans here that find
 * the same match (the comments give the expression); strings are one character per byte.
 */
import {isDigit, isSpace} from './perf-header.js';

const isWord = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isLowerHex = (c: number): boolean => isDigit(c) || (c >= 97 && c <= 102);

export interface StackLine {
	/** The address as perf printed it (hex without 0x). */
	pc: string;
	/** The symbol with its offset, as printed: `native_safe_halt+0x1b`. */
	symbol: string;
	module: string;
}

/**
 * `^\s*(\w+)\s*(.+) \((.*)\)`, as in `\tffffffff8103ce3b native_safe_halt+0x1b
 * ([kernel.kallsyms])`. The module is inside the last ` (` that has a `)` after it, up to
 * the line's last `)`.
 */
export function stackLine(line: string): StackLine | undefined {
	const n = line.length;
	let start = 0;
	while (start < n && isSpace(line.charCodeAt(start))) start++;
	let word = start;
	while (word < n && isWord(line.charCodeAt(word))) word++;
	if (word === start) return undefined;
	let symbolStart = word;
	while (symbolStart < n && isSpace(line.charCodeAt(symbolStart))) symbolStart++;
	const close = line.lastIndexOf(')');
	if (close < 2) return undefined;
	const open = line.lastIndexOf(' (', close - 2);
	// The address needs a character and the symbol another: when the symbol would be
	// empty, perl backtracks and takes it from the spaces, or out of the address.
	if (open < start + 2) return undefined;
	const pcEnd = symbolStart <= open - 1 || word < open ? word : open - 1;
	return {pc: line.slice(start, pcEnd), symbol: line.slice(Math.min(symbolStart, open - 1), open), module: line.slice(open + 2, close)};
}

/** Without a trailing `+0x1b` (perf prints offsets since Linux 4.8): `\+0x[\da-f]+$`. */
export function withoutOffset(symbol: string): string {
	let hex = symbol.length;
	while (hex > 0 && isLowerHex(symbol.charCodeAt(hex - 1))) hex--;
	return hex < symbol.length && hex >= 3 && symbol.startsWith('+0x', hex - 3) ? symbol.slice(0, hex - 3) : symbol;
}

/** Go method names such as `net/http.(*Client).Do` keep their parentheses: `\.\(.*\)\.`. */
function isGoMethod(name: string): boolean {
	const open = name.indexOf('.(');
	return open >= 0 && name.lastIndexOf(').') >= open + 2;
}

/**
 * stackcollapse-perf.pl's tidying of a function name, shared by every importer so the
 * same function gets the same frame name whatever recorded it: `;` would split the
 * frame, an argument list is noise (but not a C++ `(anonymous namespace)`), quotes go,
 * and in Java processes `Lorg/pkg/Class;.method(...)` becomes `org/pkg/Class:.method`.
 */
export function tidyFunctionName(name: string, javaProcess: boolean): string {
	let func = name.includes(';') ? name.replaceAll(';', ':') : name;
	if (func.includes('(') && !isGoMethod(func)) {
		let open = func.indexOf('(');
		while (open >= 0 && func.startsWith('anonymous namespace)', open + 1)) open = func.indexOf('(', open + 1);
		if (open >= 0) func = func.slice(0, open);
	}
	if (func.includes('"') || func.includes("'")) func = func.replace(/["']/g, '');
	if (javaProcess && func.charCodeAt(0) === 76 /* L */ && func.includes('/')) func = func.slice(1);
	return func;
}

/** perl's `split /->/`: empty fields at the end are dropped, at the start kept. */
function inlineChain(symbol: string): string[] {
	if (!symbol.includes('->')) return symbol === '' ? [] : [symbol];
	const parts = symbol.split('->');
	while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
	return parts;
}

export interface FrameRules {
	/** `--kernel`: `_[k]` on kernel frames. */
	kernel?: boolean;
	/** `--jit`: `_[j]` on frames of perf map files (JIT compilers). */
	jit?: boolean;
	/** `--addrs`: `[module <address>]` where a symbol is unknown. */
	addrs?: boolean;
}

// `(^\[|vmlinux$)` and not `unknown`; `/tmp/perf-\d+\.map`.
const isKernelModule = (module: string): boolean => (module.startsWith('[') || module.endsWith('vmlinux')) && !module.includes('unknown');
const JIT_MODULE = /\/tmp\/perf-\d+\.map/;

export interface LineFrames {
	/** Frame names in the line's order: the outer function first, then what is inlined into it. */
	names: string[];
	/**
	 * With `--srcline`, how many of them take the source line that follows: all but
	 * those from the first `[unknown]` of an unknown module on.
	 */
	sourced: number;
}

/** A stack line's frames (none for a symbol in parentheses, which is a process name). */
export function lineFrames(line: StackLine, rules: FrameRules, javaProcess: boolean): LineFrames {
	const chain = inlineChain(withoutOffset(line.symbol));
	const names: string[] = [];
	let sourced = 0;
	if (chain[0]?.charCodeAt(0) === 40 /* ( */) return {names, sourced};
	let unknown = false;
	for (const [i, part] of chain.entries()) {
		let name = part;
		if (name === '[unknown]') {
			const module = line.module === '[unknown]' ? 'unknown' : line.module.slice(line.module.lastIndexOf('/') + 1);
			unknown ||= line.module === '[unknown]';
			name = rules.addrs ? `[${module} <${line.pc}>]` : `[${module}]`;
		}
		name = tidyFunctionName(name, javaProcess);
		if (i > 0) {
			if (!name.includes('_[i]')) name += '_[i]';
		} else if (rules.kernel && isKernelModule(line.module)) {
			name += '_[k]';
		} else if (rules.jit && JIT_MODULE.test(line.module) && !name.includes('_[j]')) {
			name += '_[j]';
		}
		if (!unknown) sourced++;
		names.push(name);
	}
	return {names, sourced};
}

/** A `perf script -F+srcline` source line as the perl script appends it: `[...]` parts and outer spaces removed. */
export function sourceLineText(line: string): string {
	let text = line.includes('[') ? line.replace(/\[[^\n]*?\]/g, '') : line;
	let start = 0;
	let end = text.length;
	while (start < end && isSpace(text.charCodeAt(start))) start++;
	while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
	if (start > 0 || end < text.length) text = text.slice(start, end);
	return text;
}

/** Modules `--inline` asks addr2line about: not JIT maps, the kernel or `[vdso]`-like names. */
export const inlineCandidate = (module: string): boolean => !/perf-\d+[^\n]map|kernel\.|\[[^\]]+\]/.test(module);
