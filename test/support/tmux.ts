/** Drive tracetop in a real terminal: tmux sessions, keys and screen captures. */
import {execFileSync} from 'node:child_process';
import {waitFor} from './processes.js';

/**
 * A tmux server of this test process's own: tmux exits when its last session ends, and a
 * shared default server could be exiting just as another test file creates a session.
 */
const SOCKET = `tracetop-test-${process.pid}`;
const env = {...process.env, TERM: process.env.TERM || 'xterm-256color'};
const tmux = (args: string[], stdio?: 'ignore') => execFileSync('tmux', ['-L', SOCKET, ...args], {env, stdio});

process.on('exit', () => {
	try {
		tmux(['kill-server'], 'ignore');
	} catch {
		// no server left
	}
});

export class TmuxSession {
	constructor(readonly name: string) {}

	static start(name: string, command: string, columns = 100, rows = 30): TmuxSession {
		new TmuxSession(name).kill();
		tmux(['new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), command]);
		return new TmuxSession(name);
	}

	keys(...keys: string[]): void {
		tmux(['send-keys', '-t', this.name, ...keys]);
	}

	resize(columns: number, rows: number): void {
		tmux(['resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows)]);
	}

	screen(): string {
		return tmux(['capture-pane', '-p', '-t', this.name]).toString();
	}

	lines(): string[] {
		return this.screen().split('\n');
	}

	/** Pid of the program running in the session's pane. */
	panePid(): number {
		return Number(tmux(['display-message', '-p', '-t', this.name, '#{pane_pid}']).toString().trim());
	}

	async waitForText(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
		const screen = await waitFor(() => {
			const s = this.screen();
			return pattern.test(s) && s;
		}, timeoutMs, 100);
		if (!screen) throw new Error(`screen never matched ${pattern}; last screen:\n${this.screen()}`);
		return screen;
	}

	kill(): void {
		try {
			tmux(['kill-session', '-t', this.name], 'ignore');
		} catch {
			// already gone
		}
	}
}
