/**
 * The drawn frames of a flame graph SVG, tracetop's or flamegraph.pl's, for comparing
 * the two: each frame's tooltip, rect and label, decoded, in a stable order (flamegraph.pl
 * writes its frames in hash order). Also the page facts both print: size, title lines,
 * font, background, the notes comment.
 */

export interface DrawnFrame {
	tooltip: string;
	x: number;
	y: number;
	width: number;
	height: number;
	fill: string;
	labelX: number;
	labelY: number;
	label: string;
}

const ENTITIES: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"};
const decode = (text: string): string => text.replace(/&(\w+);/g, (entity, name: string) => ENTITIES[name] ?? entity);

// Both write <title>…</title><rect x y width height fill …/><text x y>label</text> per frame,
// with different whitespace and attribute order around it.
const FRAME =
	/<title>([^<]*)<\/title><rect x="([^"]*)" y="([^"]*)" width="([^"]*)" height="([^"]*)" fill="([^"]*)"[^>]*>\s*<text\s+x="([^"]*)" y="([^"]*)"\s*>([^<]*)<\/text>/g;

export function drawnFrames(svg: string): DrawnFrame[] {
	const frames: DrawnFrame[] = [];
	for (const m of svg.matchAll(FRAME)) {
		frames.push({
			tooltip: decode(m[1]!),
			x: Number(m[2]),
			y: Number(m[3]),
			width: Number(m[4]),
			height: Number(m[5]),
			fill: m[6]!,
			labelX: Number(m[7]),
			labelY: Number(m[8]),
			label: decode(m[9]!),
		});
	}
	const text = (f: DrawnFrame) => `${f.tooltip}\n${f.fill}\n${f.label}`;
	return frames.sort((a, b) => a.y - b.y || a.x - b.x || a.width - b.width || a.labelX - b.labelX || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

/** Frames without their colour, for graphs whose colours are random. */
export const shapes = (frames: DrawnFrame[]): Array<Omit<DrawnFrame, 'fill'>> => frames.map(({fill: _fill, ...rest}) => rest);

export interface PageFacts {
	width: number;
	height: number;
	title: string;
	subtitle?: string;
	fontFamily: string;
	fontSize: number;
	background: [string, string];
	notes?: string;
}

export function pageFacts(svg: string): PageFacts {
	const size = /<svg [^>]*width="([^"]*)" height="([^"]*)"/.exec(svg)!;
	const text = (id: string) => {
		const m = new RegExp(`<text id="${id}"[^>]*>([^<]*)</text>`).exec(svg);
		return m ? decode(m[1]!) : undefined;
	};
	const font = /text \{ ?font-family: ?([^;]*); ?font-size: ?([\d.]+)px/.exec(svg)!;
	const stops = [...svg.matchAll(/<stop stop-color="([^"]*)"/g)].map(m => m[1]!);
	const notes = /<!-- NOTES: (.*?) -->/.exec(svg)?.[1];
	return {
		width: Number(size[1]),
		height: Number(size[2]),
		title: text('title')!,
		...(text('subtitle') === undefined ? {} : {subtitle: text('subtitle')}),
		fontFamily: font[1]!,
		fontSize: Number(font[2]),
		background: [stops[0]!, stops[1]!],
		...(notes ? {notes} : {}),
	};
}
