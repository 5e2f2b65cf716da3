/**
 * Stacks as a gzipped pprof profile (profile.proto), the format `go tool pprof`, Parca,
 * Pyroscope and Grafana read. One sample per distinct stack, one location per distinct
 * frame, each location with its function and its mapping: the module of a user frame,
 * `[kernel.kallsyms]` for every kernel frame (as perf names the kernel), so kernel and
 * user frames stay apart and the `_[k]` suffix of folded stacks comes back on import.
 * The process name is the root frame, as in the folded and flame graph exports.
 */
import {gzipSync} from 'node:zlib';
import {Function as PprofFunction, Line, Location, Mapping, Profile, Sample, StringTable, ValueType} from 'pprof-format';
import {displayName, frameKind, type FoldedStacks} from '../models/folded-stacks.js';
import type {Frame, ProfileStack} from '../models/profile.js';

export const KERNEL_MAPPING = '[kernel.kallsyms]';

/** Frames root first, and the stack's count. */
export interface PprofStack {
	frames: readonly Frame[];
	count: number;
}

export interface PprofOptions {
	sampleType: {type: string; unit: string};
	/** Multiplies every count (1000: tracetop's off-CPU microseconds to nanoseconds). */
	scale?: number;
	/** The sampling rate, Hz: the period is then 1e9/hz nanoseconds of CPU time. */
	hz?: number;
	/** Epoch ms at which the profiled time began, and its length. */
	startMs?: number;
	durationMs?: number;
}

/** The samples of tracetop's on-CPU profile. */
export const SAMPLES = {type: 'samples', unit: 'count'};
/** Off-CPU time, counted in microseconds by offcpu.bt: scale 1000. */
export const OFF_CPU = {type: 'off-cpu', unit: 'nanoseconds'};

export const pprofStacksOf = (stacks: readonly ProfileStack[]): PprofStack[] =>
	stacks.map(s => ({frames: [{name: s.comm, kernel: false, module: ''}, ...s.frames], count: s.count}));

/** Folded stacks carry no modules; `_[k]` frames are kernel frames. */
export function pprofStacksFromFolded(folded: FoldedStacks): PprofStack[] {
	return [...folded].map(([stack, count]) => ({
		frames: stack === '' ? [] : stack.split(';').map(name => ({name: displayName(name), kernel: frameKind(name) === 'kernel', module: ''})),
		count,
	}));
}

/** pprof values are int64; past 2^53 only a bigint holds them exactly. */
function int64(count: number, scale: number): number | bigint {
	const whole = Math.round(count);
	return Number.isSafeInteger(whole * scale) ? whole * scale : BigInt(whole) * BigInt(scale);
}

export function encodePprof(stacks: readonly PprofStack[], options: PprofOptions): Uint8Array {
	const strings = new StringTable();
	const mappings = new Map<string, Mapping>();
	const functions = new Map<string, PprofFunction>();
	const locations = new Map<string, Location>();
	const mappingId = (file: string): number => {
		if (file === '') return 0;
		let mapping = mappings.get(file);
		if (!mapping) {
			mapping = new Mapping({id: mappings.size + 1, filename: strings.dedup(file), hasFunctions: true});
			mappings.set(file, mapping);
		}
		return Number(mapping.id);
	};
	const functionId = (frame: Frame): number => {
		const key = `${frame.kernel ? 'k' : 'u'}${frame.name}`;
		let fn = functions.get(key);
		if (!fn) {
			const name = strings.dedup(frame.name);
			fn = new PprofFunction({id: functions.size + 1, name, systemName: name});
			functions.set(key, fn);
		}
		return Number(fn.id);
	};
	const locationId = (frame: Frame): number => {
		const file = frame.kernel ? KERNEL_MAPPING : frame.module;
		const key = `${file}\0${frame.name}`;
		let location = locations.get(key);
		if (!location) {
			// Interned root first, so the first mapping is a program's, which pprof shows as its "File".
			location = new Location({id: locations.size + 1, mappingId: mappingId(file), line: [new Line({functionId: functionId(frame)})]});
			locations.set(key, location);
		}
		return Number(location.id);
	};
	const scale = options.scale ?? 1;
	const samples = stacks
		.filter(s => s.count > 0)
		.map(s => new Sample({locationId: s.frames.map(locationId).reverse(), value: [int64(s.count, scale)]}));
	const profile = new Profile({
		sampleType: [new ValueType({type: strings.dedup(options.sampleType.type), unit: strings.dedup(options.sampleType.unit)})],
		sample: samples,
		mapping: [...mappings.values()],
		location: [...locations.values()],
		function: [...functions.values()],
		stringTable: strings,
		...(options.hz ? {periodType: new ValueType({type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds')}), period: Math.round(1e9 / options.hz)} : {}),
		...(options.startMs !== undefined ? {timeNanos: BigInt(Math.round(options.startMs)) * 1_000_000n} : {}),
		...(options.durationMs !== undefined ? {durationNanos: Math.round(options.durationMs * 1e6)} : {}),
	});
	return gzipSync(profile.encode());
}
