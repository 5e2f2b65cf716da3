/**
 * Every way tracetop can end runs the same synchronous cleanup (kill collectors, close
 * the recording, restore the terminal) before the process goes: signals from the user
 * or a dropped SSH session, and crashes. SIGKILL cannot be caught; setpriv's
 * parent-death signal covers it.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_CODES: Record<(typeof SIGNALS)[number], number> = {SIGINT: 2, SIGTERM: 15, SIGHUP: 1};

export interface ExitGuard {
	/** Remove the handlers (after an orderly shutdown). */
	release(): void;
}

/**
 * `onSignal` may shut down gracefully and exit itself; when absent, or on a second
 * signal, cleanup runs and the process exits with 128 + the signal number.
 */
export function guardExit(cleanupOnce: () => void, onSignal?: (signal: NodeJS.Signals) => void): ExitGuard {
	let signalled = false;
	let cleaned = false;
	// A crash also ends in 'exit': clean up on whichever comes first, not twice.
	const cleanup = () => {
		if (cleaned) return;
		cleaned = true;
		cleanupOnce();
	};
	const handlers = SIGNALS.map(signal => {
		const handler = () => {
			if (onSignal && !signalled) {
				signalled = true;
				onSignal(signal);
				return;
			}
			cleanup();
			process.exit(128 + SIGNAL_CODES[signal]);
		};
		process.on(signal, handler);
		return [signal, handler] as const;
	});
	const crash = (error: unknown) => {
		cleanup();
		const text = error instanceof Error ? error.message : String(error);
		process.stderr.write(`tracetop: internal error: ${text}\n`);
		if (process.env.TRACETOP_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
		process.exit(70);
	};
	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);
	process.on('exit', cleanup);
	return {
		release() {
			for (const [signal, handler] of handlers) process.off(signal, handler);
			process.off('uncaughtException', crash);
			process.off('unhandledRejection', crash);
			process.off('exit', cleanup);
		},
	};
}
