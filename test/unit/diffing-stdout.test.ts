import {EventEmitter} from 'node:events';
import {expect, it} from 'vitest';
import {diffingStdout} from '../../tui/terminal/diffing-stdout.js';

function fakeTerminal(columns: number, rows: number) {
	const written: string[] = [];
	const terminal = Object.assign(new EventEmitter(), {columns, rows, write: (s: string) => written.push(s) > 0});
	return {terminal, written};
}

it('reports the terminal size as it changes and forwards resize events', () => {
	const {terminal} = fakeTerminal(100, 30);
	const {stream, dispose} = diffingStdout(terminal as unknown as NodeJS.WriteStream);
	expect([stream.columns, stream.rows]).toEqual([100, 30]);
	let resized = 0;
	stream.on('resize', () => resized++);
	Object.assign(terminal, {columns: 120, rows: 40});
	terminal.emit('resize');
	expect([stream.columns, stream.rows, resized]).toEqual([120, 40, 1]);
	dispose();
	terminal.emit('resize');
	expect(resized).toBe(1);
});

it('passes only what changed to the terminal, at once', () => {
	const {terminal, written} = fakeTerminal(80, 24);
	const {stream} = diffingStdout(terminal as unknown as NodeJS.WriteStream);
	stream.write('hello\n');
	stream.write('\x1b[1A\x1b[Ghelp!\x1b[K\n');
	expect(written).toEqual(['\x1b[1H\x1b[0mhello', '\x1b[1;4Hp!']);
});
