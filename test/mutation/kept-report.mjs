/**
 * Whether test/mutation/incremental.json (the kept Stryker report) describes this checkout: the same
 * mutated sources and the same test files. Used by ci.mjs (is the kept score this code's?) and by
 * steps.mjs (have the tests changed since the kept results?).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KEPT = path.join(ROOT, 'test/mutation/incremental.json');
/**
 * Which source each file's kept results were tested on (sha-256 per file). Stryker cannot say: a run
 * with a narrow `--mutate` rewrites the report's `source` of EVERY file to the current one, while a
 * changed file outside `--mutate` keeps only the old results it can match and never tests the new
 * code. So changed.mjs records here the files it mutated whole, and a file counts as tested only when
 * its hash here is that of the file on disk.
 */
export const TESTED = path.join(ROOT, 'test/mutation/tested-sources.json');

export const sha256 = (text) => createHash('sha256').update(text).digest('hex');

export function readTested() {
	return fs.existsSync(TESTED) ? JSON.parse(fs.readFileSync(TESTED, 'utf8')).files : undefined;
}

/** Records that `files` (relative to ROOT) were just mutated whole; drops files no longer mutated. */
export function recordTested(files) {
	const tested = readTested() ?? {};
	for (const file of files) tested[file] = sha256(fs.readFileSync(path.join(ROOT, file), 'utf8'));
	const mutated = new Set(mutatedSources());
	const kept = Object.fromEntries(Object.entries(tested).filter(([file]) => mutated.has(file)).sort());
	const about =
		'The sha-256 of each source file as it was when its mutants were last tested whole (test/mutation/kept-report.mjs). Written by changed.mjs and steps.mjs; do not edit.';
	fs.writeFileSync(TESTED, `${JSON.stringify({ about, files: kept }, null, '\t')}\n`);
}

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

/** The files Stryker mutates (stryker.config.mjs's `mutate`), relative to ROOT. */
export function mutatedSources() {
	const isSource = (f) => f.endsWith('.ts') && !f.endsWith('.d.ts');
	return [...filesUnder('nodes', isSource), ...filesUnder('credentials', isSource)];
}

/** The test files Stryker runs: every one outside the folders stryker.config.mjs leaves out. */
export function currentTestFiles() {
	const leftOut = /^test\/(e2e|emulator|harness|package|tools)\//;
	return filesUnder('test', (f) => f.endsWith('.test.js') && !leftOut.test(f));
}

/** A test file's name in the kept report as a path relative to ROOT (Stryker may record it absolute,
 * inside its sandbox: keep the tail from test/). */
export const keptTestFile = (name) => name.replace(/^.*?(?=test\/)/, '');

/** The kept report's test files that are gone or changed here, and the test files here it lacks. */
export function testFileChanges(kept) {
	const changed = [];
	const keptNames = new Set();
	for (const [name, { source }] of Object.entries(kept.testFiles ?? {})) {
		const file = keptTestFile(name);
		keptNames.add(file);
		const here = path.join(ROOT, file);
		if (!fs.existsSync(here)) changed.push({ file, why: 'is gone' });
		else if (source !== undefined && source !== fs.readFileSync(here, 'utf8')) changed.push({ file, why: 'changed' });
	}
	return { changed, added: currentTestFiles().filter((f) => !keptNames.has(f)) };
}

/** The mutated source files that are new or changed here, or gone, against the kept report. */
export function sourceChanges(kept) {
	const mutated = mutatedSources();
	const tested = readTested();
	const changes = [];
	for (const file of mutated) {
		const here = fs.readFileSync(path.join(ROOT, file), 'utf8');
		// With the manifest, it alone decides: a file Stryker finds no mutant in (types only) is never in
		// the report, yet is tested once recorded.
		if (tested ? !(file in tested) : !(file in kept.files)) changes.push({ file, why: 'is new' });
		else if (tested ? tested[file] !== sha256(here) : kept.files[file].source !== here) changes.push({ file, why: 'changed' });
	}
	for (const file of Object.keys(kept.files ?? {})) if (!mutated.includes(file)) changes.push({ file, why: 'is gone' });
	return changes;
}

/**
 * Stryker reuses a survivor's result while no new test covers it, and a static mutant (run while the
 * package loads: a description, a module constant) has no per-test coverage, so no new test ever counts
 * as covering it: its old "Survived" would be kept however many tests are added. This takes such
 * survivors out of `kept` (in place), except those `keep(mutant, file)` says to leave, so that the next run tests them
 * again; it returns how many. Callers do it only when the test files differ from the kept report's.
 */
export function dropStaticSurvivors(kept, keep = () => false) {
	let dropped = 0;
	for (const [name, file] of Object.entries(kept.files)) {
		const before = file.mutants.length;
		file.mutants = file.mutants.filter(
			(m) => !(m.static && (m.status === 'Survived' || m.status === 'NoCoverage') && !keep(m, name)),
		);
		dropped += before - file.mutants.length;
	}
	return dropped;
}

/** Why the test files here are not those the kept report was made with, or null when they are. */
export function testsDifference(kept) {
	if (Object.keys(kept.testFiles ?? {}).length === 0) return 'the kept report names no test files';
	const { changed, added } = testFileChanges(kept);
	if (changed.length > 0) return `${changed[0].file} ${changed[0].why}`;
	if (added.length > 0) return `${added[0]} is new`;
	return null;
}

/** Why the kept report does not describe this checkout, or null when it does. */
export function differenceFromKept() {
	if (!fs.existsSync(KEPT)) return 'no kept report (test/mutation/incremental.json)';
	const kept = JSON.parse(fs.readFileSync(KEPT, 'utf8'));
	const [source] = sourceChanges(kept);
	if (source) return `${source.file} ${source.why}`;
	return testsDifference(kept);
}

// `node test/mutation/kept-report.mjs --record-all`: after a full run (npm run test:mutation), every file was tested whole.
if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes('--record-all')) recordTested(mutatedSources());
