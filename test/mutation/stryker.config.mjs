// @ts-check
/**
 * Mutation testing of the node and the credential (StrykerJS), against the unit and engine suites.
 * `npm run test:mutation` runs every mutant; `npm run test:mutation:changed` (changed.mjs) only those a
 * change can have altered since test/mutation/incremental.json was written. Both write
 * reports/mutation/mutation.html and mutation.json; test/mutation/check-score.mjs then applies
 * test/mutation/equivalent-mutants.json and the 90% threshold. See test/mutation/README.md.
 *
 * How the engine suites see the mutants. The tests in test/nodes do not import the sources: they load
 * the BUILT package from dist/ through n8n-core's PackageDirectoryLoader, as n8n loads an installed
 * package. So:
 *  - Stryker copies the project into a sandbox (tempDirName below) and writes every mutant into
 *    the TypeScript sources at once (mutation switching: each behind a check of the active mutant's
 *    id), with `// @ts-nocheck` on top (disableTypeChecks below: Stryker's default pattern only covers
 *    src/, lib/ and test/).
 *  - buildCommand then runs `npm run build` (tsc + icons + prune + verify) ONCE in the sandbox, so the
 *    sandbox's dist/ holds the instrumented package (build-in-sandbox.mjs links node_modules first).
 *  - The tests find the package through tools/story/fixtures.js's REPO_DIR, which is relative to the
 *    test file: in the sandbox it is the sandbox, so they load the sandbox's instrumented dist/.
 *  - Stryker's jest runner runs jest in its worker processes and names the active mutant in the
 *    environment variable __STRYKER_ACTIVE_MUTANT__; the instrumented dist code reads it, and counts
 *    per-test coverage in the jest global `__stryker__` (dist modules are required through jest's
 *    module registry, n8n-core's loader included, so they share the test's global).
 *  - jest.enableFindRelatedTests must stay false: jest cannot see that a test depends on a .ts file it
 *    only reaches through dist/, so "related tests" would be none and every mutant would survive.
 *
 * Cost. Coverage per test picks, for each mutant, the tests that executed its code; the jest
 * environment and sequencer in this folder then run only the files holding those tests, quickest
 * first, and stop at the first failure. Mutants executed while the package loads (the node's and
 * credential's descriptions, module constants) are "static": Stryker runs every test for them. The
 * ignorer in prose-ignorer.mjs leaves the editor's wording unmutated, which keeps them few.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

// Set here, before Stryker forks its test runners, which inherit them:
// - the batch test's 5,000 items become 1,000: its checks (nothing lost, duplicated or reordered, the
//   planted failures on the error output) stay whole, and a mutant that survives costs 15 s less of it;
// - property tests use one fixed seed, so a mutant is killed or not by the same generated cases in
//   every run, and an incremental run can trust a kept result.
process.env.BATCH_ITEMS ??= '1000';
process.env.PROPERTY_SEED ??= '20261130';

/** Below this mutation score (%) test/mutation/check-score.mjs fails, and with it .ci/run. */
export const REQUIRED_SCORE = 90;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	packageManager: 'npm',
	plugins: ['@stryker-mutator/jest-runner', '@stryker-mutator/typescript-checker', path.join(HERE, 'prose-ignorer.mjs')],
	ignorers: ['editor-prose'],
	mutate: ['nodes/**/*.ts', 'credentials/**/*.ts', '!**/*.d.ts'],
	disableTypeChecks: '{nodes,credentials}/**/*.ts',
	// `npm run build`, after linking node_modules into the sandbox (see the script).
	buildCommand: `node ${path.join(HERE, 'build-in-sandbox.mjs').replaceAll(' ', '\\ ')}`,
	symlinkNodeModules: false,
	// Not copied into the sandbox: the real n8n installs (a symlink to gigabytes), build output that
	// the sandbox rebuilds, screenshots and scratch files.
	ignorePatterns: ['/.n8n-runtime', '/dist', '/docs', '/.tmp', '/test/mutation/incremental.json'],

	// Mutants that do not type-check could never be shipped: the TypeScript checker drops them before
	// any test runs (status CompileError, left out of the score). Its tsconfig is the project's without
	// the unused-locals rules, so a mutant that only leaves a variable unused is still tested.
	checkers: ['typescript'],
	tsconfigFile: 'test/mutation/tsconfig.checker.json',
	typescriptChecker: { prioritizePerformanceOverAccuracy: true },

	testRunner: 'jest',
	coverageAnalysis: 'perTest',
	jest: {
		projectType: 'custom',
		configFile: 'jest.config.js',
		enableFindRelatedTests: false,
		config: {
			// Absolute: Stryker's jest runner loads a test environment relative to the directory its
			// worker started in (this one), jest the rest relative to the sandbox. Absolute paths keep
			// all three, which share the "mutant killed" state, one module each.
			testEnvironment: path.join(HERE, 'jest-environment.js'),
			testSequencer: path.join(HERE, 'jest-sequencer.js'),
			runner: path.join(HERE, 'jest-runner.js'),
			// Instrumented code counts coverage on every branch and two runs share the CPUs: the
			// 5000-item batch test alone takes 35 s on an idle machine and up to 100 s under load. (A
			// mutant that hangs a static-code test costs this long before it counts as killed.)
			testTimeout: 120000,
			// The suites that run the node. Left out: test/e2e (real n8n processes: nothing to count
			// coverage in), test/emulator, test/harness and test/tools (they never load this package), and
			// test/package (it packs and scans dist/, and the scanner rightly objects to the
			// instrumented build's process.env read).
			testPathIgnorePatterns: [
				'/node_modules/',
				'<rootDir>/test/e2e/',
				'<rootDir>/test/emulator/',
				'<rootDir>/test/harness/',
				'<rootDir>/test/tools/',
				'<rootDir>/test/package/',
			],
		},
	},
	// Every CPU: the runs are mostly waiting on loopback sockets and timers.
	concurrency: Math.max(1, os.cpus().length),
	// A mutant that makes the node wait longer (a retry pause, a poll) ends as Timeout, which counts as
	// detected; the margin keeps a busy machine from turning slow passing runs into timeouts.
	timeoutFactor: 2,
	// Each jest run loads n8n-core anew and the worker keeps some of it (about 40 MB a run):
	// a fresh worker every 25 runs keeps it under 1.5 GB.
	maxTestRunnerReuse: 25,
	timeoutMS: 15000,
	dryRunTimeoutMinutes: 20,

	incremental: true,
	incrementalFile: 'test/mutation/incremental.json',

	reporters: ['html', 'json', 'clear-text', 'progress'],
	htmlReporter: { fileName: 'reports/mutation/mutation.html' },
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
	// The pass/fail decision is test/mutation/check-score.mjs's: it also takes the listed equivalent
	// mutants out, which Stryker cannot.
	thresholds: { high: 95, low: 90, break: null },
	// Outside the project: n8n-node lint (strict: its eslint config may not be changed) would otherwise
	// lint the sandbox's instrumented copies during a run. One folder per checkout.
	tempDirName: path.join(os.tmpdir(), `stryker-${createHash('sha1').update(HERE).digest('hex').slice(0, 10)}`),
};
