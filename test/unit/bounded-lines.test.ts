import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {afterAll, describe, expect, it} from 'vitest';
import {blockLines, inputBytes, inputLines, InputError, LineSplitter} from '../../source/safety/bounded-lines.js';
import {readBounded} from '../../source/safety/bounded-read.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracetop-bounded-'));
afterAll(() => fs.rmSync(dir, {recursive: true, force: true}));

function split(chunks: string[], limits: ConstructorParameters<typeof LineSplitter>[0]) {
	const s = new LineSplitter(limits);
	const lines: string[] = [];
	for (const c of chunks) {
		const block = s.push(Buffer.from(c));
		if (block) lines.push(...blockLines(block));
	}
	const tail = s.end();
	if (tail) lines.push(...blockLines(tail));
	return {lines, cut: s.cutLines};
}

const collect = async (it: AsyncIterable<string>) => {
	const out: string[] = [];
	for await (const x of it) out.push(x);
	return out;
};

describe('LineSplitter', () => {
	it('splits across chunks, drops CR before LF, keeps an unterminated last line', () => {
		expect(split(['a\r\nb', 'c\n', '', 'd'], {})).toEqual({lines: ['a', 'bc', 'd'], cut: 0});
		expect(split(['\n\n'], {})).toEqual({lines: ['', ''], cut: 0});
	});

	it('drops and counts lines over the bound, wherever they are cut', () => {
		expect(split(['ok\n', 'x'.repeat(5), 'x'.repeat(5), '\nfine\n'], {maxLineBytes: 8})).toEqual({lines: ['ok', 'fine'], cut: 1});
		expect(split(['1234567890\nab\n123456789012\n'], {maxLineBytes: 8})).toEqual({lines: ['ab'], cut: 2});
		expect(split(['x'.repeat(20)], {maxLineBytes: 8})).toEqual({lines: [], cut: 1});
	});

	it('truncates instead, for messages', () => {
		expect(split(['ERROR: ' + 'y'.repeat(50) + '\nnext\n'], {maxLineBytes: 10, long: 'truncate'})).toEqual({lines: ['ERROR: yyy', 'next'], cut: 1});
	});

	it('holds at most the bound of one endless line (a collector printing without newlines)', () => {
		const s = new LineSplitter({maxLineBytes: 1024});
		const chunk = Buffer.alloc(64 * 1024, 0x41);
		const before = process.memoryUsage().arrayBuffers;
		for (let i = 0; i < 2000; i++) expect(s.push(chunk)).toBeUndefined();
		expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 << 20);
		expect(blockLines(s.push(Buffer.from('\nok\n'))!)).toEqual(['ok']);
		expect(s.cutLines).toBe(1);
	});
});

describe('inputBytes and inputLines', () => {
	it('refuses a FIFO without blocking, and devices', async () => {
		const fifo = path.join(dir, 'fifo');
		execFileSync('mkfifo', [fifo]);
		await expect(collect(inputLines(fifo))).rejects.toThrow(/a FIFO, not a regular file/);
		await expect(collect(inputLines('/dev/zero'))).rejects.toThrow(/\/dev\/zero: a character device, not a regular file/);
		await expect(collect(inputLines(dir))).rejects.toThrow(InputError);
	});

	it('reads gzip transparently', async () => {
		const file = path.join(dir, 'a.gz');
		fs.writeFileSync(file, gzipSync('one\ntwo\n'));
		expect(await collect(inputLines(file))).toEqual(['one', 'two']);
	});

	it('refuses a gzip bomb by its ratio, and output past maxBytes', async () => {
		const file = path.join(dir, 'bomb.gz');
		fs.writeFileSync(file, gzipSync(Buffer.alloc(64 << 20)));
		let bytes = 0;
		await expect(
			(async () => {
				for await (const chunk of inputBytes(file)) bytes += chunk.length;
			})(),
		).rejects.toThrow(/gzip expands more than 250 times .* refusing a likely gzip bomb/);
		expect(bytes).toBeLessThanOrEqual(34 << 20);
		await expect(collect(inputLines(file, {maxBytes: 1 << 20}))).rejects.toThrow(/decompresses to more than 1\.0 MiB/);
	});

	it('with reuseChunks reads a plain file into one buffer, and a gzip file as before', async () => {
		const text = Array.from({length: 300_000}, (_, i) => `line ${i}`).join('\n');
		const plain = path.join(dir, 'big.txt');
		fs.writeFileSync(plain, text);
		const buffers = new Set<ArrayBufferLike>();
		let read = '';
		for await (const chunk of inputBytes(plain, {reuseChunks: true})) {
			buffers.add(chunk.buffer);
			read += chunk.toString('latin1');
		}
		expect(read).toBe(text);
		expect(buffers.size).toBe(1);
		const gz = path.join(dir, 'big.txt.gz');
		fs.writeFileSync(gz, gzipSync(text));
		let unzipped = '';
		for await (const chunk of inputBytes(gz, {reuseChunks: true})) unzipped += chunk.toString('latin1');
		expect(unzipped).toBe(text);
	});

	it('a gzip file cut off mid-way fails, unless told to end where it was cut', async () => {
		const file = path.join(dir, 'cut.gz');
		const whole = gzipSync(Array.from({length: 5000}, (_, i) => `line ${i}`).join('\n'));
		fs.writeFileSync(file, whole.subarray(0, whole.length / 2));
		await expect(collect(inputLines(file))).rejects.toThrow(/not valid gzip data/);
		const lines = await collect(inputLines(file, {tolerateTruncatedGzip: true}));
		expect(lines[0]).toBe('line 0');
	});
});

describe('readBounded', () => {
	it('reads /proc files (size 0) whole', () => {
		expect(readBounded('/proc/self/status')).toMatch(/^Name:/);
	});

	it('refuses files over the bound and non-regular files', () => {
		const file = path.join(dir, 'big');
		fs.writeFileSync(file, 'x'.repeat(100));
		expect(() => readBounded(file, 10)).toThrow(/larger than 10 bytes/);
		expect(readBounded(file, 100)).toHaveLength(100);
		expect(() => readBounded('/dev/zero')).toThrow(/character device/);
	});
});

describe('a 50 MB stderr line (a collector printing one endless message)', () => {
	it('costs a bounded, short time and keeps only the start of the message', async () => {
		const {PassThrough} = await import('node:stream');
		const {MESSAGE_LINE_BYTES, streamLines} = await import('../../source/safety/bounded-lines.js');
		const stream = new PassThrough();
		const messages: string[] = [];
		streamLines(stream, {maxLineBytes: MESSAGE_LINE_BYTES, long: 'truncate'}, line => messages.push(line));
		const chunk = Buffer.alloc(64 * 1024, 0x78);
		const started = performance.now();
		stream.write('ERROR: ');
		for (let sent = 0; sent < 50 << 20; sent += chunk.length) stream.write(chunk);
		stream.end('\nnext\n');
		await new Promise(r => stream.on('end', r));
		expect(performance.now() - started).toBeLessThan(3000);
		expect(messages).toHaveLength(2);
		expect(messages[0]!.length).toBe(MESSAGE_LINE_BYTES);
		expect(messages[0]!.startsWith('ERROR: xxx')).toBe(true);
		expect(messages[1]).toBe('next');
	});
});
