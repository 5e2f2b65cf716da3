/**
 * Search patterns typed by the user (the `/` prompt): literal text by default, a regular
 * expression only on request (`re:` before it), and never able to block the UI.
 *
 * A backtracking regex such as `(.*)*#` takes exponential time on a long frame name and
 * would freeze the dashboard, `q` and SIGTERM included (they wait for the event loop).
 * So a regex runs on V8's linear-time engine (the `l` flag): no backreferences, no
 * lookaround, no large counted repeats, case-sensitive; one it cannot run is refused and the
 * text is searched literally, saying why. Each name is matched at most once per query
 * (memoized), at most MAX_NAME_CHARS of it, and a query that has used BUDGET_MS in
 * total falls back to literal matching: linear time per name, bounded time per query.
 */
import v8 from 'node:v8';

export const REGEX_PREFIX = 're:';
export const MAX_NAME_CHARS = 4096;
const BUDGET_MS = 250;
const MEMO_ENTRIES = 100_000;

export interface Search {
	matches(text: string): boolean;
	/** Why the search is not what was asked (a regex refused or too slow), for the status line. */
	readonly note: string | undefined;
}

let linearEngine = false;
function enableLinearEngine(): void {
	if (linearEngine) return;
	v8.setFlagsFromString('--enable-experimental-regexp-engine');
	linearEngine = true;
}

function literal(needle: string): (text: string) => boolean {
	const lower = needle.toLowerCase();
	return text => text.toLowerCase().includes(lower);
}

/** A search for `query`, or undefined for an empty one. */
export function compileSearch(query: string): Search | undefined {
	if (query === '') return undefined;
	if (!query.startsWith(REGEX_PREFIX)) {
		const test = literal(query);
		return {matches: test, note: undefined};
	}
	const source = query.slice(REGEX_PREFIX.length);
	enableLinearEngine();
	let re: RegExp;
	try {
		re = new RegExp(source, 'l');
	} catch (error) {
		const why = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
		return {matches: literal(source), note: `regex refused (${why}); searching the text literally`};
	}
	const fallback = literal(source);
	const memo = new Map<string, boolean>();
	let spentMs = 0;
	const search: {matches(text: string): boolean; note: string | undefined} = {
		note: undefined,
		matches(text) {
			const known = memo.get(text);
			if (known !== undefined) return known;
			let result: boolean;
			if (spentMs > BUDGET_MS) result = fallback(text);
			else {
				const started = performance.now();
				result = re.test(text.length > MAX_NAME_CHARS ? text.slice(0, MAX_NAME_CHARS) : text);
				spentMs += performance.now() - started;
				if (spentMs > BUDGET_MS) {
					// From here on every name is matched the same (literal) way.
					search.note = `regex took over ${BUDGET_MS} ms; searching the text literally`;
					memo.clear();
					result = fallback(text);
				}
			}
			if (memo.size >= MEMO_ENTRIES) memo.clear();
			memo.set(text, result);
			return result;
		},
	};
	return search;
}
