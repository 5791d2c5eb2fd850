'use strict';
/**
 * What `npm pack` would publish: only what a user's n8n needs, and nothing n8n's community package
 * scanner objects to.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { REPO_DIR } = require('../../tools/story/fixtures');

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8'));

/** jest sets NODE_ENV=test, which makes eslint-plugin-n8n-nodes-base misread file names: drop it. */
function runNode(args) {
	const env = { ...process.env };
	delete env.NODE_ENV;
	return execFileSync(process.execPath, args, { cwd: REPO_DIR, encoding: 'utf8', env });
}

describe('the published package', () => {
	let scan;
	beforeAll(() => {
		// Packs (without scripts) and runs the scanner's analyser on the sources and the tarball.
		scan = JSON.parse(runNode(['scripts/scan-package.mjs', '--json']).trim().split('\n').pop());
	}, 120000);

	test('holds only dist, README, LICENSE and package.json', () => {
		const unexpected = scan.files.filter(
			(file) =>
				!['LICENSE', 'README.md', 'package.json'].includes(file) &&
				!/^dist\/.+\.(js|json|svg)$/.test(file),
		);
		expect(unexpected).toEqual([]);
		expect(scan.files.filter((f) => /\.(map|d\.ts|tsbuildinfo)$|(^|\/)test\/|emulator/.test(f))).toEqual([]);
	});

	test('holds every node, credential and icon that package.json names', () => {
		for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(scan.files).toContain(entry);
		expect(scan.files).toEqual(
			expect.arrayContaining([
				'dist/nodes/JuspayPayout/JuspayPayout.node.json',
				'dist/nodes/JuspayPayout/juspayPayout.svg',
				'dist/nodes/JuspayPayout/juspayPayout.dark.svg',
			]),
		);
	});

	test('has no runtime dependencies and only n8n-workflow as a peer', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
	});

	test("n8n's community package scanner reports nothing, on the sources and on the tarball", () => {
		expect(scan).toMatchObject({ passed: true, source: true, tarball: true });
	});

	test('the scanner is live: it flags a package that reads the environment', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-control-'));
		try {
			fs.writeFileSync(path.join(dir, 'bad.node.js'), 'module.exports = () => process.env.SECRET;\n');
			const out = runNode([
				'--input-type=module',
				'-e',
				`import { analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';
				 const r = await analyzePackage(${JSON.stringify(dir)}, ['**/*.js']);
				 console.log(JSON.stringify({ passed: r.passed }));`,
			]);
			expect(JSON.parse(out.trim().split('\n').pop())).toEqual({ passed: false });
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}, 60000);
});
