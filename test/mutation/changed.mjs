/**
 * `npm run test:mutation:changed`: bring test/mutation/incremental.json (the kept Stryker report) up to
 * date with this checkout by running only what a change can have altered, then check the score.
 *
 * Stryker's incremental mode alone reruns every mutant whose killing test changed and every survivor
 * any new test covers, across all files: after a change to a test that covers the whole transport,
 * that was about 1,250 mutants and hours. Here the run is narrowed with `--mutate` (Stryker keeps the
 * kept result of every mutant outside it):
 *  - a source file that is new or changed: all of it;
 *  - when test files changed, are new or gone: the lines of each mutant that a test in such a file
 *    killed, and of each undetected mutant not listed as equivalent (a new test may kill it).
 * Inside that scope Stryker's own rules still apply (a killed mutant whose killing test is unchanged
 * keeps its result), except for static survivors, which are taken out first (dropStaticSurvivors).
 *
 *   node test/mutation/changed.mjs                  # run, then check-score.mjs
 *   node test/mutation/changed.mjs --print          # only print the scope
 *   node test/mutation/changed.mjs --concurrency 4  # other arguments go to Stryker
 *   node test/mutation/changed.mjs --only nodes/JuspayPayout/actions  # the part of the scope under
 *       these comma-separated paths: a long scope run in chunks, each kept (and recorded) when it ends
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

import { sortMutants } from './equivalents.mjs';
import { KEPT, ROOT, dropStaticSurvivors, keptTestFile, recordTested, sourceChanges, testFileChanges } from './kept-report.mjs';

/** The file a --mutate pattern names: `file` or `file:first-last`. */
const fileOf = (pattern) => pattern.split(':')[0];

/** The --mutate patterns for this checkout against the kept report, with why each is there. */
export function changedScope(kept) {
	const patterns = [];
	const reasons = [];
	for (const { file, why } of sourceChanges(kept)) {
		if (why === 'is gone') continue;
		patterns.push(file);
		reasons.push(`${file} ${why}`);
	}
	const { changed, added } = testFileChanges(kept);
	if (changed.length + added.length === 0) return { patterns, reasons, testsChanged: false };
	const changedTests = new Set(changed.map(({ file }) => file));
	reasons.push(`test files changed or gone: ${[...changedTests].join(', ') || 'none'}; new: ${added.join(', ') || 'none'}`);
	const testFileById = new Map();
	for (const [name, { tests }] of Object.entries(kept.testFiles ?? {})) {
		for (const test of tests) testFileById.set(test.id, keptTestFile(name));
	}

	const listed = new Set(sortMutants(kept).equivalent.map(({ mutant }) => mutant));
	const lines = new Map();
	for (const [file, { mutants }] of Object.entries(kept.files)) {
		if (patterns.includes(file)) continue;
		for (const mutant of mutants) {
			const killedByChanged = mutant.status === 'Killed' && (mutant.killedBy ?? []).some((id) => changedTests.has(testFileById.get(id)));
			const mayNowDie = (mutant.status === 'Survived' || mutant.status === 'NoCoverage') && !listed.has(mutant);
			if (!killedByChanged && !mayNowDie) continue;
			if (!lines.has(file)) lines.set(file, new Set());
			for (let line = mutant.location.start.line; line <= mutant.location.end.line; line++) lines.get(file).add(line);
		}
	}
	for (const [file, set] of lines) {
		// Consecutive lines as one range: file:first-last.
		const sorted = [...set].sort((a, b) => a - b);
		let first = sorted[0];
		for (let k = 1; k <= sorted.length; k++) {
			if (k < sorted.length && sorted[k] === sorted[k - 1] + 1) continue;
			patterns.push(`${file}:${first}-${sorted[k - 1]}`);
			first = sorted[k];
		}
	}
	return { patterns, reasons, testsChanged: true, listed };
}

function main() {
	const args = process.argv.slice(2);
	const printOnly = args.includes('--print');
	const onlyAt = args.indexOf('--only');
	const only = onlyAt >= 0 ? args[onlyAt + 1].split(',').filter(Boolean) : undefined;
	const strykerArgs = args.filter((a, k) => a !== '--print' && (onlyAt < 0 || (k !== onlyAt && k !== onlyAt + 1)));
	if (!fs.existsSync(KEPT)) {
		console.error('mutation: no kept report (test/mutation/incremental.json): run npm run test:mutation:steps');
		process.exit(2);
	}
	const kept = JSON.parse(fs.readFileSync(KEPT, 'utf8'));
	const scope = changedScope(kept);
	const { reasons, testsChanged, listed } = scope;
	const under = (file, prefix) => file === prefix || file.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
	const patterns = only ? scope.patterns.filter((pattern) => only.some((prefix) => under(fileOf(pattern), prefix))) : scope.patterns;
	for (const reason of reasons) console.log(`mutation: ${reason}`);
	if (only) console.log(`mutation: --only ${only.join(',')}: ${patterns.length} of ${scope.patterns.length} pattern(s)`);
	console.log(`mutation: --mutate ${patterns.length} pattern(s)${patterns.length ? `:\n  ${patterns.join('\n  ')}` : ''}`);
	if (printOnly) return 0;
	// Static survivors not listed as equivalent are all in the scope's lines: tested again. Listed ones
	// are outside it, so they stay; with --only, so do those in files outside the chunk.
	const chunkFiles = new Set(patterns.map(fileOf));
	const dropped = testsChanged ? dropStaticSurvivors(kept, (mutant, file) => listed.has(mutant) || (only !== undefined && !chunkFiles.has(file))) : 0;
	if (dropped > 0) {
		fs.writeFileSync(KEPT, JSON.stringify(kept));
		console.log(`mutation: ${dropped} static survivor(s) taken out of the kept report, to be tested again`);
	}
	// Nothing to rerun but tests changed: Stryker still has to run once to record the new tests, so it
	// mutates the smallest file (its mutants are killed by unchanged tests, so they keep their results).
	const mutate = patterns.length ? patterns : ['nodes/JuspayPayout/transport/endpoints.ts'];
	const run = (command, list) => spawnSync(command, list, { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
	const status = run('npx', ['stryker', 'run', 'test/mutation/stryker.config.mjs', '--mutate', mutate.join(','), ...strykerArgs]);
	if (status !== 0) return status;
	recordTested(mutate.filter((pattern) => fileOf(pattern) === pattern)); // whole files only
	return run('node', ['test/mutation/check-score.mjs']);
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main());
