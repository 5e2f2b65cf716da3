import {useCallback, useRef, useState} from 'react';
import type {Key} from 'ink';

export interface FilterPrompt {
	/** Text being typed after `/`, or null when the prompt is closed. */
	draft: string | null;
	/** Read at key time, not render time: keys can arrive faster than renders. */
	isOpen(): boolean;
	open(initial: string): void;
	/** Handle a key if the prompt is open; true when it took the key. */
	handleKey(input: string, key: Key): boolean;
}

/**
 * Line editing for the `/` filter prompt: Enter applies, Esc cancels, Backspace and
 * Ctrl-U edit, Ctrl-C still quits. The text lives in a ref as well as in state, so keys
 * that arrive in one burst (a paste, a fast typist on a slow link) all count. It has no
 * input handler of its own: the shell's one handler asks it first, so a key is never
 * seen by both (Esc cancelling the prompt must not also clear the filter).
 */
export function useFilterPrompt(handlers: {apply(text: string): void; quit(): void}): FilterPrompt {
	const [draft, setDraft] = useState<string | null>(null);
	const current = useRef<string | null>(null);
	const update = useCallback((next: string | null) => {
		current.current = next;
		setDraft(next);
	}, []);
	const handleKey = (input: string, key: Key): boolean => {
		const text = current.current;
		if (text === null) return false;
		if (key.ctrl && input === 'c') handlers.quit();
		else if (key.escape) update(null);
		else if (key.return) {
			update(null);
			handlers.apply(text);
		} else if (key.backspace || key.delete) update(text.slice(0, -1));
		else if (key.ctrl && input === 'u') update('');
		else if (!key.ctrl && !key.meta && input && !/[\x00-\x1f]/.test(input)) update(text + input);
		return true;
	};
	return {draft, isOpen: () => current.current !== null, open: update, handleKey};
}
