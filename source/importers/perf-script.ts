/**
 * `perf script` text to folded stacks, line for line what Brendan Gregg's
 * stackcollapse-perf.pl prints with its default options: the process name (spaces made
 * underscores) as the root frame, `+0x..` offsets stripped, `a->b` inline chains as
 * `a;b_[i]`, `[unknown]` replaced by `[module]` where perf knows the module, argument
 * lists and quotes tidied away, Java's `Lpkg/Class;` names shortened, and only samples of
 * the first event type kept.
 *
 * The perl script decides all this with regular expressions; here each one is a
 * hand-written scan that finds the same match (comments give the expression), because a
 * few of them backtrack badly on unusual lines and scanning is several times faster.
 * Quirks of the script are kept on purpose, so the two agree on any input: a record only
 * counts once the blank line after it is read (a record cut off at the end is dropped), a
 * header line without a blank line before it keeps the frames read so far, and a sample of
 * another event type leaves the previous sample's state alone.
 *
 * Strings are expected one character per byte (read as latin1), as perl sees them.
 */
import type {FoldedStacks} from '../models/folded-stacks.js';
import {foldedFrame} from '../safety/folded-name.js';

// perl's \s, \d and \w on byte strings.
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isWord = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isLowerHex = (c: number): boolean => isDigit(c) || (c >= 97 && c <= 102);

const SLASH = 47;
const COLON = 58;

/**
 * Where the process name of a sample header ends, or -1 when the line is not a header:
 * `^(\S.+?)\s+(\d+)\/*(\d+)*\s+`, a name of two or more characters followed by the PID
 * or PID/TID, e.g. `java 12688/12764 [002] 6544038.708352: 10309278 cpu-clock:`.
 */
function commEnd(line: string): number {
	const n = line.length;
	if (n === 0 || isSpace(line.charCodeAt(0))) return -1;
	for (let end = 2; end < n; end++) {
		// The shortest name wins; inside a run of spaces only its first one can end it.
		if (!isSpace(line.charCodeAt(end)) || (end > 2 && isSpace(line.charCodeAt(end - 1)))) continue;
		let i = end;
		while (i < n && isSpace(line.charCodeAt(i))) i++;
		const digits = i;
		while (i < n && isDigit(line.charCodeAt(i))) i++;
		if (i === digits) continue;
		if (i < n && line.charCodeAt(i) === SLASH) {
			while (i < n && line.charCodeAt(i) === SLASH) i++;
			while (i < n && isDigit(line.charCodeAt(i))) i++;
		}
		if (i < n && isSpace(line.charCodeAt(i))) return end;
	}
	return -1;
}

interface SampleEvent {
	event: string;
	/** The sample's weight: perf's period, 1 where none is printed (or it is "0"). */
	period: number;
}

/**
 * The event name and period at the end of a header: `:\s*(\d+)*\s+(\S+):\s*$`, as in
 * `... 6544038.708352: 10309278 cpu-clock:` or `... 7628263.042515: cycles: `.
 */
function sampleEvent(line: string): SampleEvent | undefined {
	let colon = line.length - 1;
	while (colon >= 0 && isSpace(line.charCodeAt(colon))) colon--;
	if (colon < 1 || line.charCodeAt(colon) !== COLON) return undefined;
	let space = colon - 1;
	while (space >= 0 && !isSpace(line.charCodeAt(space))) space--;
	if (space < 0 || space === colon - 1) return undefined;
	const event = line.slice(space + 1, colon);
	let before = space;
	while (before >= 0 && isSpace(line.charCodeAt(before))) before--;
	if (before < 0) return undefined;
	if (line.charCodeAt(before) === COLON) return {event, period: 1};
	let digits = before;
	while (digits >= 0 && isDigit(line.charCodeAt(digits))) digits--;
	if (digits === before) return undefined;
	let colonBefore = digits;
	while (colonBefore >= 0 && isSpace(line.charCodeAt(colonBefore))) colonBefore--;
	if (colonBefore < 0 || line.charCodeAt(colonBefore) !== COLON) return undefined;
	const period = line.slice(digits + 1, before + 1);
	// perl treats the string "0" as false and counts such a sample once.
	return {event, period: period === '0' ? 1 : Number(period)};
}

interface FrameLine {
	symbol: string;
	module: string;
}

/**
 * Symbol and module of a stack line: `^\s*(\w+)\s*(.+) \((.*)\)`, as in
 * `\tffffffff8103ce3b native_safe_halt+0x1b ([kernel.kallsyms])`. The module is inside
 * the last ` (` that has a `)` after it, up to the line's last `)`.
 */
function frameLine(line: string): FrameLine | undefined {
	const n = line.length;
	let start = 0;
	while (start < n && isSpace(line.charCodeAt(start))) start++;
	if (start === n || !isWord(line.charCodeAt(start))) return undefined;
	let symbolStart = start;
	while (symbolStart < n && isWord(line.charCodeAt(symbolStart))) symbolStart++;
	while (symbolStart < n && isSpace(line.charCodeAt(symbolStart))) symbolStart++;
	const close = line.lastIndexOf(')');
	if (close < 2) return undefined;
	const open = line.lastIndexOf(' (', close - 2);
	// The address needs a character and the symbol another: when the symbol would be
	// empty, perl backtracks and takes it out of the address instead.
	if (open < start + 2) return undefined;
	return {symbol: line.slice(Math.min(symbolStart, open - 1), open), module: line.slice(open + 2, close)};
}

/** Without a trailing `+0x1b` (perf prints offsets since Linux 4.8): `\+0x[\da-f]+$`. */
function withoutOffset(symbol: string): string {
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

/** A stack line's frames, leaf first, as stackcollapse-perf.pl names them (none for other lines). */
function stackLineFrames(line: string, javaProcess: boolean): string[] {
	const frame = frameLine(line);
	if (!frame) return [];
	const func = withoutOffset(frame.symbol);
	// A symbol in parentheses is a process name, not a function.
	if (func.charCodeAt(0) === 40 /* ( */) return [];
	const chain = inlineChain(func);
	const frames: string[] = [];
	// Leaf first: the chain `outer->inlined` gives inlined, then outer.
	for (let i = chain.length - 1; i >= 0; i--) {
		let name = chain[i]!;
		if (name === '[unknown]') name = frame.module === '[unknown]' ? '[unknown]' : `[${frame.module.slice(frame.module.lastIndexOf('/') + 1)}]`;
		name = tidyFunctionName(name, javaProcess);
		if (i > 0 && !name.includes('_[i]')) name += '_[i]';
		frames.push(name);
	}
	return frames;
}

/**
 * A copy of a string that does not keep alive the whole input chunk it was sliced from
 * (V8 slices share their parent's characters).
 */
const detached = (text: string): string => (' ' + text).slice(1);

/** Samples ending in one frame, and the frames called from it. */
interface StackNode {
	/** Most frames only ever call one other: it is kept outside a Map, which costs more. */
	firstFrame?: string;
	first?: StackNode;
	others?: Map<string, StackNode>;
	/** Summed periods of the samples whose stack ends here; undefined if none does. */
	count?: number;
}

/** The node for `frame` called from `node`; frames are interned, so most checks compare references. */
function calledFrom(node: StackNode, frame: string): StackNode {
	if (node.firstFrame === frame) return node.first!;
	if (!node.first) {
		node.firstFrame = frame;
		return (node.first = {});
	}
	let child = node.others?.get(frame);
	if (!child) (node.others ??= new Map()).set(frame, (child = {}));
	return child;
}

/** A stack line seen before, with its frames; lines with the same hash are chained. */
interface KnownLine {
	line: string;
	frames: string[];
	next: KnownLine | undefined;
}

/**
 * Stack lines repeat: the same address in the same function, sample after sample. Each
 * is parsed once, then recognised by a hash of its length and start (indentation and
 * address, nearly unique) and a comparison with the whole line: several times cheaper
 * than letting a Map hash every whole line.
 */
const HASHED_CHARS = 20;
/** Hot lines show up early; the bound keeps memory and garbage collection small when most lines are new. */
const MAX_KNOWN_LINES = 1 << 16;

/**
 * Feed `perf script` output as chunks of text (`write`, then `end`) or as lines without
 * their newlines (`line`, then `stacks`).
 */
export class PerfScriptCollapser {
	/** Samples as trees of frames under their process names: cheaper than one string per sample. */
	private readonly roots = new Map<string, StackNode>();
	/** Root frame of the sample being read; undefined between samples and for filtered ones. */
	private comm: string | undefined;
	private javaProcess = false;
	private period = 1;
	/** Samples left out because their period is not a whole number below 2^53. */
	badPeriods = 0;
	/** The first event type seen; samples of other types are skipped (mixing them misleads). */
	private keptEvent: string | undefined;
	readonly skippedEvents = new Set<string>();
	/** Frames of the sample being read, one array per stack line, leaf first as perf prints them. */
	private readonly frames: Array<readonly string[]> = [];
	/** Java processes' frames are named differently, so they have their own lines. */
	private readonly knownLines = {plain: new Map<number, KnownLine>(), java: new Map<number, KnownLine>()};
	private knownCount = 0;
	private readonly names = new Map<string, string>();
	/** The start of a line that continues in the next chunk. */
	private partial = '';

	write(chunk: string): void {
		let end = chunk.indexOf('\n');
		if (end < 0) {
			this.partial += chunk;
			return;
		}
		// The line that began in the last chunk is read on its own, so the chunk itself is
		// scanned as one flat string (a concatenation would be slower to read from).
		this.line(this.partial + chunk.slice(0, end));
		let start = end + 1;
		for (end = chunk.indexOf('\n', start); end >= 0; end = chunk.indexOf('\n', start)) {
			this.scan(chunk, start, end);
			start = end + 1;
		}
		this.partial = chunk.slice(start);
	}

	end(): FoldedStacks {
		if (this.partial !== '') this.line(this.partial);
		this.partial = '';
		return this.stacks();
	}

	line(line: string): void {
		this.scan(line, 0, line.length);
	}

	get event(): string | undefined {
		return this.keptEvent;
	}

	stacks(): FoldedStacks {
		const stacks: FoldedStacks = new Map();
		// Iterative: a stack can be tens of thousands of frames deep.
		const pending: Array<[StackNode, string]> = [];
		for (const [comm, node] of this.roots) pending.push([node, foldedFrame(comm)]);
		for (let next = pending.pop(); next; next = pending.pop()) {
			const [node, stack] = next;
			// Distinct paths can print alike (a process name with ';'): their counts add up.
			if (node.count !== undefined) stacks.set(stack, (stacks.get(stack) ?? 0) + node.count);
			if (node.first) pending.push([node.first, stack + ';' + foldedFrame(node.firstFrame!)]);
			for (const [frame, child] of node.others ?? []) pending.push([child, stack + ';' + foldedFrame(frame)]);
		}
		return stacks;
	}

	/** The line text[start, end). */
	private scan(text: string, start: number, end: number): void {
		if (start === end) return this.endSample();
		const first = text.charCodeAt(start);
		if (first === 35 /* # */) return;
		if (!isSpace(first)) {
			const line = text.slice(start, end);
			const nameEnd = commEnd(line);
			if (nameEnd >= 0) return this.startSample(line, nameEnd);
		}
		// Stack lines of skipped samples, and lines stackcollapse-perf.pl warns about, add nothing.
		if (this.comm === undefined) return;
		this.frames.push(this.lineFrames(text, start, end));
	}

	private lineFrames(text: string, start: number, end: number): string[] {
		const known = this.javaProcess ? this.knownLines.java : this.knownLines.plain;
		let hash = end - start;
		for (let i = start, stop = Math.min(end, start + HASHED_CHARS); i < stop; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
		const line = text.slice(start, end);
		for (let entry = known.get(hash); entry; entry = entry.next) if (entry.line === line) return entry.frames;
		const frames = stackLineFrames(line, this.javaProcess).map(name => this.intern(name));
		if (this.knownCount < MAX_KNOWN_LINES) {
			this.knownCount++;
			known.set(hash, {line: detached(line), frames, next: known.get(hash)});
		}
		return frames;
	}

	/** One string per frame name, detached from the input. */
	private intern(name: string): string {
		let interned = this.names.get(name);
		if (interned === undefined) this.names.set((interned = detached(name)), interned);
		return interned;
	}

	private startSample(line: string, commEnd: number): void {
		const sample = sampleEvent(line);
		if (sample) {
			this.keptEvent ??= detached(sample.event);
			if (sample.event !== this.keptEvent) {
				if (!this.skippedEvents.has(sample.event)) this.skippedEvents.add(detached(sample.event));
				return;
			}
		}
		// A period past 2^53 is not a real one (a crafted file): the sample is left out, counted.
		if (sample && !Number.isSafeInteger(sample.period)) {
			this.badPeriods++;
			return;
		}
		this.period = sample?.period ?? 1;
		this.comm = line.slice(0, commEnd).replaceAll(' ', '_');
		this.javaProcess = this.comm.startsWith('java');
	}

	private endSample(): void {
		if (this.comm === undefined) return;
		let node = this.roots.get(this.comm);
		if (!node) this.roots.set(detached(this.comm), (node = {}));
		for (let line = this.frames.length - 1; line >= 0; line--) {
			const frames = this.frames[line]!;
			for (let i = frames.length - 1; i >= 0; i--) node = calledFrom(node, frames[i]!);
		}
		node.count = (node.count ?? 0) + this.period;
		this.frames.length = 0;
		this.comm = undefined;
	}
}

/** `perf script` lines (without newlines) to folded stacks. */
export function collapsePerfScript(lines: Iterable<string>): FoldedStacks {
	const collapser = new PerfScriptCollapser();
	for (const line of lines) collapser.line(line);
	return collapser.stacks();
}
