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
 * How an equivalent is matched: equivalents.mjs. An entry that matches no surviving mutant any more is
 * reported as stale (remove it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { oneLine, sortMutants } from './equivalents.mjs';
import { REQUIRED_SCORE } from './stryker.config.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
// `--report <file>`: another report of the same schema (test/mutation/ci.mjs passes incremental.json).
const reportArg = process.argv.indexOf('--report');
const REPORT = reportArg > 0 ? path.resolve(process.argv[reportArg + 1]) : path.join(ROOT, 'reports/mutation/mutation.json');

function main() {
	if (!fs.existsSync(REPORT)) {
		console.error(`No report at ${path.relative(ROOT, REPORT)}: run npm run test:mutation first.`);
		process.exit(2);
	}
	const report = JSON.parse(fs.readFileSync(REPORT, 'utf8'));
	const { perFile, undetected, equivalent, stale } = sortMutants(report);
	const detected = perFile.reduce((sum, file) => sum + file.detected, 0);
	const valid = perFile.reduce((sum, file) => sum + file.valid, 0);
	const equivalentCount = equivalent.length;

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
