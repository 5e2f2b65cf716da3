/**
 * Every exit path runs the cleanup (kill collectors, restore the terminal) once: a crash,
 * a rejected promise, and each signal.
 */
import {spawn} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {repoRoot} from '../support/requirements.js';

const guard = `${repoRoot}dist/source/exit-guard.js`;

function runScript(body: string, signal?: NodeJS.Signals) {
	const script = `import {guardExit} from '${guard}';\nguardExit(() => process.stdout.write('CLEANED\\n'));\n${body}`;
	const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', d => {
		stdout += d;
		if (signal && stdout.includes('READY')) child.kill(signal);
	});
	child.stderr.on('data', d => (stderr += d));
	return new Promise<{code: number | null; stdout: string; stderr: string}>(resolve => child.on('exit', code => resolve({code, stdout, stderr})));
}

describe('exit guard', () => {
	it('cleans up once and says one line on an uncaught exception', async () => {
		const r = await runScript(`setTimeout(() => { throw new Error('boom'); }, 10);`);
		expect(r.code).toBe(70);
		expect(r.stdout).toBe('CLEANED\n');
		expect(r.stderr).toBe('tracetop: internal error: boom\n');
	});

	it('cleans up on an unhandled rejection', async () => {
		const r = await runScript(`Promise.reject(new Error('nope'));`);
		expect(r.code).toBe(70);
		expect(r.stdout).toBe('CLEANED\n');
		expect(r.stderr).toBe('tracetop: internal error: nope\n');
	});

	it.each([
		['SIGINT', 130],
		['SIGTERM', 143],
		['SIGHUP', 129],
	] as const)('cleans up on %s and exits %i', async (signal, code) => {
		const r = await runScript(`process.stdout.write('READY\\n'); setInterval(() => {}, 1000);`, signal);
		expect(r.code).toBe(code);
		expect(r.stdout).toBe('READY\nCLEANED\n');
	});
});
