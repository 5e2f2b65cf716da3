/**
 * Imports run one way: `source/` never imports `tui/` (views only draw; headless
 * commands never load Ink) except at the one point where the dashboard command loads
 * the shell lazily, and no module imports itself through others (no cycles, counting
 * dynamic imports and type-only imports too).
 */
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {repoRoot} from '../support/requirements.js';

const ROOTS = ['source', 'collectors', 'tui', 'themes'];

function files(dir: string): string[] {
	return fs.readdirSync(path.join(repoRoot, dir), {withFileTypes: true}).flatMap(e => {
		const rel = path.join(dir, e.name);
		if (e.isDirectory()) return files(rel);
		return /\.tsx?$/.test(e.name) ? [rel] : [];
	});
}

/** Relative imports of a module, resolved to repository paths (.js → .ts or .tsx). */
function importsOf(file: string): string[] {
	const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
	const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)['"](\.[^'"]+)['"]/gm)].map(m => m[1]!);
	return specifiers.map(s => {
		const base = path.normalize(path.join(path.dirname(file), s)).replace(/\.js$/, '');
		return [`${base}.ts`, `${base}.tsx`].find(f => fs.existsSync(path.join(repoRoot, f))) ?? `${base} (missing)`;
	});
}

const graph = new Map(ROOTS.flatMap(files).map(f => [f, importsOf(f)]));

describe('module imports', () => {
	it('resolve to files that exist', () => {
		const missing = [...graph].flatMap(([f, deps]) => deps.filter(d => d.endsWith('(missing)')).map(d => `${f} → ${d}`));
		expect(missing).toEqual([]);
	});

	it('never go from source/ to tui/, but for the dashboard command loading the shell', () => {
		const edges = [...graph].flatMap(([f, deps]) => (f.startsWith('source/') ? deps.filter(d => d.startsWith('tui/')).map(d => `${f} → ${d}`) : []));
		expect(edges).toEqual(['source/commands/dashboard.ts → tui/render-dashboard.tsx']);
		const text = fs.readFileSync(path.join(repoRoot, 'source/commands/dashboard.ts'), 'utf8');
		expect(text).toMatch(/await import\('\.\.\/\.\.\/tui\/render-dashboard\.js'\)/);
		expect(text).not.toMatch(/from '\.\.\/\.\.\/tui/);
	});

	it('form no cycle', () => {
		const cycles: string[] = [];
		const state = new Map<string, 'open' | 'done'>();
		const visit = (f: string, trail: string[]) => {
			if (state.get(f) === 'done') return;
			if (state.get(f) === 'open') {
				cycles.push([...trail.slice(trail.indexOf(f)), f].join(' → '));
				return;
			}
			state.set(f, 'open');
			for (const d of graph.get(f) ?? []) visit(d, [...trail, f]);
			state.set(f, 'done');
		};
		for (const f of graph.keys()) visit(f, []);
		expect(cycles).toEqual([]);
	});
});
