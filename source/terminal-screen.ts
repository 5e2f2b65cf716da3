/**
 * The alternate screen, entered before the first frame and left on every exit path, so
 * the shell's screen comes back exactly as it was. `restore` is idempotent.
 */
const ENTER = '\x1b[?1049h\x1b[H';
const LEAVE = '\x1b[?25h\x1b[?1049l';

export interface Screen {
	restore(): void;
}

export function enterAlternateScreen(stream: NodeJS.WriteStream): Screen {
	stream.write(ENTER);
	let active = true;
	return {
		restore() {
			if (!active) return;
			active = false;
			if (stream.isTTY && process.stdin.isTTY) process.stdin.setRawMode?.(false);
			stream.write(LEAVE);
		},
	};
}
