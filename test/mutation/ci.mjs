/**
 * The mutation step of .ci/run. test/mutation/incremental.json is the report of the last Stryker run,
 * kept in git with the source of every mutated file and every test file it ran. When the sources and
 * tests of this checkout are exactly those, the kept report IS the result for this code: its score is
 * checked (check-score.mjs --report) with no Stryker run. Otherwise Stryker runs in incremental mode
 * (npm run test:mutation:changed): only mutants in changed code, or covered by changed tests, run again;
 * the rest keep their kept result. Either way the verdict is check-score's: below 90% CI fails.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const KEPT = path.join(ROOT, 'test/mutation/incremental.json');

/** Every file under a folder whose name passes the test, as paths relative to ROOT. */
function filesUnder(folder, accept) {
	const found = [];
	const walk = (dir) => {
		for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
			const rel = path.posix.join(dir, entry.name);
			if (entry.isDirectory()) walk(rel);
			else if (accept(rel)) found.push(rel);
		}
	};
	walk(folder);
	return found;
}

/** Why the kept report does not describe this checkout, or null when it does. */
function differenceFromKept() {
	if (!fs.existsSync(KEPT)) return 'no kept report (test/mutation/incremental.json)';
	const kept = JSON.parse(fs.readFileSync(KEPT, 'utf8'));
	const mutated = [
		...filesUnder('nodes', (f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
		...filesUnder('credentials', (f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
	];
	const keptMutated = Object.keys(kept.files ?? {});
	for (const file of mutated) {
		if (!(file in kept.files)) return `${file} is new`;
		if (kept.files[file].source !== fs.readFileSync(path.join(ROOT, file), 'utf8')) return `${file} changed`;
	}
	const gone = keptMutated.find((file) => !mutated.includes(file));
	if (gone) return `${gone} is gone`;
	// Test files as Stryker names them (relative, or absolute inside its sandbox: compare the tail).
	const keptTests = Object.entries(kept.testFiles ?? {}).map(([name, t]) => [
		name.replace(/^.*?(?=test\/)/, ''),
		t.source,
	]);
	if (keptTests.length === 0) return 'the kept report names no test files';
	for (const [file, source] of keptTests) {
		const here = path.join(ROOT, file);
		if (!fs.existsSync(here)) return `${file} is gone`;
		if (source !== undefined && source !== fs.readFileSync(here, 'utf8')) return `${file} changed`;
	}
	const keptNames = new Set(keptTests.map(([file]) => file));
	// The suites stryker.config.mjs runs: every test file outside the folders it leaves out.
	const leftOut = /^test\/(e2e|emulator|harness|package)\//;
	const newTest = filesUnder('test', (f) => f.endsWith('.test.js') && !leftOut.test(f)).find((f) => !keptNames.has(f));
	if (newTest) return `${newTest} is new`;
	return null;
}

const run = (command, args) => spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' }).status ?? 1;

const difference = differenceFromKept();
if (difference === null) {
	console.log('mutation: sources and tests are those of test/mutation/incremental.json; checking its score');
	process.exit(run('node', ['test/mutation/check-score.mjs', '--report', KEPT]));
}
console.log(`mutation: ${difference}; Stryker runs the changed mutants (incremental)`);
process.exit(run('npm', ['run', 'test:mutation:changed']));
