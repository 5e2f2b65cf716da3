/**
 * bpftrace stack maps (`@[kstack] = count()`, `@[kstack, ustack, comm]`,
 * `@[kstack(perf), ustack(perf), comm, pid]`, …) to folded stacks, from its text output
 * or from `-f json`.
 *
 * Both print a map key's parts joined by a separator (", " in text, "," in JSON). A stack
 * part is "\n", one indented line per frame (leaf first), "\n"; an empty stack is "".
 * Frames are `sym+off`, or a raw `0x7f…` where bpftrace could not symbolise; perf mode
 * prints `ADDR sym+off (module)`. Scalar parts (comm, pid) print as they are, and a comm
 * may itself contain the separator, so stacks are found first and the scalars between
 * them are read as runs.
 *
 * Which stack part is the kernel's is not printed. It is worked out per map, as the map's
 * key layout is fixed: from the addresses of its frames (kernel space starts at
 * 0xffff800000000000), else from kernel entry points at its root, else from bpftrace's own
 * order `kstack, ustack`. Kernel frames get `_[k]`, and fold on the leaf side of user frames.
 */
import {kernelFrame, type FoldedStacks} from '../models/folded-stacks.js';
import {splitFrameLine} from '../../collectors/stack-key.js';
import {tidyFunctionName} from './perf-script.js';
import {foldedStack} from '../safety/folded-name.js';

interface Entry {
	/** Key parts: a stack's frame lines (leaf first), or a scalar ('' for an empty part). */
	parts: Array<string | string[]>;
	count: number;
}

interface StackMap {
	separator: string;
	entries: Entry[];
}

const isIndented = (line: string): boolean => line.startsWith(' ') || line.startsWith('\t');

/** Splits a printed key into its parts; scalars that contained the separator come out split. */
function keyParts(key: string, separator: string): Array<string | string[]> {
	const stacks: string[][] = [];
	// Stacks are swapped for "\n" (no scalar holds one) so the separator can split the rest.
	let scalars = '';
	let open: string[] | undefined;
	for (const [i, line] of key.split('\n').entries()) {
		if (i > 0 && isIndented(line)) {
			if (!open) stacks.push((open = []));
			open.push(line.trim());
			continue;
		}
		if (i > 0) {
			if (!open) stacks.push([]);
			scalars += '\n';
		}
		open = undefined;
		scalars += line;
	}
	if (open) scalars += '\n';
	let next = 0;
	return scalars.split(separator).map(part => (part === '\n' ? (stacks[next++] ?? []) : part));
}

const TEXT_ENTRY_START = /^@\w*\[/;
const TEXT_ENTRY_END = /\]: (-?\d+)$/;

/** Text output: `@name[key]: count`, keys spanning lines when they hold stacks. */
function textMaps(text: string): Map<string, StackMap> {
	const maps = new Map<string, StackMap>();
	let name = '';
	let key: string | undefined;
	for (const line of text.split('\n')) {
		if (key !== undefined) {
			const end = isIndented(line) ? null : TEXT_ENTRY_END.exec(line);
			if (end) {
				addEntry(maps, name, ', ', key + '\n' + line.slice(0, end.index), Number(end[1]));
				key = undefined;
				continue;
			}
			// Frames, or the separator between two stacks.
			if (isIndented(line) || line.startsWith(',')) {
				key += '\n' + line;
				continue;
			}
			key = undefined;
		}
		const start = TEXT_ENTRY_START.exec(line);
		if (!start) continue;
		name = start[0].slice(0, -1);
		const rest = line.slice(start[0].length);
		const end = TEXT_ENTRY_END.exec(rest);
		if (end) addEntry(maps, name, ', ', rest.slice(0, end.index), Number(end[1]));
		else key = rest;
	}
	return maps;
}

/** `-f json`: one object per line; `{"type": "map", "data": {"@name": {key: count}}}`. */
function jsonMaps(text: string): Map<string, StackMap> {
	const maps = new Map<string, StackMap>();
	for (const line of text.split('\n')) {
		if (!line.trimStart().startsWith('{')) continue;
		let record: {type?: unknown; data?: unknown};
		try {
			record = JSON.parse(line) as typeof record;
		} catch {
			continue;
		}
		if (record.type !== 'map' || typeof record.data !== 'object' || record.data === null) continue;
		for (const [name, values] of Object.entries(record.data)) {
			if (typeof values !== 'object' || values === null || Array.isArray(values)) continue;
			for (const [key, count] of Object.entries(values as Record<string, unknown>)) {
				if (typeof count === 'number') addEntry(maps, name, ',', key, count);
			}
		}
	}
	return maps;
}

function addEntry(maps: Map<string, StackMap>, name: string, separator: string, key: string, count: number): void {
	let map = maps.get(name);
	if (!map) maps.set(name, (map = {separator, entries: []}));
	map.entries.push({parts: keyParts(key, separator), count});
}

interface Frame {
	name: string;
	/** Hex digits of the frame's address, when it shows one. */
	address?: string;
}

/** A frame's name as stackcollapse-perf.pl would write it, and its address. */
function parseFrame(line: string, javaProcess: boolean): Frame {
	const {address, symbol, module} = splitFrameLine(line);
	if (symbol === '') {
		// stackcollapse-perf.pl names an unsymbolised frame after its module where known.
		const name = module === '' || module === '[unknown]' ? '[unknown]' : `[${module.slice(module.lastIndexOf('/') + 1)}]`;
		return {name, address};
	}
	return {name: tidyFunctionName(symbol, javaProcess), address};
}

const isKernelAddress = (hex: string): boolean => hex.length === 16 && hex >= 'ffff800000000000';

/** Where kernel stacks start: system calls, interrupts, kernel threads, idle (x86-64, arm64). */
const KERNEL_ENTRY =
	/^(?:entry_SYSCALL_64|ret_from_fork|asm_(?:exc|sysvec|common)_|secondary_startup_64|common_startup_64|x86_64_start_|start_kernel|el0t_|el1h_|__secondary_switched)/;

const isInteger = (text: string): boolean => /^-?\d+$/.test(text.trim());

type Kind = 'kernel' | 'user';

/** Kernel or user for each stack position of a map (undefined where no entry has a stack). */
function stackKinds(entries: readonly Entry[]): Array<Kind | undefined> {
	const votes: Array<{kernel: number; user: number; entryRoot: boolean}> = [];
	for (const {parts} of entries) {
		parts.forEach((part, i) => {
			if (typeof part === 'string' || part.length === 0) return;
			const vote = (votes[i] ??= {kernel: 0, user: 0, entryRoot: false});
			for (const line of part) {
				const {address} = parseFrame(line, false);
				if (address !== undefined) vote[isKernelAddress(address) ? 'kernel' : 'user']++;
			}
			if (KERNEL_ENTRY.test(parseFrame(part[part.length - 1]!, false).name)) vote.entryRoot = true;
		});
	}
	const kinds: Array<Kind | undefined> = votes.map(v =>
		v.kernel > v.user ? 'kernel' : v.user > v.kernel ? 'user' : v.entryRoot ? 'kernel' : undefined,
	);
	const positions = [...votes.keys()].filter(i => votes[i] !== undefined);
	if (positions.length === 2) {
		const [first, second] = positions as [number, number];
		const other = (kind: Kind | undefined): Kind | undefined => (kind === undefined ? undefined : kind === 'kernel' ? 'user' : 'kernel');
		kinds[first] ??= other(kinds[second]) ?? 'kernel';
		kinds[second] ??= other(kinds[first]);
	}
	return kinds;
}

/**
 * Numbers among the scalar parts are PIDs, TIDs or CPUs, not frames. A map's layout is
 * fixed, so the numbers every entry has at the start and at the end are those parts, and
 * a comm that ends in ",1" stays whole.
 */
function numberParts(entries: readonly Entry[]): {leading: number; trailing: number} {
	let leading = Infinity;
	let trailing = Infinity;
	for (const {parts} of entries) {
		const scalars = parts.filter((p): p is string => typeof p === 'string' && p !== '');
		let lead = 0;
		while (lead < scalars.length && isInteger(scalars[lead]!)) lead++;
		let trail = 0;
		while (trail < scalars.length - lead && isInteger(scalars[scalars.length - 1 - trail]!)) trail++;
		leading = Math.min(leading, lead);
		trailing = Math.min(trailing, trail);
	}
	return {leading, trailing};
}

/** The scalar runs of a key, numbers left out, as root frames (e.g. the comm). */
function rootFrames(parts: ReadonlyArray<string | string[]>, separator: string, skip: {leading: number; trailing: number}): string[] {
	const scalarCount = parts.filter(p => typeof p === 'string' && p !== '').length;
	const roots: string[] = [];
	let run: string[] = [];
	let seen = 0;
	const endRun = (): void => {
		if (run.length > 0) roots.push(run.join(separator).replaceAll(' ', '_').replaceAll(';', ':'));
		run = [];
	};
	for (const part of parts) {
		if (typeof part !== 'string' || part === '') {
			endRun();
			continue;
		}
		seen++;
		if (seen > skip.leading && seen <= scalarCount - skip.trailing) run.push(part);
	}
	endRun();
	return roots;
}

function foldMap(map: StackMap, stacks: FoldedStacks): void {
	const kinds = stackKinds(map.entries);
	const skip = numberParts(map.entries);
	for (const {parts, count} of map.entries) {
		const frames = rootFrames(parts, map.separator, skip);
		const javaProcess = frames[0]?.startsWith('java') ?? false;
		// Root first: user stacks, then the kernel stacks they called into.
		for (const kind of ['user', 'kernel'] as const) {
			parts.forEach((part, i) => {
				if (typeof part === 'string' || (kinds[i] ?? 'user') !== kind) return;
				for (let f = part.length - 1; f >= 0; f--) {
					const {name} = parseFrame(part[f]!, javaProcess);
					frames.push(kind === 'kernel' && name !== '[unknown]' ? kernelFrame(name) : name);
				}
			});
		}
		if (frames.length === 0) continue;
		const stack = foldedStack(frames);
		stacks.set(stack, (stacks.get(stack) ?? 0) + count);
	}
}

/** bpftrace output (text or `-f json`) to folded stacks; maps without stacks are left out. */
export function collapseBpftraceStacks(text: string): FoldedStacks {
	const maps = text.trimStart().startsWith('{') ? jsonMaps(text) : textMaps(text);
	const stacks: FoldedStacks = new Map();
	for (const map of maps.values()) {
		if (map.entries.some(e => e.parts.some(p => typeof p !== 'string'))) foldMap(map, stacks);
	}
	return stacks;
}
