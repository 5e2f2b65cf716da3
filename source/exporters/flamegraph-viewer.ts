/**
 * The flame graph SVG's viewer: flamegraph.pl's interactions (hover for details, click to
 * zoom, Reset Zoom, Search or Ctrl-F/F3 by regex with the matched share, Ctrl-I or "ic"
 * for case-insensitive search, Esc to reset) in a script that learns everything from the
 * drawn frames: name and count from each tooltip, geometry from each rect, nesting from
 * document order (a frame's callees follow it, deeper than it, up to the next frame at
 * its depth or above). Zooming recomputes from the original geometry, so there is no
 * state to undo. Only getAttribute/setAttribute/textContent/children are used, which
 * every SVG viewer with scripting has.
 *
 * The script never contains a frame name (it reads them back from the tooltips); what it
 * is given is numbers and the --nametype label, as an escaped string literal.
 */

export interface ViewerSettings {
	/** Average glyph width: labels are cut to fit by this estimate. */
	charWidth: number;
	/** Shown before a frame's tooltip in the details line ("Function:"). */
	nameType: string;
	searchFill: string;
}

/**
 * A JavaScript string literal that is inert inside CDATA and an XML document: no "]]>",
 * no markup characters, no line separators.
 */
const scriptString = (text: string): string =>
	JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function viewerScript({charWidth, nameType, searchFill}: ViewerSettings): string {
	return `
'use strict';
(function () {
	var CHAR_WIDTH = ${charWidth}, SEARCH_FILL = ${scriptString(searchFill)}, NAME_TYPE = ${scriptString(nameType === '' ? '' : `${nameType} `)};
	var TOOLTIP = /^([\\s\\S]*) \\(([\\d,.]+) [\\s\\S]*, [\\d.]+%(?:; [+-]?[\\d.]+%)?\\)$/;
	var frames = document.getElementById('frames').children;
	if (frames.length === 0) return;
	var details = document.getElementById('details');
	var matched = document.getElementById('matched');
	var searchButton = document.getElementById('search');
	var caseButton = document.getElementById('ignorecase');
	var unzoomButton = document.getElementById('unzoom');
	var names = [], counts = [], x0 = [], w0 = [], fills = [], labels = [], level = [], tips = [], index = new Map();
	var rootY = parseFloat(frames[0].children[1].getAttribute('y'));
	for (var i = 0; i < frames.length; i++) {
		var rect = frames[i].children[1];
		index.set(frames[i], i);
		tips[i] = frames[i].children[0].textContent;
		var m = TOOLTIP.exec(tips[i]);
		names[i] = m ? m[1] : tips[i];
		counts[i] = m ? parseFloat(m[2].replace(/,/g, '')) : 0;
		x0[i] = parseFloat(rect.getAttribute('x'));
		w0[i] = parseFloat(rect.getAttribute('width'));
		fills[i] = rect.getAttribute('fill');
		labels[i] = frames[i].children[2].textContent;
		level[i] = Math.abs(parseFloat(rect.getAttribute('y')) - rootY);
	}
	var searching = false, term = null, ignoreCase = false;

	function frameOf(node) {
		for (; node; node = node.parentNode) if (index.has(node)) return index.get(node);
		return -1;
	}
	// As flamegraph.pl labels: as many characters as fit, the last two of them ".." when cut.
	function label(i, width) {
		var chars = Math.floor(width / CHAR_WIDTH);
		if (chars < 3) return '';
		var all = Array.from(names[i]);
		return chars >= all.length ? names[i] : all.slice(0, chars - 2).join('') + '..';
	}
	function place(i, x, width, text) {
		var rect = frames[i].children[1], label = frames[i].children[2];
		rect.setAttribute('x', x.toFixed(1));
		rect.setAttribute('width', width.toFixed(1));
		label.setAttribute('x', (x + 3).toFixed(2));
		label.textContent = text;
	}
	function zoom(at) {
		var scale = w0[0] / w0[at], end = at + 1, i;
		while (end < frames.length && level[end] > level[at]) end++;
		var ancestor = [], deepest = level[at];
		for (i = at - 1; i >= 0; i--) {
			if (level[i] < deepest) {
				ancestor[i] = true;
				deepest = level[i];
			}
		}
		for (i = 0; i < frames.length; i++) {
			if (ancestor[i]) {
				frames[i].setAttribute('class', 'parent');
				place(i, x0[0], w0[0], label(i, w0[0]));
			} else if (i >= at && i < end) {
				frames[i].setAttribute('class', '');
				place(i, x0[0] + (x0[i] - x0[at]) * scale, w0[i] * scale, label(i, w0[i] * scale));
			} else {
				frames[i].setAttribute('class', 'hide');
			}
		}
		unzoomButton.setAttribute('class', at === 0 ? 'hide' : '');
	}
	function resetZoom() {
		for (var i = 0; i < frames.length; i++) {
			frames[i].setAttribute('class', '');
			place(i, x0[i], w0[i], labels[i]);
		}
		unzoomButton.setAttribute('class', 'hide');
	}
	function search() {
		var re;
		try {
			re = new RegExp(term, ignoreCase ? 'i' : '');
		} catch (error) {
			matched.textContent = 'Invalid regex';
			return;
		}
		var sum = 0, inside = -1;
		for (var i = 1; i < frames.length; i++) {
			if (inside >= 0 && level[i] <= inside) inside = -1;
			var hit = re.test(names[i]);
			frames[i].children[1].setAttribute('fill', hit ? SEARCH_FILL : fills[i]);
			// A match inside a matched frame is already counted in it.
			if (hit && inside < 0) {
				sum += counts[i];
				inside = level[i];
			}
		}
		searching = true;
		searchButton.setAttribute('class', 'show');
		searchButton.textContent = 'Reset Search';
		var percent = 100 * sum / counts[0];
		matched.textContent = 'Matched: ' + (percent === 100 ? '100' : percent.toFixed(1)) + '%';
	}
	function resetSearch() {
		for (var i = 0; i < frames.length; i++) frames[i].children[1].setAttribute('fill', fills[i]);
		searching = false;
		term = null;
		searchButton.setAttribute('class', '');
		searchButton.textContent = 'Search';
		matched.textContent = ' ';
	}
	function askSearch() {
		var answer = window.prompt('Enter a search term (regexp allowed, eg: ^ext4_)' + (ignoreCase ? ', ignoring case' : '') + '\\nPress Ctrl-i to toggle case sensitivity', '');
		if (answer) {
			term = answer;
			search();
		}
	}
	function toggleCase() {
		ignoreCase = !ignoreCase;
		caseButton.setAttribute('class', ignoreCase ? 'show' : '');
		if (term !== null) search();
	}

	window.addEventListener('click', function (event) {
		var id = event.target.getAttribute ? event.target.getAttribute('id') : null;
		if (id === 'unzoom') return resetZoom();
		if (id === 'search') return searching ? resetSearch() : askSearch();
		if (id === 'ignorecase') return toggleCase();
		var at = frameOf(event.target);
		if (at >= 0) zoom(at);
	});
	window.addEventListener('mouseover', function (event) {
		var at = frameOf(event.target);
		if (at >= 0) details.textContent = NAME_TYPE + tips[at];
	});
	window.addEventListener('mouseout', function () {
		details.textContent = ' ';
	});
	window.addEventListener('keydown', function (event) {
		if (event.key === 'F3' || (event.ctrlKey && (event.key === 'f' || event.key === 'F'))) {
			event.preventDefault();
			askSearch();
		} else if (event.ctrlKey && (event.key === 'i' || event.key === 'I')) {
			event.preventDefault();
			toggleCase();
		} else if (event.key === 'Escape') {
			resetZoom();
			resetSearch();
		}
	});
})();
`;
}
