'use strict';
/**
 * jest globalSetup: refuses to test a dist/ older than its sources. The engine tests load the BUILT
 * package (dist/), so after an edit without `npm run build` they would silently test the old code.
 * `npm run test:unit` and `npm test` build first; this catches a bare `npx jest`.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const SOURCE_DIRS = ['nodes', 'credentials'];

function walk(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? walk(full) : [full];
	});
}

/** Each source file and the dist/ file built from it: .ts -> .js; .json and icons are copied. */
function builtFrom(source) {
	const relative = path.relative(ROOT, source);
	if (relative.endsWith('.d.ts')) return undefined;
	if (relative.endsWith('.ts')) return path.join(ROOT, 'dist', relative.replace(/\.ts$/, '.js'));
	if (/\.(json|svg|png)$/.test(relative)) return path.join(ROOT, 'dist', relative);
	return undefined;
}

/** Problems as text, [] when dist/ is at least as new as every source. */
function staleBuild() {
	const problems = [];
	for (const source of SOURCE_DIRS.flatMap((dir) => walk(path.join(ROOT, dir)))) {
		const built = builtFrom(source);
		if (!built) continue;
		const name = path.relative(ROOT, source);
		if (!fs.existsSync(built)) problems.push(`${name} has not been built`);
		else if (fs.statSync(built).mtimeMs < fs.statSync(source).mtimeMs)
			problems.push(`${name} changed after dist/ was built`);
	}
	return problems;
}

module.exports = async function requireFreshBuild() {
	const problems = staleBuild();
	if (problems.length > 0) {
		throw new Error(
			`dist/ is out of date, and the tests load the built package:\n- ${problems.slice(0, 5).join('\n- ')}` +
				`${problems.length > 5 ? `\n- ... and ${problems.length - 5} more` : ''}\nRun \`npm run build\` ` +
				'first (`npm run test:unit` and `npm test` do).',
		);
	}
};
module.exports.staleBuild = staleBuild;
