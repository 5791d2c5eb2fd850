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
 *
 * Files named after the active mutant's source file go first (dedupe.ts: dedupe.test.js; requestSlots.ts:
 * request-slots.test.js), then the other files of its node's test folder, then the rest, each group
 * quickest first. This matters most for static mutants (a module constant: Stryker runs every file for
 * them): a trigger constant used to run twenty of the action node's files, a minute, before the trigger's
 * own test killed it. The active mutant's file is found by its id in the sandbox's instrumented dist/. A
 * credential's mutants start with the test folders of the nodes that use it.
 */
const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const { TESTS_BY_FILE } = require('./jest-environment');

const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';
const MUTANT_CALL = /stryMutAct_\w+\("(\d+)"\)/g;

/** Mutant id -> the dist/ file that holds it, relative to dist/ (read once per process). */
let mutantFiles;
function sourceOfMutant(rootDir, id) {
	if (mutantFiles === undefined) {
		mutantFiles = new Map();
		const walk = (dir) => {
			if (!fs.existsSync(dir)) return;
			for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
				const full = path.join(dir, entry.name);
				if (entry.isDirectory()) walk(full);
				else if (entry.name.endsWith('.js')) {
					const rel = path.relative(path.join(rootDir, 'dist'), full);
					for (const [, found] of fs.readFileSync(full, 'utf8').matchAll(MUTANT_CALL)) mutantFiles.set(found, rel);
				}
			}
		};
		walk(path.join(rootDir, 'dist'));
	}
	return mutantFiles.get(id);
}

const squash = (text) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The node folders (dist/nodes/<Node>) whose files name a credential: a credential has no test folder of
 * its own, so its mutants start with the tests of the nodes that use it (the webhook credential's static
 * mutants otherwise waited for slow action-node files, about 165 s each). Read once per process.
 */
const credentialUsers = new Map();
function nodesUsingCredential(rootDir, source) {
	if (!credentialUsers.has(source)) {
		// JuspayPayoutWebhookApi.credentials.js -> 'juspayPayoutWebhookApi', as nodes name it
		const className = path.basename(source).split('.')[0];
		const quoted = new RegExp(`["'\`]${className[0].toLowerCase()}${className.slice(1)}["'\`]`);
		const nodesDir = path.join(rootDir, 'dist', 'nodes');
		const users = [];
		for (const node of fs.existsSync(nodesDir) ? fs.readdirSync(nodesDir) : []) {
			const dir = path.join(nodesDir, node);
			if (!fs.statSync(dir).isDirectory()) continue;
			const files = fs.readdirSync(dir).filter((f) => f.endsWith('.js'));
			if (files.some((f) => quoted.test(fs.readFileSync(path.join(dir, f), 'utf8')))) users.push(node);
		}
		credentialUsers.set(source, users);
	}
	return credentialUsers.get(source);
}

/**
 * 0: the test file is named after the source file; 1: it is in the test folder of the source's node (for a
 * credential: of a node that uses it); 2: other.
 */
function nearness(testPath, source, rootDir) {
	if (!source) return 2;
	const base = squash(path.basename(source, '.js'));
	if (base !== 'index' && squash(path.basename(testPath)).includes(base)) return 0;
	const folders = testPath.split(path.sep);
	const [top, node] = source.split(path.sep); // nodes/<Node>/... or credentials/<Name>.credentials.js
	if (top === 'nodes') return folders.includes(node) ? 1 : 2;
	if (top === 'credentials') return nodesUsingCredential(rootDir, source).some((n) => folders.includes(n)) ? 1 : 2;
	return 2;
}

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
		const rootDir = tests[0].context.config.rootDir;
		const mutant = process.env[ACTIVE_MUTANT];
		const source = mutant === undefined ? undefined : sourceOfMutant(rootDir, mutant);
		const near = new Map(kept.map((test) => [test, nearness(test.path, source, rootDir)]));
		return kept.sort((a, b) => near.get(a) - near.get(b) || duration(a) - duration(b));
	}
}

module.exports = MutationSequencer;
