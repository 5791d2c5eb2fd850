/**
 * Whether test/mutation/incremental.json (the kept Stryker report) describes this checkout: the same
 * mutated sources and the same test files. Used by ci.mjs (is the kept score this code's?) and by
 * steps.mjs (have the tests changed since the kept results?).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KEPT = path.join(ROOT, 'test/mutation/incremental.json');

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
	const leftOut = /^test\/(e2e|emulator|harness|package)\//;
	return filesUnder('test', (f) => f.endsWith('.test.js') && !leftOut.test(f));
}

/** Why the test files here are not those the kept report was made with, or null when they are. */
export function testsDifference(kept) {
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
	const newTest = currentTestFiles().find((f) => !keptNames.has(f));
	if (newTest) return `${newTest} is new`;
	return null;
}

/** Why the kept report does not describe this checkout, or null when it does. */
export function differenceFromKept() {
	if (!fs.existsSync(KEPT)) return 'no kept report (test/mutation/incremental.json)';
	const kept = JSON.parse(fs.readFileSync(KEPT, 'utf8'));
	const mutated = mutatedSources();
	const keptMutated = Object.keys(kept.files ?? {});
	for (const file of mutated) {
		if (!(file in kept.files)) return `${file} is new`;
		if (kept.files[file].source !== fs.readFileSync(path.join(ROOT, file), 'utf8')) return `${file} changed`;
	}
	const gone = keptMutated.find((file) => !mutated.includes(file));
	if (gone) return `${gone} is gone`;
	return testsDifference(kept);
}
