import {useInput} from 'ink';

/** Line editing for the `/` filter prompt: Enter applies, Esc cancels. */
export function useFilterInput(
	draft: string | null,
	handlers: {change(text: string): void; apply(text: string): void; cancel(): void},
): void {
	useInput(
		(input, key) => {
			if (draft === null) return;
			if (key.escape) return handlers.cancel();
			if (key.return) return handlers.apply(draft);
			if (key.backspace || key.delete) return handlers.change(draft.slice(0, -1));
			if (key.ctrl && input === 'u') return handlers.change('');
			if (!key.ctrl && !key.meta && input && !/[\x00-\x1f]/.test(input)) handlers.change(draft + input);
		},
		{isActive: draft !== null},
	);
}
