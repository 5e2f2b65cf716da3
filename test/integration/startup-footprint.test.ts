/**
 * What starting a command costs: headless commands and --version load neither Ink nor
 * execa, the demo does not load execa (it starts no process), and the bundled build
 * (what `npm start` and the bin run) works for the dashboard and headless commands.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {cliPath, describeWhen, repoRoot, tmuxMissing} from '../support/requirements.js';
import {TmuxSession} from '../support/tmux.js';

const bundlePath = path.join(repoRoot, 'dist/bundle/cli.js');
const recorder = path.join(repoRoot, 'test/support/record-modules.mjs');

/** Module URLs loaded by `node dist/source/cli.js ARGS` (on a terminal for the dashboard), or by the bundle's cli.js. */
function modulesLoadedBy(args: string[], input = '', cli = cliPath): string[] {
	const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-modules-')), 'modules.txt');
	const command = `stty rows 30 cols 100; exec node --import ${recorder} ${cli} ${args.join(' ')}`;
	spawnSync('script', ['-qec', `timeout --foreground -s TERM 3 sh -c '${command}'`, '/dev/null'], {
		input,
		env: {...process.env, TRACETOP_MODULES_OUT: out},
		timeout: 20_000,
	});
	return fs.existsSync(out) ? fs.readFileSync(out, 'utf8').split('\n').filter(Boolean) : [];
}

const from = (urls: string[], pkg: string) => urls.filter(u => u.includes(`/node_modules/${pkg}/`));

describe('what a command loads', () => {
	it('--version and collapse load neither Ink, React nor execa', () => {
		for (const args of [['--version'], ['collapse', '-']]) {
			const urls = modulesLoadedBy(args);
			expect(urls.some(u => u.endsWith('/source/cli.js'))).toBe(true);
			expect([...from(urls, 'ink'), ...from(urls, 'react'), ...from(urls, 'execa')]).toEqual([]);
		}
	}, 60_000);

	it('collapse parses its own options without loading the panes or the dashboard options', () => {
		const urls = modulesLoadedBy(['collapse', '-']);
		expect(urls.filter(u => /\/source\/(panes\/|options\.js)/.test(u))).toEqual([]);
		// Only --inline starts processes.
		expect(urls).not.toContain('node:child_process');
	}, 60_000);

	it('the bundled collapse is one file beside the entry point and its helpers', () => {
		const urls = modulesLoadedBy(['collapse', '-'], '', bundlePath).filter(u => u.startsWith('file:'));
		expect(urls.some(u => u.endsWith('/dist/bundle/commands/collapse-main.js'))).toBe(true);
		expect(urls.length).toBeLessThanOrEqual(3);
	}, 60_000);

	it('flame --input loads neither Ink, React, execa nor the panes, collectors or store', () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-flame-load-')), 'in.folded');
		fs.writeFileSync(file, 'main;work 3\n');
		const urls = modulesLoadedBy(['flame', '--input', file, '-o', `${file}.svg`]);
		expect(urls.some(u => u.endsWith('/source/commands/flame.js'))).toBe(true);
		expect(fs.existsSync(`${file}.svg`)).toBe(true);
		expect([...from(urls, 'ink'), ...from(urls, 'react'), ...from(urls, 'execa'), ...from(urls, 'zustand')]).toEqual([]);
		expect(urls.filter(u => /\/source\/(panes\/|options\.js|store\/|session\.js|commands\/(flame-record|open-session|collect-headless)\.js)|\/collectors\/(?!collector-spec|stack-key)/.test(u))).toEqual([]);
	}, 60_000);

	it('the bundled flame is one file beside the entry point', () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-flame-load-')), 'in.folded');
		fs.writeFileSync(file, 'main;work 3\n');
		const urls = modulesLoadedBy(['flame', '--input', file, '-o', `${file}.svg`], '', bundlePath).filter(u => u.startsWith('file:'));
		expect(fs.existsSync(`${file}.svg`)).toBe(true);
		expect(urls.some(u => u.endsWith('/dist/bundle/commands/flame-main.js'))).toBe(true);
		expect(urls.length).toBeLessThanOrEqual(2);
	}, 60_000);

	it('the demo draws with Ink but never loads execa (it starts no process)', () => {
		const urls = modulesLoadedBy(['--demo']);
		expect(from(urls, 'ink').length).toBeGreaterThan(0);
		expect(from(urls, 'execa')).toEqual([]);
	}, 60_000);
});

describe('the bundled build', () => {
	it('prints its version and runs headless commands', () => {
		const version = spawnSync(process.execPath, [bundlePath, '--version'], {encoding: 'utf8'});
		expect(version.stdout).toMatch(/^tracetop \d+\.\d+\.\d+/);
		const folded = spawnSync(process.execPath, [bundlePath, 'collapse', '--input-format', 'folded', '-'], {input: 'main;work 3\n', encoding: 'utf8'});
		expect(folded.status).toBe(0);
		expect(folded.stdout).toBe('main;work 3\n');
	});
});

const sessions: TmuxSession[] = [];
afterEach(() => {
	for (const s of sessions.splice(0)) s.kill();
});

describeWhen(tmuxMissing(), 'the bundled build in tmux', () => {
	it('draws the demo dashboard and quits', async () => {
		const t = TmuxSession.start('tt-bundle', `sh -c 'cd ${repoRoot}; node ${bundlePath} --demo; echo EXIT=$?; sleep 60'`);
		sessions.push(t);
		await t.waitForText(/usecs +count +distribution/, 20_000);
		t.keys('q');
		await t.waitForText(/EXIT=0/);
	}, 40_000);
});
