/**
 * The pass/fail of mutation testing, after a Stryker run (npm run test:mutation[:changed]):
 * reads reports/mutation/mutation.json (or --report <file>), takes out the mutants listed in test/mutation/equivalent-mutants.json
 * (each with its reason), prints the score per file and every undetected mutant left, and exits 1 below
 * REQUIRED_SCORE.
 *
 * Score = (Killed + Timeout) / (Killed + Timeout + Survived + NoCoverage), as Stryker counts it, minus
 * the listed equivalents. Ignored mutants (the editor's wording, see prose-ignorer.mjs) and those
 * that do not compile count for nothing either way.
 *
 * An equivalent is matched by file, mutator, the original code and the replacement (and, when given,
 * `line`: text the mutant's source line contains), not by line number, so it survives edits elsewhere
 * in the file. Each entry accounts for one mutant; an entry that matches no surviving mutant any more
 * is reported as stale (remove it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { REQUIRED_SCORE } from './stryker.config.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
// `--report <file>`: another report of the same schema (test/mutation/ci.mjs passes incremental.json).
const reportArg = process.argv.indexOf('--report');
const REPORT = reportArg > 0 ? path.resolve(process.argv[reportArg + 1]) : path.join(ROOT, 'reports/mutation/mutation.json');
const EQUIVALENTS = path.join(HERE, 'equivalent-mutants.json');

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

function originalCode(source, { start, end }) {
	const lines = source.split('\n');
	if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
	return [
		lines[start.line - 1].slice(start.column - 1),
		...lines.slice(start.line, end.line - 1),
		lines[end.line - 1].slice(0, end.column - 1),
	].join('\n');
}

const oneLine = (text) => text.replace(/\s+/g, ' ').trim();

function main() {
	if (!fs.existsSync(REPORT)) {
		console.error(`No report at ${path.relative(ROOT, REPORT)}: run npm run test:mutation first.`);
		process.exit(2);
	}
	const report = JSON.parse(fs.readFileSync(REPORT, 'utf8'));
	const equivalents = JSON.parse(fs.readFileSync(EQUIVALENTS, 'utf8')).equivalents;
	const used = new Set();

	const perFile = [];
	const undetected = [];
	let detected = 0;
	let valid = 0;
	let equivalentCount = 0;
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
					equivalentCount++;
					continue;
				}
				undetected.push({ file, line: mutant.location.start.line, mutant, original, replacement });
			}
			counts.valid++;
			if (DETECTED.has(mutant.status)) counts.detected++;
		}
		detected += counts.detected;
		valid += counts.valid;
		perFile.push({ file, ...counts });
	}

	const pct = (d, v) => (v === 0 ? 100 : (100 * d) / v);
	console.log('\nMutation score per file (killed + timed out / valid, listed equivalents left out):');
	for (const { file, detected: d, valid: v } of perFile) {
		console.log(`  ${pct(d, v).toFixed(1).padStart(5)}%  ${String(v - d).padStart(3)} undetected of ${String(v).padStart(3)}  ${file}`);
	}
	if (undetected.length > 0) {
		console.log(`\nUndetected mutants (${undetected.length}): kill each with a test, or list it in test/mutation/equivalent-mutants.json with the reason.`);
		for (const { file, line, mutant, original, replacement } of undetected) {
			const shorten = (text) => (text.length > 70 ? `${text.slice(0, 67)}...` : text);
			console.log(`  ${file}:${line} ${mutant.status} ${mutant.mutatorName}: ${shorten(original)}  ->  ${shorten(replacement)}`);
		}
	}
	const stale = equivalents.filter((_, index) => !used.has(index));
	if (stale.length > 0) {
		console.log(`\nStale entries in test/mutation/equivalent-mutants.json (no surviving mutant matches; remove them):`);
		for (const e of stale) console.log(`  ${e.file} ${e.mutator}: ${oneLine(e.original)} -> ${oneLine(e.replacement)}`);
	}
	const score = pct(detected, valid);
	const verdict = score >= REQUIRED_SCORE ? 'PASS' : 'FAIL';
	console.log(
		`\nMutation score ${score.toFixed(2)}% (${detected} of ${valid} valid mutants detected, ${equivalentCount} listed equivalents left out); required ${REQUIRED_SCORE}%: ${verdict}`,
	);
	console.log(`Report: ${path.relative(process.cwd(), path.join(ROOT, 'reports/mutation/mutation.html'))}`);
	process.exit(verdict === 'PASS' ? 0 : 1);
}

main();
