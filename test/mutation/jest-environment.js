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
		this.startedAt = Date.now();
	}

	async handleTestEvent(event, state) {
		const mutant = process.env[ACTIVE_MUTANT];
		if (mutant === undefined) {
			if (event.name === 'test_start') this.testNames.push(testName(event.test));
			return;
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
			known[this.testPath] = { tests: this.testNames, durationMs: Date.now() - this.startedAt };
			fs.writeFileSync(file, JSON.stringify(known));
		}
		await super.teardown();
	}
}

module.exports = MutationTestEnvironment;
module.exports.TESTS_BY_FILE = TESTS_BY_FILE;
module.exports.isKilled = isKilled;
