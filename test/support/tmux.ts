/** Drive tracetop in a real terminal: tmux sessions, keys and screen captures. */
import {execFileSync} from 'node:child_process';
import {waitFor} from './processes.js';

export class TmuxSession {
	constructor(readonly name: string) {}

	static start(name: string, command: string, columns = 100, rows = 30): TmuxSession {
		new TmuxSession(name).kill();
		execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), command]);
		return new TmuxSession(name);
	}

	keys(...keys: string[]): void {
		execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
	}

	resize(columns: number, rows: number): void {
		execFileSync('tmux', ['resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows)]);
	}

	screen(): string {
		return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name]).toString();
	}

	lines(): string[] {
		return this.screen().split('\n');
	}

	/** Pid of the program running in the session's pane. */
	panePid(): number {
		return Number(execFileSync('tmux', ['display-message', '-p', '-t', this.name, '#{pane_pid}']).toString().trim());
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
			execFileSync('tmux', ['kill-session', '-t', this.name], {stdio: 'ignore'});
		} catch {
			// already gone
		}
	}
}
