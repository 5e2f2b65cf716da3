/**
 * Colour themes. A theme names roles, not colours, so views never pick a colour
 * themselves; `mono` uses no colour at all (bold and inverse only) for NO_COLOR and
 * terminals with 16 colours or fewer.
 */
export interface Theme {
	name: string;
	/** False for the monochrome theme: views then mark emphasis with bold/inverse only. */
	color: boolean;
	text: string | undefined;
	dim: string | undefined;
	accent: string | undefined;
	bar: string | undefined;
	warn: string | undefined;
	error: string | undefined;
	ok: string | undefined;
	/** Background of the header, tab bar and status bar. */
	chrome: string | undefined;
	chromeText: string | undefined;
	/** Flame graph frames by kind. */
	kernel: string | undefined;
	user: string | undefined;
	unknown: string | undefined;
	/** Differential flame graph: unchanged frames, and the far ends of growth and shrinkage. */
	same: string | undefined;
	grew: string | undefined;
	shrank: string | undefined;
}

export const dark: Theme = {
	name: 'dark',
	color: true,
	text: '#d0d0d0',
	dim: '#808080',
	accent: '#5fafff',
	bar: '#5fd787',
	warn: '#ffaf00',
	error: '#ff5f5f',
	ok: '#5fd787',
	chrome: '#303030',
	chromeText: '#e4e4e4',
	kernel: '#ff8700',
	user: '#d7d700',
	unknown: '#a8a8a8',
	same: '#e4e4e4',
	grew: '#ff0000',
	shrank: '#3f6fff',
};

export const light: Theme = {
	name: 'light',
	color: true,
	text: '#1c1c1c',
	dim: '#6c6c6c',
	accent: '#005faf',
	bar: '#008700',
	warn: '#af5f00',
	error: '#d70000',
	ok: '#008700',
	chrome: '#d0d0d0',
	chromeText: '#000000',
	kernel: '#d75f00',
	user: '#878700',
	unknown: '#808080',
	same: '#8a8a8a',
	grew: '#d70000',
	shrank: '#0040d7',
};

export const mono: Theme = {
	name: 'mono',
	color: false,
	text: undefined,
	dim: undefined,
	accent: undefined,
	bar: undefined,
	warn: undefined,
	error: undefined,
	ok: undefined,
	chrome: undefined,
	chromeText: undefined,
	kernel: undefined,
	user: undefined,
	unknown: undefined,
	same: undefined,
	grew: undefined,
	shrank: undefined,
};

export const themes: readonly Theme[] = [dark, light, mono];

export const themeNames = themes.map(t => t.name);

export function themeByName(name: string): Theme | undefined {
	return themes.find(t => t.name === name);
}

/**
 * The theme to start with: an explicit choice wins; otherwise monochrome where colour is
 * unwanted (NO_COLOR, any value) or unavailable (16 colours or fewer), dark elsewhere.
 */
export function initialTheme(choice: string | undefined, env: NodeJS.ProcessEnv, colorDepth: number): Theme {
	if (choice) return themeByName(choice) ?? dark;
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return mono;
	if (colorDepth <= 4) return mono;
	return dark;
}

/** `#rrggbb` colours `from` and `to` mixed, `share` (0..1) of the way to `to`. */
export function mixColors(from: string, to: string, share: number): string {
	const channel = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
	const mixed = [0, 1, 2].map(i => Math.round(channel(from, i) + (channel(to, i) - channel(from, i)) * share));
	return '#' + mixed.map(c => c.toString(16).padStart(2, '0')).join('');
}

export const nextTheme = (current: Theme): Theme =>
	themes[(themes.indexOf(current) + 1) % themes.length] ?? dark;
