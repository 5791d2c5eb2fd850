'use strict';
/**
 * The house rule of the tree (README, Development): test/ holds tests and test-only helpers, and nothing
 * outside test/ requires from it; the tools scripts and tests share live in tools/. Read from the files
 * git tracks, as text: every relative require() resolved against its file.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');

const { REPO_DIR } = require('../../tools/story/fixtures');

/** [file, required path] of every relative require() in the tracked .js/.mjs files outside node_modules. */
function relativeRequires() {
	const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
		cwd: REPO_DIR,
		encoding: 'utf8',
	})
		.split('\n')
		.filter((f) => /\.(c|m)?js$/.test(f) && fs.existsSync(path.join(REPO_DIR, f)));
	const found = [];
	for (const file of files) {
		const text = fs.readFileSync(path.join(REPO_DIR, file), 'utf8');
		for (const m of text.matchAll(/require\(\s*'(\.{1,2}\/[^']*)'\s*\)/g)) {
			found.push([file, path.relative(REPO_DIR, path.resolve(REPO_DIR, path.dirname(file), m[1]))]);
		}
	}
	return found;
}

const inside = (folder, file) => file === folder || file.startsWith(`${folder}/`);

test('nothing outside test/ requires from test/', () => {
	const requires = relativeRequires();
	expect(requires.length).toBeGreaterThan(50); // the scan sees the tree
	expect(requires.some(([file]) => inside('scripts', file))).toBe(true);
	const leaks = requires.filter(
		([file, target]) => !inside('test', file) && inside('test', target),
	);
	expect(leaks).toEqual([]);
});

test('tools/ requires nothing from scripts/ either: scripts are programs, not libraries', () => {
	const leaks = relativeRequires().filter(
		([file, target]) => inside('tools', file) && inside('scripts', target),
	);
	expect(leaks).toEqual([]);
});
