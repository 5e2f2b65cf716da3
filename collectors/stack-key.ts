/**
 * The key of a bpftrace stack map printed with `-f json`: bpftrace 0.17 joins the parts
 * of `@m[kstack(perf), ustack(perf), comm, pid]` into one string. A stack part is ""
 * (no stack) or starts and ends with "\n" and holds one "\tADDR symbol+off (module)"
 * line per frame, leaf first. Symbols can contain commas (C++ signatures), so parts are
 * found by their newlines, not by splitting on commas.
 */

export interface StackFrame {
	/** Symbol without its offset; '[unknown]' where bpftrace could not resolve it. */
	symbol: string;
	/** Module basename for user frames ('' when not given). */
	module: string;
}

export interface StackKey {
	/** Leaf first, as bpftrace prints them. */
	kernel: StackFrame[];
	user: StackFrame[];
	comm: string;
	pid: number;
}

const OFFSET = /\+(?:0x[0-9a-f]+|\d+)$/;
const HEX = /^[0-9a-f]+$/;
const RAW_ADDRESS = /^0x([0-9a-f]+)$/;

/** One frame line taken apart; shared by the live profile and `tracetop collapse`. */
export interface FrameLine {
	/** Hex digits of the frame's address, when the line shows one. */
	address?: string;
	/** Symbol without its offset; '' where bpftrace printed no symbol, only an address. */
	symbol: string;
	/** Module as printed (a path, '[unknown]' or ''). */
	module: string;
}

/** "\tADDR symbol+off (module)" (perf mode), "symbol+off" or "0xADDR" (default mode). */
export function splitFrameLine(line: string): FrameLine {
	let text = line.trim();
	let address: string | undefined;
	const space = text.indexOf(' ');
	// perf mode puts the address first; default mode starts with the symbol.
	if (space > 0 && HEX.test(text.slice(0, space))) {
		address = text.slice(0, space);
		text = text.slice(space + 1);
	}
	let module = '';
	const open = text.endsWith(')') ? text.lastIndexOf(' (') : -1;
	if (open >= 0) {
		module = text.slice(open + 2, -1);
		text = text.slice(0, open);
	}
	const raw = RAW_ADDRESS.exec(text);
	if (raw || text === '[unknown]') return {address: address ?? raw?.[1], symbol: '', module};
	return {address, symbol: text.replace(OFFSET, ''), module};
}

export function parseFrame(line: string): StackFrame {
	const {symbol, module} = splitFrameLine(line);
	const base = module === '[unknown]' ? '' : module.slice(module.lastIndexOf('/') + 1);
	return {symbol: symbol === '' ? '[unknown]' : symbol, module: base};
}

const frames = (part: string): StackFrame[] =>
	part
		.split('\n')
		.filter(line => line.trim() !== '')
		.map(parseFrame);

/** Take one stack part off the front of `rest`: "" or "\n…\n", then the joining comma. */
function takeStack(rest: string): [string, string] {
	if (!rest.startsWith('\n')) return ['', rest.startsWith(',') ? rest.slice(1) : rest];
	const end = rest.indexOf('\n,');
	if (end < 0) return [rest, ''];
	return [rest.slice(0, end + 1), rest.slice(end + 2)];
}

export function parseStackKey(key: string): StackKey {
	const [kernelPart, afterKernel] = takeStack(key);
	const [userPart, tail] = takeStack(afterKernel);
	const comma = tail.lastIndexOf(',');
	const pid = Number(tail.slice(comma + 1));
	return {
		kernel: frames(kernelPart),
		user: frames(userPart),
		comm: comma >= 0 ? tail.slice(0, comma) : tail,
		pid: Number.isInteger(pid) ? pid : 0,
	};
}
