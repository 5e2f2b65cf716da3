/**
 * The `e` export: a folder tracetop-<host>-<timestamp>/ with snapshot.json and every
 * file the panes contribute, for the frozen (or newest) interval. Written by
 * writeFolderSafe: 0700, files 0600, complete or absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {ExportFile, Pane} from '../panes/pane.js';
import {writeFolderSafe} from '../safety/safe-file.js';
import {visibleSamples, type TracetopState} from '../store/store.js';
import {buildSnapshot} from './snapshot-json.js';

const stamp = (date: Date): string => date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').replace('T', '-');

const safeHost = (host: string): string => host.replace(/[^A-Za-z0-9._-]/g, '_');

export function exportFolderName(host: string, date: Date): string {
	return `tracetop-${safeHost(host)}-${stamp(date)}`;
}

export function writeExport(dir: string, state: TracetopState, panes: ReadonlyArray<Pane<any, any>>, now = new Date()): string {
	const samples = new Map<string, unknown[]>();
	const times = new Map<string, number>();
	let at: number | undefined;
	let intervals = 1;
	for (const pane of panes) {
		const visible = visibleSamples(state, pane.id);
		if (visible.sample !== undefined) {
			samples.set(pane.id, [visible.sample]);
			times.set(pane.id, visible.t ?? 0);
			at = Math.max(at ?? 0, visible.t ?? 0);
			intervals = Math.max(intervals, visible.intervals);
		}
	}
	const intervalMs = state.info.intervalSec * 1000;
	const doc = buildSnapshot(state.info, panes, samples, Math.max(0, (at ?? 0) - intervals * intervalMs), intervals * state.info.intervalSec);
	const files: ExportFile[] = [{name: 'snapshot.json', content: JSON.stringify(doc, null, 2) + '\n'}];
	for (const pane of panes) {
		const sample = samples.get(pane.id)?.[0];
		if (sample === undefined || !pane.exportFiles) continue;
		const context = {endMs: state.info.startedAt + (times.get(pane.id) ?? 0), hz: state.info.hz, baseline: state.baselines[pane.id]?.sample};
		files.push(...pane.exportFiles(sample, context));
	}
	// lstat, not exists: a dangling symlink at the name is taken too, never written through.
	const taken = (p: string) => fs.lstatSync(p, {throwIfNoEntry: false}) !== undefined;
	let target = path.join(dir, exportFolderName(state.info.host, now));
	for (let n = 2; taken(target); n++) target = path.join(dir, `${exportFolderName(state.info.host, now)}-${n}`);
	writeFolderSafe(target, files);
	return target;
}
