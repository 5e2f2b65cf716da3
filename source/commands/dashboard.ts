/**
 * Shows the dashboard on the alternate screen until the user quits (or `failed`
 * settles), with the terminal restored and `cleanup` run on every exit path. Shared by
 * the live/replay dashboard and `tracetop open`.
 */
import {initialTheme} from '../../themes/theme.js';
import {guardExit} from '../exit-guard.js';
import {enterAlternateScreen, type Screen} from '../terminal-screen.js';
import {StartError} from '../errors.js';
import type {ShellProps} from '../shell-props.js';

export interface DashboardOptions extends ShellProps {
	themeChoice?: string;
	/** Kill children and the like; runs on signals and crashes too. */
	cleanup(): void;
	/** Settles with an error that should end the dashboard (a broken recording). */
	failed?: Promise<unknown>;
	/** Runs once the first frame is on the terminal (start the data source then). */
	onFirstFrame?(): void;
}

export function requireTerminal(): void {
	if (!process.stdout.isTTY || !process.stdin.isTTY) {
		throw new StartError('the dashboard needs a terminal; for scripts use tracetop snapshot, record or flame');
	}
}

/** Resolves when the user quits; rejects with what `failed` settled with. */
export async function runDashboard({themeChoice, cleanup, failed, onFirstFrame, ...props}: DashboardOptions): Promise<void> {
	let screen: Screen | undefined;
	const guard = guardExit(() => {
		cleanup();
		screen?.restore();
	});
	// Ink draws nothing until exit when CI or CONTINUOUS_INTEGRATION is set (it reads them
	// on import); the dashboard runs on a terminal, checked by the caller, so they do not apply.
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
	// The one place source/ reaches into tui/: loaded lazily, so headless commands never load Ink.
	const {renderDashboard} = await import('../../tui/render-dashboard.js');
	screen = enterAlternateScreen(process.stdout);
	let quit: () => void = () => undefined;
	const quitting = new Promise<void>(resolve => (quit = resolve));
	const dashboard = await renderDashboard({
		...props,
		theme: initialTheme(themeChoice, process.env, process.stdout.getColorDepth?.() ?? 8),
		onQuit: quit,
	});
	// Ink wrote the first frame synchronously in render(); let it reach the terminal first.
	if (onFirstFrame) setImmediate(onFirstFrame);
	const outcome = await Promise.race([quitting.then(() => undefined), failed ?? new Promise<never>(() => undefined)]);
	dashboard.unmount();
	screen.restore();
	guard.release();
	if (outcome instanceof Error) throw outcome;
}
