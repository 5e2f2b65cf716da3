/**
 * pprof profiles (profile.proto, already gunzipped) to folded stacks: `tracetop collapse`
 * and `open` read what `go tool pprof`, Parca or Pyroscope write, and tracetop's own
 * export back to the same folded stacks. Frames of a `[kernel…]` mapping get `_[k]`;
 * inlined functions are frames of their own, callers first, as pprof shows them.
 */
import {Profile} from 'pprof-format';
import {kernelFrame, MAX_FOLDED_COUNT, type FoldedParse, type FoldedStacks} from '../models/folded-stacks.js';
import {foldedFrame} from '../safety/folded-name.js';
import {InputError} from '../safety/regular-file.js';

/** profile.proto's top-level fields and their wire types (0 varint, 2 length-delimited). */
const FIELD_WIRE_TYPES: Readonly<Record<number, readonly number[]>> = {
	1: [2], 2: [2], 3: [2], 4: [2], 5: [2], 6: [2], 7: [0], 8: [0], 9: [0], 10: [0], 11: [2], 12: [0], 13: [0, 2], 14: [0], 15: [0],
};

/** A varint at `at`: its value and where it ends, or undefined when the head ends first. */
function varint(bytes: Uint8Array, at: number): [number, number] | undefined {
	let value = 0;
	for (let i = 0; i < 10 && at + i < bytes.length; i++) {
		value += (bytes[at + i]! & 0x7f) * 2 ** (7 * i);
		if (bytes[at + i]! < 0x80) return [value, at + i + 1];
	}
	return undefined;
}

/** Fields a cut-off head must hold to be taken for a profile: random bytes pass a few by chance. */
const MIN_FIELDS = 8;

/**
 * Whether `head`, the start of a binary input, is a run of profile.proto's own fields:
 * all of it (a whole small profile), or at least MIN_FIELDS before it is cut off.
 */
export function looksLikePprof(head: Uint8Array): boolean {
	let at = 0;
	let fields = 0;
	while (at < head.length) {
		const key = head[at]!;
		if (!FIELD_WIRE_TYPES[key >> 3]?.includes(key & 7)) return false;
		const read = varint(head, at + 1);
		if (!read) return fields >= MIN_FIELDS;
		at = (key & 7) === 2 ? read[1] + read[0] : read[1];
		fields++;
	}
	return at === head.length ? fields > 0 : fields >= MIN_FIELDS;
}

/** Folded text a profile may expand to: a few bytes of location ids can name a long frame many times. */
export const MAX_FOLDED_CHARS = 256 << 20;

const tooLarge = () => new InputError(`pprof profile expands to more than ${MAX_FOLDED_CHARS >> 20} MiB of folded stacks; not read`);

export function collapsePprof(bytes: Uint8Array): FoldedParse {
	let profile: Profile;
	try {
		profile = Profile.decode(bytes);
	} catch (error) {
		throw new InputError(`not a valid pprof profile (${error instanceof Error ? error.message : String(error)})`);
	}
	const strings = profile.stringTable.strings;
	const text = (index: number | bigint): string => strings[Number(index)] ?? '';
	const types = profile.sampleType.map(t => text(t.type));
	const preferred = Number(profile.defaultSampleType) > 0 ? types.indexOf(text(profile.defaultSampleType)) : -1;
	const index = preferred >= 0 ? preferred : types.includes('samples') ? types.indexOf('samples') : types.length - 1;
	// Time is counted in microseconds elsewhere in tracetop (off-CPU).
	const divisor = text(profile.sampleType[index]?.unit ?? 0) === 'nanoseconds' ? 1000 : 1;

	const mappings = new Map(profile.mapping.map(m => [Number(m.id), text(m.filename)]));
	const functions = new Map(profile.function.map(f => [Number(f.id), text(f.name)]));
	/** Per location its frames, root first: the last line is the caller the others were inlined into. */
	const locations = new Map<number, string[]>();
	for (const location of profile.location) {
		const kernel = (mappings.get(Number(location.mappingId)) ?? '').startsWith('[kernel');
		const names = location.line.map(l => functions.get(Number(l.functionId)) ?? '').filter(name => name !== '');
		const frames = (names.length > 0 ? names.reverse() : ['[unknown]']).map(name => foldedFrame(kernel ? kernelFrame(name) : name));
		locations.set(Number(location.id), frames);
	}

	const stacks: FoldedStacks = new Map();
	let skipped = 0;
	let chars = 0;
	for (const sample of profile.sample) {
		const count = Number(sample.value[index] ?? 0) / divisor;
		const frames = [...sample.locationId].reverse().flatMap(id => locations.get(Number(id)) ?? ['[unknown]']);
		const length = frames.reduce((n, f) => n + f.length + 1, 0);
		if (length > MAX_FOLDED_CHARS - chars) throw tooLarge();
		const stack = frames.join(';');
		const sum = (stacks.get(stack) ?? 0) + count;
		// Negative values (a diff of two profiles) and int64s past 2^53 have no folded form.
		if (frames.length === 0 || !(count > 0) || !(sum <= MAX_FOLDED_COUNT)) {
			skipped++;
			continue;
		}
		if (!stacks.has(stack)) chars += length;
		stacks.set(stack, sum);
	}
	return {stacks, skipped};
}
