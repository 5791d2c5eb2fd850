'use strict';
/**
 * What every program that starts servers shares (scripts/demo.js, dev.js, screenshots.js, bench.js and the
 * browser stack): a clean-up stack, signal handling, step logging, and the preflight that checks real n8n
 * is installed and the package built before anything starts.
 *
 *   const program = startProgram('demo', { stopping: 'stopping everything the demo started…' });
 *   program.run(async () => {
 *     await program.preflight('demo');
 *     const emulator = await startEmulator();
 *     program.defer(() => emulator.close());                        // stopped last-in first-out
 *     program.defer(() => n8n.dispose(), () => n8n.disposeSync());  // + a synchronous last resort
 *     program.step('n8n started');                                  // "[demo   4.2s] n8n started"
 *   });
 *
 * Everything deferred is stopped when the program ends, fails, or gets SIGINT/SIGTERM; a second signal
 * (or process.exit from elsewhere) runs the synchronous last resorts instead of waiting.
 */
const fs = require('node:fs');
const path = require('node:path');

const { DEFAULT_VERSION, installDir, isInstalled } = require('./n8n');

const REPO_DIR = path.resolve(__dirname, '..');

/** "1.2 s" */
function seconds(ms) {
	return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A stack of things to stop: defer(stop, stopSync?) for each thing started; stop() runs every `stop` last-in
 * first-out, once, however often it is called (an error is reported to `onError` and the rest still run);
 * stopSync() runs the `stopSync` of everything not stopped yet (for process.on('exit'), where nothing
 * asynchronous runs).
 */
function createCleanupStack({ onError = (e) => console.error(`cleanup: ${e.message}`) } = {}) {
	const entries = [];
	let stopping = null;
	return {
		defer(stop, stopSync) {
			entries.push({ stop, stopSync, done: false });
		},
		stop() {
			if (!stopping) {
				stopping = (async () => {
					for (const entry of [...entries].reverse()) {
						try {
							await entry.stop();
						} catch (e) {
							onError(e);
						}
						entry.done = true;
					}
				})();
			}
			return stopping;
		},
		stopSync() {
			for (const entry of [...entries].reverse()) {
				if (entry.done || !entry.stopSync) continue;
				try {
					entry.stopSync();
				} catch {
					/* last resort: keep going */
				}
				entry.done = true;
			}
		},
		get stopping() {
			return stopping !== null;
		},
	};
}

/** Files named in the package's `n8n` section that dist/ lacks. */
function missingBuildFiles(pkg) {
	return [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter(
		(f) => !fs.existsSync(path.join(REPO_DIR, f)),
	);
}

/**
 * The package.json once dist/ holds everything it names. Waits up to 15 s when dist/ exists but is
 * incomplete (a build in another shell may be rewriting it); throws with the command to run otherwise.
 */
async function waitForBuiltPackage() {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8'));
	let missing = missingBuildFiles(pkg);
	for (let i = 0; i < 30 && missing.length && fs.existsSync(path.join(REPO_DIR, 'dist')); i++) {
		await new Promise((r) => setTimeout(r, 500));
		missing = missingBuildFiles(pkg);
	}
	if (missing.length) {
		throw new Error(
			`the package is not built (${missing.join(', ')} missing): run \`npm run build\``,
		);
	}
	return pkg;
}

/** Why a program cannot start real n8n `version` with the package here, or '' when it can. */
function missingPrerequisite(version = DEFAULT_VERSION) {
	if (!isInstalled(version))
		return `real n8n ${version} is not installed in ${installDir(version)}: run scripts/install-n8n.sh ${version} (npm test does)`;
	const missing = missingBuildFiles(require(path.join(REPO_DIR, 'package.json')));
	if (missing.length)
		return `the package is not built (${missing.join(', ')} missing): run npm run build`;
	return '';
}

/**
 * A program that starts servers, named `name` in its log lines. Options: { stream (process.stdout; the
 * bench logs to stderr, its table goes to stdout), stopping (what the first signal's line says is being
 * stopped), stopped(ms) (the line once stopped; "stopped in 1.2 s"), exitCode(signal) (130 for SIGINT, 143
 * for SIGTERM) }.
 */
function startProgram(
	name,
	{
		stream = process.stdout,
		stopping = 'stopping everything it started…',
		stopped = (ms) => `stopped in ${seconds(ms)}`,
		exitCode = (signal) => (signal === 'SIGINT' ? 130 : 143),
	} = {},
) {
	const t0 = Date.now();
	const say = (text) => stream.write(`${text}\n`);
	const cleanups = createCleanupStack({ onError: (e) => say(`[${name}] cleanup: ${e.message}`) });

	const onSignal = (signal) => {
		if (cleanups.stopping) {
			cleanups.stopSync(); // a second Ctrl-C: do not wait for graceful shutdowns
			process.exit(exitCode(signal) || 130);
		}
		say(`\n[${name}] ${signal}: ${stopping}`);
		const since = Date.now();
		cleanups.stop().then(() => {
			say(`[${name}] ${stopped(Date.now() - since)}`);
			process.exit(exitCode(signal));
		});
	};
	process.on('SIGINT', () => onSignal('SIGINT'));
	process.on('SIGTERM', () => onSignal('SIGTERM'));
	process.on('exit', () => cleanups.stopSync());

	const program = {
		t0,
		/** A progress line: "[demo   4.2s] text". */
		step(text) {
			say(`[${name} ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${text}`);
		},
		/**
		 * Stop `stop` (async) when the program ends; `stopSync` is the last resort on exit. A program is a
		 * clean-up stack too (defer, stop, stopSync): pass it where one is wanted (startEditorStack).
		 */
		defer: (stop, stopSync) => cleanups.defer(stop, stopSync),
		/** Stop everything deferred (once). */
		stop: () => cleanups.stop(),
		stopSync: () => cleanups.stopSync(),
		/**
		 * Check that real n8n `version` is installed and the package built; resolves to the package.json.
		 * `npmScript` is the npm script that would install and build (`npm run <npmScript>`).
		 */
		async preflight(npmScript, version = DEFAULT_VERSION) {
			if (!isInstalled(version)) {
				throw new Error(
					`real n8n ${version} is not installed in ${installDir(version)}: run \`npm run ${npmScript}\` (it installs it) or \`npm run n8n:install\``,
				);
			}
			return await waitForBuiltPackage();
		},
		/**
		 * Run `main`, then stop everything. On an error: "[name] FAILED: <message>" on stderr (the stack with
		 * { stack: true }), `onFailure(err)` (say more while things still run), stop, exit code 1. The process
		 * then ends by itself, or 2 s later if a stray handle would keep it alive.
		 */
		async run(main, { onFailure = async () => {}, stack = false } = {}) {
			let code = 0;
			try {
				await main();
			} catch (err) {
				code = 1;
				const text = err && (stack ? err.stack : err.message);
				console.error(`\n[${name}] FAILED: ${text || err}`);
				await onFailure(err);
			}
			await cleanups.stop();
			process.exitCode = code;
			setTimeout(() => process.exit(code), 2000).unref();
		},
	};
	return program;
}

module.exports = {
	startProgram,
	createCleanupStack,
	missingBuildFiles,
	missingPrerequisite,
	waitForBuiltPackage,
	seconds,
};
