'use strict';
/**
 * The jest test environment for mutation runs only (test/mutation/stryker.config.mjs sets it; plain `jest`
 * keeps jest's own node environment). Two jobs, both to keep a full run practical on 2 cores:
 *
 *  - Dry run (no active mutant): records which test file holds which test, and how long each file
 *    took, in <rootDir>/.mutation-tests-by-file.json inside Stryker's sandbox. test/mutation/jest-sequencer.js
 *    reads it to run only the files that hold a mutant's covering tests.
 *  - Mutant run: stops at the first failing test. One failure kills the mutant; every later test of
 *    that file is marked skipped, and jest-runner.js does not even load the files left. A mutant
 *    that survives still runs every covering test. Jest's own `bail` cannot do this: Stryker turns
 *    it off, since under jest's programmatic API it ends the process.
 *  - Mutant run: each test gets a timeout from its own dry-run time, TIMEOUT_FACTOR times it but at
 *    least TIMEOUT_FLOOR_MS (and never more than a timeout the test sets itself). A mutant that makes
 *    a request slot never free up, or a pause never end, hangs the first test it reaches: with jest's
 *    one timeout for all (120 s in mutation runs, for the slowest tests) each such mutant held a runner
 *    for two minutes, and the transport's core has many. The dry run is one process; mutant runs share
 *    the 2 cores four ways, hence the generous factor.
 *
 * Stryker passes the active mutant to the test runner process in the environment variable below and
 * wraps this class in its own environment (coverage per test) where it needs to.
 */
const fs = require('node:fs');
const path = require('node:path');
const { TestEnvironment } = require('jest-environment-node');

const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';
const TESTS_BY_FILE = '.mutation-tests-by-file.json';

/** The mutant that already has a failing test in this process (the environment module is shared by
 * every test file jest runs in band, and by every run of one Stryker test runner process). */
let killedMutant;

const TIMEOUT_FACTOR = 5;
const TIMEOUT_FLOOR_MS = 20_000;

/** The dry run's records (<rootDir>/TESTS_BY_FILE), read once per process. */
let dryRun;
function dryRunRecords(rootDir) {
	if (dryRun === undefined) {
		const file = path.join(rootDir, TESTS_BY_FILE);
		dryRun = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
	}
	return dryRun;
}

/** Whether a test already failed for the active mutant (jest-runner.js skips the files left). */
function isKilled() {
	const mutant = process.env[ACTIVE_MUTANT];
	return mutant !== undefined && killedMutant === mutant;
}

function testName(test) {
	const names = [];
	for (let block = test; block; block = block.parent) names.unshift(block.name);
	names.shift(); // jest's ROOT_DESCRIBE_BLOCK
	return names.join(' ');
}

function skipAll(block) {
	for (const child of block.children) {
		if (child.type === 'describeBlock') skipAll(child);
		else child.mode = 'skip';
	}
}

class MutationTestEnvironment extends TestEnvironment {
	constructor(config, context) {
		super(config, context);
		this.rootDir = config.projectConfig.rootDir;
		this.testPath = context.testPath;
		this.testNames = [];
		this.testDurations = {};
		this.startedAt = Date.now();
	}

	async handleTestEvent(event, state) {
		const mutant = process.env[ACTIVE_MUTANT];
		if (mutant === undefined) {
			if (event.name === 'test_start') this.testNames.push(testName(event.test));
			if (event.name === 'test_done') this.testDurations[testName(event.test)] = event.test.duration ?? 0;
			return;
		}
		if (event.name === 'test_start') {
			const took = dryRunRecords(this.rootDir)[this.testPath]?.durationsMs?.[testName(event.test)];
			if (took !== undefined) {
				const limit = Math.max(TIMEOUT_FLOOR_MS, TIMEOUT_FACTOR * took);
				event.test.timeout = event.test.timeout ? Math.min(event.test.timeout, limit) : limit;
			}
		}
		if (event.name === 'run_start' && isKilled()) skipAll(state.rootDescribeBlock);
		if (event.name === 'test_start' && isKilled()) event.test.mode = 'skip';
		if (event.name === 'test_done' && event.test.errors.length > 0) killedMutant = mutant;
	}

	async teardown() {
		// MUTATION_TRACE=<file> npm run test:mutation: one line per test file a mutant ran, to see where time goes.
		if (process.env.MUTATION_TRACE && process.env[ACTIVE_MUTANT] !== undefined) {
			const line = `${new Date().toISOString()} pid=${process.pid} mutant=${process.env[ACTIVE_MUTANT]} file=${path.basename(this.testPath)} ms=${Date.now() - this.startedAt} killed=${isKilled()}`;
			fs.appendFileSync(process.env.MUTATION_TRACE, `${line}\n`);
		}
		if (process.env[ACTIVE_MUTANT] === undefined && this.testNames.length > 0) {
			const file = path.join(this.rootDir, TESTS_BY_FILE);
			const known = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
			known[this.testPath] = {
				tests: this.testNames,
				durationMs: Date.now() - this.startedAt,
				durationsMs: this.testDurations,
			};
			fs.writeFileSync(file, JSON.stringify(known));
		}
		await super.teardown();
	}
}

module.exports = MutationTestEnvironment;
module.exports.TESTS_BY_FILE = TESTS_BY_FILE;
module.exports.isKilled = isKilled;
