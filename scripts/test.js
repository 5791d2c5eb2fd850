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
 *   2. installs (n8n ‖ Debian's; logged to .tmp/test-installs.log)  ‖  jest: every suite outside test/e2e
 *   3. jest: test/e2e, two test files at a time
 *
 * Exits non-zero when any step fails; a failed install prints its log. Extra arguments go to both jest
 * runs (e.g. --ci).
 *
 *   node scripts/test.js --start-installs   starts step 2's installs in the background and returns at once;
 *                                           the next `npm test` waits for them instead of starting its own.
 * CI runs it before `npm ci`: the installs need none of the project's packages (only node, npm, bash and
 * apt-get), so on a fresh machine they overlap npm ci and the lint too, not only the in-process suites.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO_DIR = path.resolve(__dirname, '..');
const INSTALL_LOG = path.join(REPO_DIR, '.tmp', 'test-installs.log');
// Written by installs started with --start-installs: the background shell's pid, and its exit code when done.
const INSTALL_PID = path.join(REPO_DIR, '.tmp', 'test-installs.pid');
const INSTALL_RC = path.join(REPO_DIR, '.tmp', 'test-installs.rc');
// The n8n installs (npm and compiling) beside the Debian ones (apt-get, mostly waiting on the network);
// fails when either fails.
const INSTALLS =
	'npm run n8n:install:all & n8n=$!; npm run redis:install && npm run chromium:install; debian=$?; ' +
	'wait $n8n && [ $debian = 0 ]';
/**
 * The installs run niced: while they run, the in-process suites share the cores with them, and those suites
 * measure time (a 600 ms pause, a read due before Max Wait). At equal priority an install step once stalled
 * a 600 ms pause to 1,044 ms on CI. Niced, the installs take the cores the suites leave, which is most of
 * them (the suites end first either way).
 */
const inBackgroundPriority = (script) => ['nice', ['-n', '10', 'bash', '-c', script]];
const JEST = path.join(REPO_DIR, 'node_modules', '.bin', 'jest');
const extraArgs = process.argv.slice(2);

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const say = (text) => console.log(`\n[npm test ${elapsed()}] ${text}\n`);

function runInForeground(command, args) {
	return spawnSync(command, args, { cwd: REPO_DIR, stdio: 'inherit' }).status ?? 1;
}

function startInstallsInBackground() {
	fs.mkdirSync(path.dirname(INSTALL_LOG), { recursive: true });
	fs.rmSync(INSTALL_RC, { force: true });
	const log = fs.openSync(INSTALL_LOG, 'w');
	// The exit code goes to a file, written whole (mv), because the waiting `npm test` is not this shell's parent.
	const script = `(${INSTALLS}); echo $? > "${INSTALL_RC}.part" && mv "${INSTALL_RC}.part" "${INSTALL_RC}"`;
	const child = spawn(...inBackgroundPriority(script), {
		cwd: REPO_DIR,
		stdio: ['ignore', log, log],
		detached: true,
	});
	fs.writeFileSync(INSTALL_PID, String(child.pid));
	child.unref();
	console.log(
		`installs started in the background (pid ${child.pid}, log: ${path.relative(REPO_DIR, INSTALL_LOG)})`,
	);
}

function isRunning(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * The exit code of the installs --start-installs began, once they end; undefined when none were started, or
 * when their shell is gone without an exit code (killed), so that the caller installs again (installs skip
 * what is already in place).
 */
async function earlyInstallsResult() {
	if (!fs.existsSync(INSTALL_PID)) return undefined;
	const pid = Number(fs.readFileSync(INSTALL_PID, 'utf8'));
	const exitCode = () =>
		fs.existsSync(INSTALL_RC) ? Number(fs.readFileSync(INSTALL_RC, 'utf8')) : undefined;
	let code = exitCode();
	while (code === undefined && isRunning(pid)) {
		await new Promise((resolve) => setTimeout(resolve, 1000));
		code = exitCode();
	}
	code ??= exitCode();
	fs.rmSync(INSTALL_PID, { force: true });
	fs.rmSync(INSTALL_RC, { force: true });
	if (code === undefined)
		say(`the installs started earlier (pid ${pid}) ended without an exit code: installing again`);
	return code;
}

async function runInstalls() {
	const early = await earlyInstallsResult();
	if (early !== undefined) return early;
	fs.mkdirSync(path.dirname(INSTALL_LOG), { recursive: true });
	const log = fs.openSync(INSTALL_LOG, 'w');
	const child = spawn(...inBackgroundPriority(INSTALLS), {
		cwd: REPO_DIR,
		stdio: ['ignore', log, log],
	});
	return new Promise((resolve) => {
		child.on('error', () => resolve(1));
		child.on('exit', (code) => {
			fs.closeSync(log);
			resolve(code ?? 1);
		});
	});
}

/**
 * In one jest process the end-to-end suites keep about 1.1 of the 2 cores busy: much of their time is waiting
 * (on retries' pauses, on Wait for Outcome's reads, on a stopped run). Two processes ran them in 484 s where
 * one took 710 s (all 116 tests passing, 1.6 cores busy). Their ports are reserved machine-wide
 * (tools/process.js freePort). The in-process suites run in one process: they share the cores with the
 * installs, which are the longer of the two.
 */
const E2E_WORKERS = 2;

function runJest(args, { workers = 1 } = {}) {
	const inBand = workers === 1 ? ['--runInBand'] : [`--maxWorkers=${workers}`];
	const child = spawn(JEST, [...inBand, ...args, ...extraArgs], {
		cwd: REPO_DIR,
		stdio: 'inherit',
	});
	return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

async function main() {
	if (process.argv[2] === '--start-installs') {
		startInstallsInBackground();
		return 0;
	}
	if (runInForeground('npm', ['run', 'build']) !== 0) return 1;

	say(
		`installing real n8n, redis-server and Chromium when missing, or waiting for the installs started earlier (log: ${path.relative(REPO_DIR, INSTALL_LOG)}), meanwhile the in-process suites`,
	);
	const [installs, inProcess] = await Promise.all([
		runInstalls(),
		runJest(['--testPathIgnorePatterns', 'test/e2e']),
	]);
	say(
		`installs ${installs === 0 ? 'done' : 'FAILED'}, in-process suites ${inProcess === 0 ? 'passed' : 'FAILED'}`,
	);
	if (installs !== 0) {
		process.stdout.write(fs.readFileSync(INSTALL_LOG, 'utf8'));
		return 1;
	}

	say('the end-to-end suites (test/e2e) in real n8n');
	const endToEnd = await runJest(['test/e2e'], { workers: E2E_WORKERS });
	say(
		`in-process suites ${inProcess === 0 ? 'passed' : 'FAILED'}, end-to-end suites ${endToEnd === 0 ? 'passed' : 'FAILED'}`,
	);
	return inProcess === 0 && endToEnd === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
