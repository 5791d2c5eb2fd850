#!/usr/bin/env node
/**
 * Runs n8n's community package scanner (@n8n/scan-community-package) on this package, locally.
 *
 * The published CLI only scans a package already on the npm registry (it downloads the tarball and the
 * provenance-attested source). Its analyser is exported, so this runs the same two legs on what we
 * would publish: the source files it scans (package.json, nodes/, credentials/) and the packed tarball
 * (compiled .js and the package.json), with the scanner's own ESLint configuration.
 *
 *   node scripts/scan-package.mjs [--json]     exit 0 when both legs pass
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function scanPackage() {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'juspay-scan-'));
	try {
		const packed = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
				cwd: repoDir,
				encoding: 'utf8',
			}),
		)[0];
		const packageDir = path.join(work, 'package');
		fs.mkdirSync(packageDir);
		execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', packageDir, '--strip-components=1']);

		const source = await analyzePackage(repoDir, SOURCE_FILE_PATTERNS);
		const tarball = await analyzePackage(packageDir, ['**/*.js', 'package.json']);
		return {
			passed: source.passed && tarball.passed,
			files: packed.files.map((f) => f.path).sort(),
			source,
			tarball,
		};
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const result = await scanPackage();
	if (process.argv.includes('--json')) {
		console.log(JSON.stringify({ passed: result.passed, files: result.files, source: result.source.passed, tarball: result.tarball.passed }));
	} else {
		for (const [leg, r] of [['source', result.source], ['tarball', result.tarball]]) {
			console.log(`${r.passed ? '✅' : '❌'} ${leg}: ${r.passed ? 'no findings' : r.message}`);
			if (r.details) console.log(r.details);
		}
		console.log(`packed files (${result.files.length}):\n  ${result.files.join('\n  ')}`);
	}
	process.exit(result.passed ? 0 : 1);
}
