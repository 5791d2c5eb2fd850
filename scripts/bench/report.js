'use strict';
/** Plain-text table for the terminal (and the README), and small number helpers. */

function fmtMs(ms) {
	if (ms === null || ms === undefined || Number.isNaN(ms)) return '-';
	return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function fmtNum(n) {
	if (n === null || n === undefined || Number.isNaN(n)) return '-';
	return Number(n).toLocaleString('en-US');
}

function fmtRatio(r) {
	return r === null || r === undefined || Number.isNaN(r) ? '-' : `${r.toFixed(2)}×`;
}

/** rows: array of arrays of strings; the first row is the header. Right-aligns cells that look numeric. */
function table(rows) {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
	const numeric = (s) => /^[\d,.\-–×% ]+(ms|s|MB|×|\/s)?$/.test(s) && s !== '-';
	const line = (r) =>
		`| ${r
			.map((cell, c) => {
				const s = String(cell ?? '');
				return numeric(s) ? s.padStart(widths[c]) : s.padEnd(widths[c]);
			})
			.join(' | ')} |`;
	const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
	return [line(rows[0]), sep, ...rows.slice(1).map(line)].join('\n');
}

function median(values) {
	const v = values.filter((x) => typeof x === 'number').sort((a, b) => a - b);
	if (!v.length) return null;
	const m = Math.floor(v.length / 2);
	return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** The run whose value is the median (lower median for an even count), so its figures stay consistent. */
function medianRun(runs, key) {
	const sorted = [...runs].sort((a, b) => (a[key] ?? Infinity) - (b[key] ?? Infinity));
	return sorted[Math.floor((sorted.length - 1) / 2)];
}

module.exports = { fmtMs, fmtNum, fmtRatio, table, median, medianRun };
