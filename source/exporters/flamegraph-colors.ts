/**
 * Frame colours. By default tracetop's own: by kind (user code in flamegraph.pl's "hot"
 * red-to-yellow, kernel in a paler orange apart from it, unknown frames grey), varied by a
 * hash of the name so a function has the same colour in every graph. With --colors, the
 * palette flamegraph.pl computes, value for value: its per-name random colour (perl's
 * rand seeded with the sum of the name's characters), --hash (its name hash, so similar
 * names look alike) or --random. Differential frames are coloured by their change.
 */
import {frameKind} from '../models/folded-stacks.js';

export const PALETTES = ['hot', 'mem', 'io', 'wakeup', 'java', 'js', 'perl', 'red', 'green', 'blue', 'aqua', 'yellow', 'purple', 'orange'] as const;
export type Palette = (typeof PALETTES)[number];

export interface ColorOptions {
	/** flamegraph.pl's --colors; undefined for tracetop's own colours. */
	palette?: Palette;
	/** --hash: colours from flamegraph.pl's name hash. */
	hash?: boolean;
	/** --random: a random colour for every frame. */
	random?: boolean;
}

/** The background gradient flamegraph.pl picks for a palette (its --bgcolors default). */
export function background(palette: Palette | undefined): [string, string] {
	switch (palette) {
		case 'mem':
			return ['#eef2ee', '#e0ffe0'];
		case 'io':
		case 'wakeup':
			return ['#eeeeee', '#e0e0ff'];
		case 'red':
		case 'green':
		case 'blue':
		case 'aqua':
		case 'yellow':
		case 'purple':
		case 'orange':
			return ['#f8f8f8', '#e8e8e8'];
		default:
			return ['#eeeeee', '#eeeeb0'];
	}
}

/**
 * A frame's fill. Frames named "--" and "-" (stack separators) are grey in every
 * palette, as flamegraph.pl draws them.
 */
export function frameColor(name: string, options: ColorOptions): string {
	if (name === '--') return 'rgb(160,160,160)';
	if (name === '-') return 'rgb(200,200,200)';
	if (options.palette === undefined) return options.random ? kindColor(name, Math.random() * 2 ** 32) : kindColor(name, hashName(name));
	let v1: number;
	let v2: number;
	let v3: number;
	if (options.hash) {
		v1 = nameHash(name);
		v2 = v3 = nameHash([...name].reverse().join(''));
	} else if (options.random) {
		v1 = Math.random();
		v2 = Math.random();
		v3 = Math.random();
	} else {
		v1 = v2 = v3 = perlRand(codePointSum(name));
	}
	return paletteColor(options.palette, name, v1, v2, v3);
}

/**
 * A differential frame's fill: red as it grew, blue as it shrank, white unchanged,
 * deeper the nearer the change is to the largest (flamegraph.pl's color_scale).
 */
export function deltaColor(delta: number, maxDelta: number, negate: boolean): string {
	const value = negate ? -delta : delta;
	if (value > 0) {
		const gb = Math.trunc((210 * (maxDelta - value)) / maxDelta);
		return `rgb(255,${gb},${gb})`;
	}
	if (value < 0) {
		const rg = Math.trunc((210 * (maxDelta + value)) / maxDelta);
		return `rgb(${rg},${rg},255)`;
	}
	return 'rgb(255,255,255)';
}

const rgb = (r: number, g: number, b: number): string => `rgb(${Math.floor(r)},${Math.floor(g)},${Math.floor(b)})`;

function kindColor(name: string, h: number): string {
	const a = (h & 0xff) / 255;
	const b = ((h >>> 8) & 0xff) / 255;
	const c = ((h >>> 16) & 0xff) / 255;
	switch (name === '' ? 'root' : frameKind(name)) {
		case 'kernel':
			return rgb(235 + 20 * a, 130 + 50 * b, 70 + 40 * c);
		case 'unknown': {
			const grey = 170 + 30 * a;
			return rgb(grey, grey, grey);
		}
		default:
			return rgb(205 + 50 * a, 230 * b, 55 * c);
	}
}

/** FNV-1a, then murmur3's finaliser so that all of the bytes used for colour vary. */
function hashName(name: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
	h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
	return (h ^ (h >>> 16)) >>> 0;
}

/** The palette of a multi-palette scheme (java, js, perl, wakeup) a frame falls in, by its name. */
function flatPalette(palette: Palette, name: string): Palette {
	switch (palette) {
		case 'java':
			if (/_\[j\]$/.test(name)) return 'green';
			if (/_\[i\]$/.test(name)) return 'aqua';
			if (/^L?(java|javax|jdk|net|org|com|io|sun)\//.test(name)) return 'green';
			if (name.includes(':::')) return 'green';
			if (name.includes('::')) return 'yellow';
			if (/_\[k\]$/.test(name)) return 'orange';
			return 'red';
		case 'perl':
			if (name.includes('::')) return 'yellow';
			if (name.includes('Perl') || name.includes('.pl')) return 'green';
			if (/_\[k\]$/.test(name)) return 'orange';
			return 'red';
		case 'js':
			if (/_\[j\]$/.test(name)) return name.includes('/') ? 'green' : 'aqua';
			if (name.includes('::')) return 'yellow';
			if (/\/.*\.js/.test(name)) return 'green';
			if (name.includes(':')) return 'aqua';
			if (name === ' ') return 'green';
			if (name.includes('_[k]')) return 'orange';
			return 'red';
		case 'wakeup':
			return 'aqua';
		default:
			return palette;
	}
}

function paletteColor(palette: Palette, name: string, v1: number, v2: number, v3: number): string {
	const int = Math.floor;
	switch (flatPalette(palette, name)) {
		case 'hot':
			return `rgb(${205 + int(50 * v3)},${int(230 * v1)},${int(55 * v2)})`;
		case 'mem':
			return `rgb(0,${190 + int(50 * v2)},${int(210 * v1)})`;
		case 'io': {
			const rg = 80 + int(60 * v1);
			return `rgb(${rg},${rg},${190 + int(55 * v2)})`;
		}
		case 'red': {
			const x = 50 + int(80 * v1);
			return `rgb(${200 + int(55 * v1)},${x},${x})`;
		}
		case 'green': {
			const x = 50 + int(60 * v1);
			return `rgb(${x},${200 + int(55 * v1)},${x})`;
		}
		case 'blue': {
			const x = 80 + int(60 * v1);
			return `rgb(${x},${x},${205 + int(50 * v1)})`;
		}
		case 'yellow': {
			const x = 175 + int(55 * v1);
			return `rgb(${x},${x},${50 + int(20 * v1)})`;
		}
		case 'purple': {
			const x = 190 + int(65 * v1);
			return `rgb(${x},${80 + int(60 * v1)},${x})`;
		}
		case 'aqua':
			return `rgb(${50 + int(60 * v1)},${165 + int(55 * v1)},${165 + int(55 * v1)})`;
		case 'orange':
			return `rgb(${190 + int(65 * v1)},${90 + int(65 * v1)},0)`;
		default:
			return 'rgb(0,0,0)';
	}
}

/**
 * flamegraph.pl's namehash: a value in [0, 1] from the first three characters, early
 * ones weighing most, after cutting a module prefix ("mod`func").
 */
function nameHash(name: string): number {
	let vector = 0;
	let weight = 1;
	let max = 1;
	let mod = 10;
	for (const c of name.replace(/.(.*?)`/, '')) {
		const i = c.codePointAt(0)! % mod;
		vector += (i / (mod++ - 1)) * weight;
		max += weight;
		weight *= 0.7;
		if (mod > 12) break;
	}
	return 1 - vector / max;
}

/** perl's unpack("%32W*", name): the sum of the characters, modulo 2^32. */
function codePointSum(name: string): number {
	let sum = 0;
	for (const c of name) sum = (sum + c.codePointAt(0)!) % 2 ** 32;
	return sum;
}

/**
 * perl's rand(1) just after srand(seed): its own drand48 (seeded as seed·2^16 + 0x330E;
 * x' = 0x5DEECE66D·x + 0xB mod 2^48), in 24-bit halves so doubles stay exact.
 */
function perlRand(seed: number): number {
	const TWO24 = 2 ** 24;
	const x = seed * 2 ** 16 + 0x330e;
	const xh = Math.floor(x / TWO24);
	const xl = x % TWO24;
	const ah = 0x5de;
	const al = 0xece66d;
	const mid = (xh * al + xl * ah) % TWO24;
	return ((xl * al + mid * TWO24 + 0xb) % 2 ** 48) / 2 ** 48;
}
