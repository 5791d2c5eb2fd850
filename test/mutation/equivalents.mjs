/**
 * Sorting a Stryker report's mutants with the listed equivalents (test/mutation/equivalent-mutants.json)
 * taken out: shared by check-score.mjs (the score) and changed.mjs (which mutants are worth running
 * again). An equivalent is matched by file, mutator, the original code and the replacement (and, when
 * given, `line`: text the mutant's source line contains), not by line number, so it survives edits
 * elsewhere in the file. Each entry accounts for one mutant.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const EQUIVALENTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'equivalent-mutants.json');

export const DETECTED = new Set(['Killed', 'Timeout']);
export const UNDETECTED = new Set(['Survived', 'NoCoverage']);

function originalCode(source, { start, end }) {
	const lines = source.split('\n');
	if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
	return [
		lines[start.line - 1].slice(start.column - 1),
		...lines.slice(start.line, end.line - 1),
		lines[end.line - 1].slice(0, end.column - 1),
	].join('\n');
}

export const oneLine = (text) => text.replace(/\s+/g, ' ').trim();

/**
 * Per file: detected and valid counts without the listed equivalents; every undetected mutant not
 * listed; the listed ones (`equivalent`); and the entries no surviving mutant matched (`stale`).
 */
export function sortMutants(report, equivalents = JSON.parse(fs.readFileSync(EQUIVALENTS, 'utf8')).equivalents) {
	const used = new Set();
	const perFile = [];
	const undetected = [];
	const equivalent = [];
	for (const [file, { source, mutants }] of Object.entries(report.files).sort()) {
		const counts = { detected: 0, valid: 0 };
		for (const mutant of mutants) {
			if (!DETECTED.has(mutant.status) && !UNDETECTED.has(mutant.status)) continue;
			const original = oneLine(originalCode(source, mutant.location));
			const replacement = oneLine(mutant.replacement ?? '');
			if (UNDETECTED.has(mutant.status)) {
				const line = source.split('\n')[mutant.location.start.line - 1];
				const match = equivalents.findIndex(
					(e, index) =>
						!used.has(index) &&
						e.file === file &&
						e.mutator === mutant.mutatorName &&
						oneLine(e.original) === original &&
						oneLine(e.replacement) === replacement &&
						(e.line === undefined || line.includes(e.line)),
				);
				if (match >= 0) {
					used.add(match);
					equivalent.push({ file, mutant });
					continue;
				}
				undetected.push({ file, line: mutant.location.start.line, mutant, original, replacement });
			}
			counts.valid++;
			if (DETECTED.has(mutant.status)) counts.detected++;
		}
		perFile.push({ file, ...counts });
	}
	const stale = equivalents.filter((_, index) => !used.has(index));
	return { perFile, undetected, equivalent, stale };
}
