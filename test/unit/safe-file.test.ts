import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {openRecorder} from '../../source/recording/recorder.js';
import {RECORDING_FORMAT, type RecordingHeader} from '../../source/recording/recording-format.js';
import {createFileSafe, FileWriteError, writeAll, writeFileSafe, writeFolderSafe} from '../../source/safety/safe-file.js';

let dir: string;
beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-safe-'));
});
afterEach(() => fs.rmSync(dir, {recursive: true, force: true}));

const mode = (p: string) => fs.statSync(p).mode & 0o777;
/** A file standing for a root-only file an attacker wants overwritten. */
const victim = () => {
	const file = path.join(dir, 'victim');
	fs.writeFileSync(file, 'precious');
	return file;
};

const header: RecordingHeader = {
	format: RECORDING_FORMAT,
	version: 1,
	host: 'h',
	kernel: 'k',
	arch: 'x86_64',
	bpftraceVersion: '0.17.0',
	startTime: new Date(0).toISOString(),
	options: {intervalSec: 1, pids: [], panes: {}},
	collectors: [],
};

describe('writeFileSafe (exports, flame -o)', () => {
	it('writes 0600 and leaves no temporary file', () => {
		const out = path.join(dir, 'cpu.svg');
		writeFileSafe(out, 'x');
		expect(fs.readFileSync(out, 'utf8')).toBe('x');
		expect(mode(out)).toBe(0o600);
		expect(fs.readdirSync(dir)).toEqual(['cpu.svg']);
	});

	it('refuses an existing target with a one-line error naming --force, and keeps it', () => {
		const out = victim();
		expect(() => writeFileSafe(out, 'x')).toThrow(FileWriteError);
		expect(() => writeFileSafe(out, 'x')).toThrow(/already exists; .*--force/);
		expect(fs.readFileSync(out, 'utf8')).toBe('precious');
	});

	it('never writes through a symlink at the target, with or without --force', () => {
		const target = victim();
		const link = path.join(dir, 'cpu.svg');
		fs.symlinkSync(target, link);
		expect(() => writeFileSafe(link, 'x')).toThrow(/already exists/);
		writeFileSafe(link, 'new', {force: true});
		expect(fs.readFileSync(target, 'utf8')).toBe('precious');
		expect(fs.lstatSync(link).isSymbolicLink()).toBe(false);
		expect(fs.readFileSync(link, 'utf8')).toBe('new');
	});

	it('a symlink planted at the old predictable temp name is not followed', () => {
		const target = victim();
		const out = path.join(dir, 'cpu.svg');
		for (let pid = process.pid - 2; pid <= process.pid + 2; pid++) fs.symlinkSync(target, path.join(dir, `.cpu.svg.${pid}.tmp`));
		writeFileSafe(out, 'x');
		expect(fs.readFileSync(target, 'utf8')).toBe('precious');
	});
});

describe('createFileSafe and the recorder (record -o, --record)', () => {
	it('refuses a symlink planted at the recording path', () => {
		const target = victim();
		const link = path.join(dir, 'rec.jsonl');
		fs.symlinkSync(target, link);
		expect(() => openRecorder(link, header)).toThrow(/already exists/);
		const forced = openRecorder(link, header, {force: true});
		forced.close();
		expect(fs.readFileSync(target, 'utf8')).toBe('precious');
		expect(mode(link)).toBe(0o600);
	});

	it('refuses a dangling symlink (the link would create the file elsewhere)', () => {
		const link = path.join(dir, 'rec.jsonl');
		fs.symlinkSync(path.join(dir, 'elsewhere'), link);
		expect(() => createFileSafe(link)).toThrow(FileWriteError);
		expect(fs.existsSync(path.join(dir, 'elsewhere'))).toBe(false);
	});

	it('--force never removes a folder', () => {
		fs.mkdirSync(path.join(dir, 'd'));
		expect(() => createFileSafe(path.join(dir, 'd'), {force: true})).toThrow(/is a directory/);
	});
});

describe('writeFolderSafe (the e export)', () => {
	it('makes the folder 0700 and its files 0600', () => {
		const target = path.join(dir, 'tracetop-h-1');
		writeFolderSafe(target, [{name: 'snapshot.json', content: '{}'}]);
		expect(mode(target)).toBe(0o700);
		expect(mode(path.join(target, 'snapshot.json'))).toBe(0o600);
		expect(fs.readdirSync(dir)).toEqual(['tracetop-h-1']);
	});

	it('refuses a name that would leave the folder', () => {
		expect(() => writeFolderSafe(path.join(dir, 'x'), [{name: '../escape', content: ''}])).toThrow(/not a plain file name/);
		expect(fs.readdirSync(dir)).toEqual([]);
	});
});

describe('write errors', () => {
	it('a write to a full device is a one-line FileWriteError', () => {
		const fd = fs.openSync('/dev/full', 'w');
		try {
			expect(() => writeAll(fd, 'x'.repeat(10), 'out')).toThrow(/^out: write failed after 0 of 10 bytes: no space left on the device \(ENOSPC\)$/);
		} finally {
			fs.closeSync(fd);
		}
	});

	const root = process.getuid?.() === 0;
	it.skipIf(!root)('a recording into a full file system stops with onError once, and the file holds whole lines before the cut (needs root for a tmpfs)', () => {
		const mnt = path.join(dir, 'mnt');
		fs.mkdirSync(mnt);
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]);
		try {
			const errors: string[] = [];
			const rec = openRecorder(path.join(mnt, 'r.jsonl'), header, {onError: e => errors.push(e.message)});
			for (let i = 0; i < 2000; i++) rec.write({t: i, c: 'x', line: 'y'.repeat(100)});
			rec.close();
			expect(errors).toHaveLength(1);
			expect(errors[0]).toMatch(/r\.jsonl: write failed after \d+ of \d+ bytes: no space left on the device \(ENOSPC\)/);
		} finally {
			execFileSync('umount', [mnt]);
		}
	});
});
