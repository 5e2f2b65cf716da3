/**
 * `perf script` text to folded stacks, line for line what Brendan Gregg's
 * stackcollapse-perf.pl prints, with its options (`--pid`, `--tid`, `--kernel`, `--jit`,
 * `--addrs`, `--event-filter`, `--srcline`, `--inline`): the process name as the root
 * frame, frames named as perf-frame.ts says, and only samples of one event type (the
 * first seen, unless one is given).
 *
 * Quirks of the script are kept on purpose, so the two agree on any input: a record only
 * counts once the blank line after it is read (a record cut off at the end is dropped), a
 * header line without a blank line before it keeps the frames read so far, a sample of
 * another event type leaves the previous sample's state alone, and with `--srcline` the
 * line after a frame is its source line whatever it holds.
 *
 * Input is bytes, as perl reads it (names are strings of one character per byte). Captures
 * run to gigabytes of a few thousand distinct lines, so the hot loop works on the bytes:
 * a stack line is recognised in place among the lines seen before (line-table.ts), and a
 * sample becomes a sequence of frame ids; only a new line becomes a string, and the
 * folded text is made once, from the ids (folded-bytes.ts).
 */
import type {FoldedStacks} from '../models/folded-stacks.js';
import {foldedFrame} from '../safety/folded-name.js';
import {hashBytes, SequenceCounts} from './byte-keys.js';
import {foldedBytes} from './folded-bytes.js';
import {LineTable} from './line-table.js';
import {inlineCandidate, lineFrames, sourceLineText, stackLine, withoutOffset, type FrameRules, type StackLine} from './perf-frame.js';
import {eventFields, headerFields, periodValue, processFrame, readSampleEvent, readSampleHeader, type NameRules} from './perf-header.js';

export {tidyFunctionName} from './perf-frame.js';

/** What `--inline` asks addr2line about: one address in one module. */
export interface InlineRequest {
	pc: string;
	/** The symbol as printed, offset included: addr2line's fallback looks it up with nm. */
	symbol: string;
	module: string;
}

/**
 * Looks up the functions inlined at each address (`outer;inner`, or a result the perl
 * script takes for a failure: '', '??', '??:??:0'). It runs addr2line, so it is a side
 * effect the caller chooses (importers/addr2line.ts); tests pass their own.
 */
export type InlineResolver = (requests: readonly InlineRequest[]) => string[];

export interface PerfCollapseOptions extends FrameRules, NameRules {
	/** `--event-filter`: keep this event type instead of the first one seen. */
	eventFilter?: string;
	/** `--srcline`: each frame line is followed by its source line (`perf script -F+srcline`). */
	srcline?: boolean;
	/** `--inline`: frames of files addr2line can read are replaced by their inline chains. */
	inline?: InlineResolver;
}

const NEWLINE = 10;
const HASH = 35;
const isSpaceByte = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** Whether bytes[start, end) holds `expected`. */
function sameBytes(bytes: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
	if (end - start !== expected.length) return false;
	for (let i = 0; i < expected.length; i++) if (bytes[start + i] !== expected[i]) return false;
	return true;
}

/**
 * Stack lines repeat: the same frame at the same address, sample after sample. The
 * bounds keep memory flat when most lines are new (hot lines show up early).
 */
const MAX_KNOWN_LINES = 1 << 18;
const MAX_KNOWN_LINE_BYTES = 32 << 20;

const TAG_JAVA = 1;
/**
 * knownLines holds the starts of header lines too (up to the PID or TID, which decide
 * the process name): a header is recognised as such, and its sample's first line is
 * guessed from what followed it before.
 */
const TAG_HEADER = 2;

/** addr2line answers the perl script takes for "no inline information". */
const inlineFailed = (result: string): boolean => result === '' || result === '??' || result === '??:??:0';

/** A frame id standing for an `--inline` lookup made at the end. */
interface Deferred {
	request: number;
	/** The line's frames had the lookup failed. */
	fallback: number[];
}

export class PerfScriptCollapser {
	private readonly rules: PerfCollapseOptions;
	/** Frame names (and process names) by id. */
	private readonly names: string[] = [];
	private readonly nameIds = new Map<string, number>();
	/** Ids whose name is an addr2line chain `outer;inner`: several frames. */
	private readonly chains = new Set<number>();
	private readonly deferred = new Map<number, Deferred>();
	private readonly requests: InlineRequest[] = [];
	private readonly requestIds = new Map<string, number>();
	private inlineResults: string[] | undefined;

	/** Stack lines seen before (whole, as bytes), each with its frames (an index into `frameLists`), and header starts. */
	private readonly knownLines: LineTable;
	/** A view of the bytes being scanned, for reading four at a time. */
	private view: DataView = new DataView(new ArrayBuffer(0));
	/** The known line read last in this sample: the next line is likely one that followed it before. */
	private previousLine = -1;
	private readonly header = headerFields();
	private readonly eventAt = eventFields();
	/** Frame ids of stack lines (in the line's order), and how many take a source line. */
	private readonly frameLists: number[][] = [];
	private readonly frameSourced: number[] = [];
	/**
	 * Lines that differ only in their address, or in the offset into the function, name
	 * the same frames (unless the address is shown or looked up): the frame list of each
	 * symbol and module.
	 */
	private readonly framesByText = new Map<string, number>();
	private readonly keyFromAddress: boolean;

	/** The sample being read: [process, frames leaf first...]; process -1 between samples and for skipped ones. */
	private stack = new Int32Array(256);
	private depth = 1;
	private process = -1;
	private javaProcess = false;
	private period = 1;
	private readonly stacksSeen = new SequenceCounts();

	/** With --srcline: the frames of a line waiting for their source lines. */
	private sourcing: number[] = [];
	/** Source lines still to read for `sourcing`; 0 when not waiting for any. */
	private unsourced = 0;
	private sourceIndex = 0;

	/** Samples left out because their period is not a whole number below 2^53. */
	badPeriods = 0;
	private keptEvent: string | undefined;
	/** The kept event's name as bytes; empty until the first header with an event. */
	private keptEventBytes = Buffer.alloc(0);
	readonly skippedEvents = new Set<string>();
	/** The start of a line that continues in the next chunk. */
	private carry: Buffer[] = [];

	private readonly maxKnownLines: number;

	/** `limits`: how many distinct lines, and bytes of them, are remembered (tests make them small). */
	constructor(options: PerfCollapseOptions = {}, limits: {knownLines?: number; knownLineBytes?: number} = {}) {
		this.maxKnownLines = limits.knownLines ?? MAX_KNOWN_LINES;
		this.knownLines = new LineTable(this.maxKnownLines, limits.knownLineBytes ?? MAX_KNOWN_LINE_BYTES);
		this.rules = options;
		this.keptEvent = options.eventFilter === '' ? undefined : options.eventFilter;
		if (this.keptEvent !== undefined) this.keptEventBytes = Buffer.from(this.keptEvent, 'latin1');
		this.keyFromAddress = Boolean(options.addrs || options.inline);
	}

	/** The event type kept: the one asked for, or the first seen. */
	get event(): string | undefined {
		return this.keptEvent;
	}

	/** A chunk of input, cut anywhere. A string is taken as one character per byte. */
	write(chunk: Uint8Array | string): void {
		const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		let from = 0;
		if (this.carry.length > 0) {
			const newline = bytes.indexOf(NEWLINE);
			if (newline < 0) {
				this.carry.push(Buffer.from(bytes));
				return;
			}
			const line = Buffer.concat([...this.carry, bytes.subarray(0, newline + 1)]);
			this.carry = [];
			this.scan(line, 0, line.length);
			from = newline + 1;
		}
		const last = bytes.lastIndexOf(NEWLINE);
		if (last >= from) {
			this.scan(bytes, from, last + 1);
			from = last + 1;
		}
		// Copied: the caller's buffer may be reused.
		if (from < bytes.length) this.carry.push(Buffer.from(bytes.subarray(from)));
	}

	/** One line, without its newline. */
	line(line: string): void {
		const bytes = Buffer.from(line + '\n', 'latin1');
		this.scan(bytes, 0, bytes.length);
	}

	/** The stacks, once the input has ended: a line left without its newline can finish no sample. */
	end(): FoldedStacks {
		this.close();
		return this.stacks();
	}

	/** The input has ended (then stacks() or folded()). */
	close(): void {
		this.carry = [];
	}

	/** The stacks of every sample finished so far, root first, by process name. */
	stacks(): FoldedStacks {
		const printed = this.printedNames();
		const stacks: FoldedStacks = new Map();
		// One join per stack: concatenating frame by frame makes a string per frame, and collecting them cost more than the parse.
		const frames: string[] = [];
		this.stacksSeen.forEach((ids, count) => {
			frames.length = 0;
			frames.push(printed[ids[0]!]!);
			for (let i = ids.length - 1; i > 0; i--) {
				const frame = printed[ids[i]!];
				if (frame !== undefined) frames.push(frame);
			}
			const stack = frames.join(';');
			// Distinct samples can print alike (a process name with ';'): their counts add up.
			stacks.set(stack, (stacks.get(stack) ?? 0) + count);
		});
		return stacks;
	}

	/** `formatFolded(this.stacks())` as latin1 bytes, made without the strings (see folded-bytes.ts). */
	folded(): Buffer {
		return foldedBytes(this.stacksSeen, this.printedNames());
	}

	/** How many distinct stacks were read (stacks that print alike counted apart). */
	get stackCount(): number {
		return this.stacksSeen.size;
	}

	/**
	 * Each id's text in a folded line (every frame made safe by foldedFrame); undefined
	 * for an inline lookup that left no frame.
	 */
	private printedNames(): Array<string | undefined> {
		const results = (this.inlineResults ??= []);
		if (this.rules.inline && results.length < this.requests.length) results.push(...this.rules.inline(this.requests.slice(results.length)));
		const printed: Array<string | undefined> = this.names.map((name, id) => (this.chains.has(id) ? name.split(';').map(foldedFrame).join(';') : foldedFrame(name)));
		for (const [id, {request, fallback}] of this.deferred) {
			const result = results[request] ?? '';
			const frames = inlineFailed(result) ? fallback.map(frame => printed[frame]) : [result.split(';').map(foldedFrame).join(';')];
			printed[id] = frames.length > 0 ? frames.join(';') : undefined;
		}
		return printed;
	}

	/** The lines in bytes[from, to), which ends with a newline. */
	private scan(bytes: Buffer, from: number, to: number): void {
		const view = this.view;
		if (view.buffer !== bytes.buffer || view.byteOffset !== bytes.byteOffset || view.byteLength !== bytes.length) this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
		let at = from;
		while (at < to) {
			const first = bytes[at]!;
			if (this.unsourced > 0) {
				const end = bytes.indexOf(NEWLINE, at);
				this.sourceLine(bytes.toString('latin1', at, end));
				at = end + 1;
				continue;
			}
			if (first === NEWLINE) {
				this.endSample();
				at++;
				continue;
			}
			if (first === HASH) {
				at = bytes.indexOf(NEWLINE, at) + 1;
				continue;
			}
			if (!isSpaceByte(first)) {
				const end = bytes.indexOf(NEWLINE, at);
				if (readSampleHeader(bytes, at, end, this.header)) {
					this.startSample(bytes, at, end);
					at = end + 1;
					continue;
				}
			}
			// Stack lines of skipped samples, and lines stackcollapse-perf.pl warns about, add nothing.
			if (this.process < 0) {
				at = bytes.indexOf(NEWLINE, at) + 1;
				continue;
			}
			at = this.stackLine(bytes, at);
		}
	}

	/** Reads the stack line at `at`; returns where the next line starts. */
	private stackLine(bytes: Buffer, at: number): number {
		const table = this.knownLines;
		const previous = this.previousLine;
		let known = previous < 0 ? -1 : table.guess(previous, bytes, this.view, at);
		let end = known < 0 ? -1 : at + table.length(known);
		if (known < 0) {
			end = bytes.indexOf(NEWLINE, at);
			const tag = this.javaProcess ? TAG_JAVA : 0;
			const hash = hashBytes(bytes, at, end, tag);
			known = table.find(bytes, this.view, at, end, tag, hash);
			if (known < 0) {
				const frames = this.framesOf(bytes.toString('latin1', at, end));
				known = table.add(bytes, at, end, tag, hash, frames);
				if (known < 0) {
					this.previousLine = -1;
					this.addFrames(this.frameLists[frames]!, this.frameSourced[frames]!);
					return end + 1;
				}
			}
		}
		if (previous >= 0) table.follow(previous, known);
		this.previousLine = known;
		const frames = table.value(known);
		this.addFrames(this.frameLists[frames]!, this.frameSourced[frames]!);
		return end + 1;
	}

	/** A stack line's frame list (see frameLists). */
	private framesOf(text: string): number {
		const line = stackLine(text);
		// What the frames depend on: lines of other addresses, or of other offsets in the function, name the same frames.
		const java = this.javaProcess ? 'j' : '-';
		const key = !line ? '' : this.keyFromAddress ? `${java}${line.pc}\n${line.symbol}\n${line.module}` : `${java}${withoutOffset(line.symbol)}\n${line.module}`;
		let frames = this.framesByText.get(key);
		if (frames === undefined) {
			frames = this.frameLists.length;
			const {ids, sourced} = line ? this.lineFramesOf(line) : {ids: [], sourced: 0};
			this.frameLists.push(ids);
			this.frameSourced.push(sourced);
			if (this.framesByText.size < this.maxKnownLines) this.framesByText.set(key, frames);
		}
		return frames;
	}

	private lineFramesOf(line: StackLine): {ids: number[]; sourced: number} {
		const {names, sourced} = lineFrames(line, this.rules, this.javaProcess);
		const ids = names.map(name => this.nameId(name));
		if (!this.rules.inline || !inlineCandidate(line.module)) return {ids, sourced};
		if (this.rules.srcline) {
			// How many source lines follow depends on the answer: ask now, as the perl script does.
			const result = this.inlineResult(line);
			return inlineFailed(result) ? {ids, sourced} : {ids: [this.chainId(result)], sourced: 0};
		}
		const id = this.names.length;
		this.names.push('');
		this.deferred.set(id, {request: this.requestId(line), fallback: ids});
		return {ids: [id], sourced: 0};
	}

	private addFrames(ids: readonly number[], sourced: number): void {
		if (this.rules.srcline && sourced > 0) {
			this.sourcing = [...ids];
			this.unsourced = sourced;
			this.sourceIndex = 0;
			return;
		}
		if (this.depth + ids.length > this.stack.length) this.growStack(ids.length);
		// perf prints the leaf first; the chain `outer->inlined` gives inlined, then outer.
		for (let i = ids.length - 1; i >= 0; i--) this.stack[this.depth++] = ids[i]!;
	}

	/** With --srcline: the line after a frame, appended to its name (`func:file.c:12`). */
	private sourceLine(line: string): void {
		const frames = this.sourcing;
		const text = sourceLineText(line);
		if (text !== '') frames[this.sourceIndex] = this.nameId(`${this.names[frames[this.sourceIndex]!]}:${text}`);
		this.sourceIndex++;
		if (--this.unsourced > 0) return;
		this.addFrames(frames, 0);
	}

	private growStack(more: number): void {
		const stack = new Int32Array(Math.max(this.stack.length * 2, this.depth + more));
		stack.set(this.stack);
		this.stack = stack;
	}

	private nameId(name: string): number {
		let id = this.nameIds.get(name);
		if (id === undefined) {
			id = this.names.length;
			this.names.push(name);
			this.nameIds.set(name, id);
		}
		return id;
	}

	/** An addr2line chain's id: kept apart from frame names, being several frames. */
	private chainId(chain: string): number {
		const key = `\0${chain}`;
		let id = this.nameIds.get(key);
		if (id === undefined) {
			id = this.nameId(key);
			this.names[id] = chain;
			this.chains.add(id);
		}
		return id;
	}

	/** The perl script asks addr2line once per address and module, whatever the symbol. */
	private requestId(line: StackLine): number {
		const key = `${line.pc}\0${line.module}`;
		let id = this.requestIds.get(key);
		if (id === undefined) {
			id = this.requests.length;
			this.requests.push({pc: line.pc, symbol: line.symbol, module: line.module});
			this.requestIds.set(key, id);
		}
		return id;
	}

	private inlineResult(line: StackLine): string {
		const request = this.requestId(line);
		this.inlineResults ??= [];
		return (this.inlineResults[request] ??= this.rules.inline!([this.requests[request]!])[0] ?? '');
	}

	/** The header line bytes[start, end), whose fields are in this.header. */
	private startSample(bytes: Buffer, start: number, end: number): void {
		const event = this.eventAt;
		const hasEvent = readSampleEvent(bytes, start, end, event);
		if (hasEvent) {
			if (this.keptEvent === undefined) {
				this.keptEvent = bytes.toString('latin1', event.eventStart, event.eventEnd);
				this.keptEventBytes = Buffer.from(this.keptEvent, 'latin1');
			} else if (!sameBytes(bytes, event.eventStart, event.eventEnd, this.keptEventBytes)) {
				this.skippedEvents.add(bytes.toString('latin1', event.eventStart, event.eventEnd));
				return;
			}
		}
		const period = hasEvent && event.periodStart >= 0 ? periodValue(bytes, event.periodStart, event.periodEnd) : 1;
		// A period past 2^53 is not a real one (a crafted file): the sample is left out, counted.
		if (!Number.isSafeInteger(period)) {
			this.badPeriods++;
			return;
		}
		this.period = period;
		this.useProcess(bytes, start, this.header.matchEnd + 1);
	}

	/** The process of the header that starts with bytes[start, end), known by those bytes after the first time. */
	private useProcess(bytes: Buffer, start: number, end: number): void {
		const hash = hashBytes(bytes, start, end, TAG_HEADER);
		let known = this.knownLines.find(bytes, this.view, start, end, TAG_HEADER, hash);
		if (known < 0) {
			const h = this.header;
			const tid = h.tidEnd > h.tidStart ? bytes.toString('latin1', h.tidStart, h.tidEnd) : undefined;
			const name = processFrame({comm: bytes.toString('latin1', start, h.commEnd), pid: bytes.toString('latin1', h.pidStart, h.pidEnd), tid}, this.rules);
			// The process name's id, and whether it is a Java process, in one value.
			const process = this.nameId(name) * 2 + (name.startsWith('java') ? 1 : 0);
			known = this.knownLines.add(bytes, start, end, TAG_HEADER, hash, process);
			if (known < 0) {
				// The table is full: this header stays unremembered, and its first line unguessed.
				this.process = process >> 1;
				this.javaProcess = (process & 1) === 1;
				this.previousLine = -1;
				return;
			}
		}
		const process = this.knownLines.value(known);
		this.process = process >> 1;
		this.javaProcess = (process & 1) === 1;
		this.previousLine = known;
	}

	private endSample(): void {
		if (this.process < 0) return;
		this.stack[0] = this.process;
		this.stacksSeen.add(this.stack, this.depth, this.period);
		this.depth = 1;
		this.process = -1;
	}
}

/** `perf script` lines (without newlines) to folded stacks. */
export function collapsePerfScript(lines: Iterable<string>, options: PerfCollapseOptions = {}): FoldedStacks {
	const collapser = new PerfScriptCollapser(options);
	for (const line of lines) collapser.line(line);
	return collapser.stacks();
}
