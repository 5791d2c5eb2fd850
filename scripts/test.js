#!/usr/bin/env node
'use strict';
/**
 * npm test — every suite, in the least wall time a fresh machine allows.
 *
 * The end-to-end suites need real n8n (three versions), redis-server and Chromium; installing them on a
 * fresh machine takes about ten minutes, mostly waiting on the network and the disk. The in-process
 * suites (test/nodes, test/emulator, ...) need none of it, so they run while the installs do:
 *
 *   1. build (the suites load the built package)
 *   2. installs (logged to .tmp/test-installs.log)  ‖  jest: every suite outside test/e2e
 *   3. jest: test/e2e
 *
 * Exits non-zero when any step fails; a failed install prints its log. Extra arguments go to both jest
 * runs (e.g. --ci).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO_DIR = path.resolve(__dirname, '..');
const INSTALL_LOG = path.join(REPO_DIR, '.tmp', 'test-installs.log');
const INSTALLS = 'npm run n8n:install:all && npm run redis:install && npm run chromium:install';
const JEST = path.join(REPO_DIR, 'node_modules', '.bin', 'jest');
const extraArgs = process.argv.slice(2);

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const say = (text) => console.log(`\n[npm test ${elapsed()}] ${text}\n`);

function runInForeground(command, args) {
	return spawnSync(command, args, { cwd: REPO_DIR, stdio: 'inherit' }).status ?? 1;
}

function runInstalls() {
	fs.mkdirSync(path.dirname(INSTALL_LOG), { recursive: true });
	const log = fs.openSync(INSTALL_LOG, 'w');
	const child = spawn('bash', ['-c', INSTALLS], { cwd: REPO_DIR, stdio: ['ignore', log, log] });
	return new Promise((resolve) => {
		child.on('error', () => resolve(1));
		child.on('exit', (code) => {
			fs.closeSync(log);
			resolve(code ?? 1);
		});
	});
}

function runJest(args) {
	const child = spawn(JEST, ['--runInBand', ...args, ...extraArgs], { cwd: REPO_DIR, stdio: 'inherit' });
	return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

async function main() {
	if (runInForeground('npm', ['run', 'build']) !== 0) return 1;

	say(`installing real n8n, redis-server and Chromium when missing (log: ${path.relative(REPO_DIR, INSTALL_LOG)}), meanwhile the in-process suites`);
	const [installs, inProcess] = await Promise.all([runInstalls(), runJest(['--testPathIgnorePatterns', 'test/e2e'])]);
	say(`installs ${installs === 0 ? 'done' : 'FAILED'}, in-process suites ${inProcess === 0 ? 'passed' : 'FAILED'}`);
	if (installs !== 0) {
		process.stdout.write(fs.readFileSync(INSTALL_LOG, 'utf8'));
		return 1;
	}

	say('the end-to-end suites (test/e2e) in real n8n');
	const endToEnd = await runJest(['test/e2e']);
	say(`in-process suites ${inProcess === 0 ? 'passed' : 'FAILED'}, end-to-end suites ${endToEnd === 0 ? 'passed' : 'FAILED'}`);
	return inProcess === 0 && endToEnd === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
