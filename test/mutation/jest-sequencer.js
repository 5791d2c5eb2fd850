'use strict';
/**
 * The jest test sequencer for mutation runs only (see test/mutation/stryker.config.mjs).
 *
 * For each mutant Stryker asks jest to run the tests that covered it, by full test name
 * (--testNamePattern). Jest would still load every test file to find those names, and each of ours
 * loads n8n-core, which costs more than most mutants' tests. The dry run recorded which file holds
 * which test (test/mutation/jest-environment.js), so here only the files that hold a matching test are
 * kept, the quickest first: with the stop-at-first-failure of the environment, a killed mutant
 * usually costs one short file. A file the dry run did not see is always kept.
 */
const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const { TESTS_BY_FILE } = require('./jest-environment');

class MutationSequencer extends Sequencer {
	constructor(options) {
		super(options);
		this.testNamePattern = options?.globalConfig?.testNamePattern;
	}

	sort(tests) {
		if (tests.length === 0) return tests;
		const file = path.join(tests[0].context.config.rootDir, TESTS_BY_FILE);
		if (!fs.existsSync(file)) return super.sort(tests);
		const known = JSON.parse(fs.readFileSync(file, 'utf8'));
		const pattern = this.testNamePattern ? new RegExp(this.testNamePattern, 'i') : undefined;
		const kept = tests.filter((test) => {
			const recorded = known[test.path];
			return !recorded || !pattern || recorded.tests.some((name) => pattern.test(name));
		});
		const duration = (test) => known[test.path]?.durationMs ?? Number.MAX_SAFE_INTEGER;
		return kept.sort((a, b) => duration(a) - duration(b));
	}
}

module.exports = MutationSequencer;
