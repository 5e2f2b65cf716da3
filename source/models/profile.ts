/**
 * CPU profile samples (perf top): stacks with counts per interval, from the profile
 * collector (on-CPU samples) and the off-CPU collector (microseconds blocked). Pure
 * functions from records to samples, and from samples to the hottest-functions table,
 * callers and callees, and folded stacks.
 */
import type {BpfRecord} from '../../collectors/bpftrace-json.js';
import type {CollectorRecord} from '../../collectors/collector-record.js';
import type {FinishContext} from '../panes/pane.js';
import {parseStackKey, type StackFrame} from '../../collectors/stack-key.js';
import {foldedStack} from '../safety/folded-name.js';
import {displayName, formatFolded, frameKind, kernelFrame, mergeFolded, type FoldedStacks} from './folded-stacks.js';

/** One distinct stack of one process. Frames root first: user frames, then kernel. */
export interface ProfileStack {
	/** Identifies the stack across intervals (process and frames); opaque. */
	id: string;
	comm: string;
	pid: number;
	frames: readonly Frame[];
	count: number;
}

export interface Frame {
	name: string;
	kernel: boolean;
	/** Module basename of a user frame ('' when unknown). */
	module: string;
}

export interface ProfileSample {
	/** End of the interval, ms since the session started. */
	t: number;
	durationSec: number;
	/** On-CPU samples. */
	onCpu: readonly ProfileStack[];
	/** Off-CPU microseconds by stack; empty unless the off-CPU view ran. */
	offCpu: readonly ProfileStack[];
	/**
	 * On-CPU samples taken (profile.bt's @samples); more than `onCpu` holds when the stack
	 * map was full. Undefined in recordings made before it was counted.
	 */
	sampled?: number;
}

export type ProfileAccumulator = Pick<ProfileSample, 'onCpu' | 'offCpu' | 'sampled'>;

export const beginProfile = (): ProfileAccumulator => ({onCpu: [], offCpu: []});

/**
 * One object per distinct frame, shared by every stack and interval that has it: minutes
 * of history hold millions of frame references but only thousands of distinct frames.
 * Bounded: past the cap the table starts over (old samples keep their objects).
 */
const internedFrames = new Map<string, Frame>();
/** A short number per interned frame, for compact stack ids. */
const serials = new WeakMap<Frame, number>();
let nextSerial = 0;
const MAX_INTERNED = 200_000;

function toFrame(f: StackFrame, kernel: boolean): Frame {
	const module = kernel ? '' : f.module;
	const id = `${kernel ? 'k' : 'u'}${f.symbol}\0${module}`;
	let frame = internedFrames.get(id);
	if (!frame) {
		if (internedFrames.size >= MAX_INTERNED) internedFrames.clear();
		frame = {name: f.symbol, kernel, module};
		internedFrames.set(id, frame);
		serials.set(frame, nextSerial++);
	}
	return frame;
}

/** bpftrace prints stacks leaf first; profiles are root first: user, then kernel. */
function stacksOf(record: Extract<BpfRecord, {type: 'map'}>): ProfileStack[] {
	const stacks: ProfileStack[] = [];
	for (const {key, value} of record.entries) {
		if (typeof value !== 'number' || value <= 0) continue;
		const k = parseStackKey(key);
		const frames = [...k.user.map(f => toFrame(f, false)).reverse(), ...k.kernel.map(f => toFrame(f, true)).reverse()];
		// Built from frame serials, not bpftrace's key: a few bytes a frame instead of its text.
		const id = `${k.pid}\0${k.comm}\0${frames.map(f => serials.get(f)).join(',')}`;
		stacks.push({id, comm: k.comm, pid: k.pid, frames, count: value});
	}
	return stacks;
}

export function accumulateProfile(acc: ProfileAccumulator, record: CollectorRecord): ProfileAccumulator {
	if (record.type !== 'map') return acc;
	if (record.map === '@stacks') return {...acc, onCpu: [...acc.onCpu, ...stacksOf(record)]};
	if (record.map === '@offcpu_us') return {...acc, offCpu: [...acc.offCpu, ...stacksOf(record)]};
	if (record.map === '@samples') {
		const value = record.entries[0]?.value;
		return typeof value === 'number' ? {...acc, sampled: (acc.sampled ?? 0) + value} : acc;
	}
	return acc;
}

export const finishProfile = (acc: ProfileAccumulator, t: number, ctx: Pick<FinishContext, 'intervalSec'>): ProfileSample => ({...acc, t, durationSec: ctx.intervalSec});

function mergeStacks(lists: ReadonlyArray<readonly ProfileStack[]>): ProfileStack[] {
	const byId = new Map<string, ProfileStack>();
	for (const list of lists) {
		for (const s of list) {
			const prev = byId.get(s.id);
			byId.set(s.id, prev ? {...prev, count: prev.count + s.count} : s);
		}
	}
	return [...byId.values()];
}

export function mergeProfile(samples: readonly ProfileSample[]): ProfileSample {
	return {
		t: samples.at(-1)?.t ?? 0,
		durationSec: samples.reduce((n, s) => n + s.durationSec, 0),
		onCpu: mergeStacks(samples.map(s => s.onCpu)),
		offCpu: mergeStacks(samples.map(s => s.offCpu)),
		sampled: samples.some(s => s.sampled !== undefined) ? samples.reduce((n, s) => n + (s.sampled ?? totalCount(s.onCpu)), 0) : undefined,
	};
}

/** On-CPU samples the stack map had no room for (profile.bt counts every sample in @samples). */
export const droppedSamples = (sample: ProfileSample): number =>
	sample.sampled === undefined ? 0 : Math.max(0, sample.sampled - totalCount(sample.onCpu));

export const totalCount = (stacks: readonly ProfileStack[]): number => stacks.reduce((n, s) => n + s.count, 0);

/** The idle task: the swapper threads, pid 0. */
export const isIdle = (s: ProfileStack): boolean => s.pid === 0;

export interface FrameFilter {
	kernel: boolean;
	user: boolean;
}

export const allFrames: FrameFilter = {kernel: true, user: true};

/**
 * The frames to count. With kernel (or user) frames hidden, a stack that had only those
 * is kept as one `[kernel]` (`[user]`) frame so its samples still count.
 */
export function visibleFrames(s: ProfileStack, filter: FrameFilter): readonly Frame[] {
	if (filter.kernel && filter.user) return s.frames;
	const kept = s.frames.filter(f => (f.kernel ? filter.kernel : filter.user));
	if (kept.length > 0) return kept;
	return [{name: filter.kernel ? '[user]' : '[kernel]', kernel: !filter.kernel, module: ''}];
}

/** perf top's order: hottest by self, then by total. */
export const bySelf = (a: FunctionRow, b: FunctionRow): number => b.self - a.self || b.total - a.total;

/** Orders of the hottest-functions table, cycled by `s`. */
export const PROFILE_SORTS = ['self', 'total', 'name'];

export interface FunctionRow {
	name: string;
	kernel: boolean;
	module: string;
	/** Samples with this function as the leaf. */
	self: number;
	/** Samples with this function anywhere in the stack (once per stack). */
	total: number;
	/** Set when grouped by process. */
	process?: {comm: string; pid: number};
}

const functionId = (f: Frame): string => `${f.kernel ? 'k' : 'u'}\0${f.name}\0${f.module}`;

/** Identifies a row of the table across samples: the same function (of the same process, when grouped). */
export const functionRowKey = (r: FunctionRow): string => (r.process ? `${r.process.pid}\0${r.process.comm}\0` : '') + functionId(r);

/** The hottest-functions table (perf top): self and total samples per function. */
export function topFunctions(stacks: readonly ProfileStack[], filter: FrameFilter = allFrames, byProcess = false): FunctionRow[] {
	const rows = new Map<string, FunctionRow>();
	for (const s of stacks) {
		const frames = visibleFrames(s, filter);
		const prefix = byProcess ? `${s.pid}\0${s.comm}\0` : '';
		const seen = new Set<string>();
		frames.forEach((f, i) => {
			const id = prefix + functionId(f);
			let row = rows.get(id);
			if (!row) {
				row = {name: f.name, kernel: f.kernel, module: f.module, self: 0, total: 0, ...(byProcess ? {process: {comm: s.comm, pid: s.pid}} : {})};
				rows.set(id, row);
			}
			if (!seen.has(id)) {
				row.total += s.count;
				seen.add(id);
			}
			if (i === frames.length - 1) row.self += s.count;
		});
	}
	return [...rows.values()];
}

/** Grouped by process: each process's rows together, the busiest process first. */
function sortRows(rows: FunctionRow[], sort: string, byProcess: boolean): FunctionRow[] {
	const processKey = (r: FunctionRow) => `${r.process!.pid}/${r.process!.comm}`;
	const processTotal = new Map<string, number>();
	if (byProcess) for (const r of rows) processTotal.set(processKey(r), (processTotal.get(processKey(r)) ?? 0) + r.self);
	const byKey = (a: FunctionRow, b: FunctionRow) =>
		sort === 'name' ? a.name.localeCompare(b.name) : sort === 'total' ? b.total - a.total || b.self - a.self : bySelf(a, b);
	return rows.sort((a, b) => {
		if (byProcess) {
			const pa = processKey(a);
			const pb = processKey(b);
			if (pa !== pb) return processTotal.get(pb)! - processTotal.get(pa)! || pa.localeCompare(pb);
		}
		return byKey(a, b);
	});
}

/**
 * The hottest-functions table as shown: `text` keeps functions whose name or module
 * contains it (case-insensitive), sorted by one of PROFILE_SORTS.
 */
export function functionRows(stacks: readonly ProfileStack[], filter: FrameFilter, byProcess: boolean, text: string, sort: string): FunctionRow[] {
	const all = topFunctions(stacks, filter, byProcess);
	const needle = text.toLowerCase();
	const kept = needle === '' ? all : all.filter(r => r.name.toLowerCase().includes(needle) || r.module.toLowerCase().includes(needle));
	return sortRows(kept, sort, byProcess);
}

export interface Neighbour {
	name: string;
	kernel: boolean;
	count: number;
}

export interface CallersCallees {
	callers: Neighbour[];
	callees: Neighbour[];
	/** Samples with the function anywhere in the stack. */
	total: number;
}

/** Who calls a function and what it calls, weighted by samples, largest first. */
export function callersAndCallees(stacks: readonly ProfileStack[], target: {name: string; kernel: boolean}, filter: FrameFilter = allFrames): CallersCallees {
	const callers = new Map<string, Neighbour>();
	const callees = new Map<string, Neighbour>();
	let total = 0;
	const add = (into: Map<string, Neighbour>, f: Frame | undefined, count: number) => {
		const name = f?.name ?? (into === callers ? `[root: process]` : '[self]');
		const key = `${f?.kernel ? 'k' : 'u'}${name}`;
		const prev = into.get(key);
		into.set(key, {name, kernel: f?.kernel ?? false, count: (prev?.count ?? 0) + count});
	};
	for (const s of stacks) {
		const frames = visibleFrames(s, filter);
		const at = frames.findIndex(f => f.name === target.name && f.kernel === target.kernel);
		if (at < 0) continue;
		total += s.count;
		add(callers, frames[at - 1], s.count);
		add(callees, frames[at + 1], s.count);
	}
	const sorted = (m: Map<string, Neighbour>) => [...m.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
	return {callers: sorted(callers), callees: sorted(callees), total};
}

/** Folded stacks with the process name as the root frame and `_[k]` on kernel frames. */
export function toFolded(stacks: readonly ProfileStack[], filter: FrameFilter = allFrames): FoldedStacks {
	const folded: FoldedStacks = new Map();
	for (const s of stacks) {
		const names = visibleFrames(s, filter).map(f => (f.kernel ? kernelFrame(f.name) : f.name));
		const key = foldedStack([s.comm, ...names]);
		folded.set(key, (folded.get(key) ?? 0) + s.count);
	}
	return folded;
}

/** A profile from folded stacks whose root frame is the process name (tracetop open). */
export function profileFromFolded(folded: FoldedStacks, durationSec = 0): ProfileSample {
	const onCpu: ProfileStack[] = [];
	for (const [stack, count] of folded) {
		const [comm = '[unknown]', ...names] = stack.split(';');
		const frames = names.map(name => ({name: displayName(name), kernel: frameKind(name) === 'kernel', module: ''}));
		onCpu.push({id: stack, comm, pid: -1, frames, count});
	}
	return {t: 0, durationSec, onCpu, offCpu: []};
}

export interface ProfileSummary {
	samples: number;
	perSecond: number;
	/** Shares of all samples, 0..1: leaf in the kernel, leaf in user space, idle task. */
	kernel: number;
	user: number;
	idle: number;
	/** Share of user frames that are [unknown] (missing frame pointers, exited processes). */
	unknownUser: number;
}

export function summarizeProfile(sample: ProfileSample): ProfileSummary {
	let samples = 0;
	let kernel = 0;
	let idle = 0;
	let userFrames = 0;
	let unknown = 0;
	for (const s of sample.onCpu) {
		samples += s.count;
		if (isIdle(s)) idle += s.count;
		if (s.frames.at(-1)?.kernel) kernel += s.count;
		for (const f of s.frames) {
			if (f.kernel) continue;
			userFrames += s.count;
			if (f.name === '[unknown]') unknown += s.count;
		}
	}
	const share = (n: number) => (samples === 0 ? 0 : n / samples);
	return {
		samples,
		perSecond: sample.durationSec > 0 ? samples / sample.durationSec : samples,
		kernel: share(kernel),
		user: share(samples - kernel),
		idle: share(idle),
		unknownUser: userFrames === 0 ? 0 : unknown / userFrames,
	};
}

export interface ProfileJson {
	samples: number;
	/** Samples taken that the stack map had no room for (0 when none, or not counted). */
	dropped: number;
	top: Array<{name: string; self: number; total: number}>;
	folded: string;
}

const TOP_IN_JSON = 50;

export function profileToJson(sample: ProfileSample): ProfileJson {
	const rows = topFunctions(sample.onCpu).sort(bySelf);
	return {
		samples: totalCount(sample.onCpu),
		dropped: droppedSamples(sample),
		top: rows.slice(0, TOP_IN_JSON).map(r => ({name: r.kernel ? kernelFrame(r.name) : r.name, self: r.self, total: r.total})),
		folded: formatFolded(toFolded(sample.onCpu)),
	};
}

export const foldedOf = (samples: readonly ProfileSample[], which: 'onCpu' | 'offCpu'): FoldedStacks =>
	mergeFolded(samples.map(s => toFolded(s[which])));

/**
 * Bytes a sample holds, roughly: per stack an object, its comm and an array of frame
 * references (the frames themselves are shared, see toFrame).
 */
export const weighProfile = (s: ProfileSample): number =>
	[...s.onCpu, ...s.offCpu].reduce((n, st) => n + 96 + 2 * (st.comm.length + st.id.length) + 8 * st.frames.length, 256);
