'use strict';
/**
 * The jest runner (the part that runs test files) for mutation runs only (see stryker.config.mjs).
 * Once a test has failed for the active mutant (jest-environment.js notes it), the files still queued
 * are reported as skipped without being loaded: each of ours loads n8n-core, several seconds that
 * would only confirm a mutant already killed. Otherwise jest's own in-band runner runs each file.
 */
const { createEmptyTestResult } = require('@jest/test-result');
const JestTestRunner = require('jest-runner').default;

const { isKilled } = require('./jest-environment');

/** A file's result without running it: one skipped entry (jest fails a file that reports no test). */
function notLoaded(test) {
	const title = 'not loaded: the active mutant is already killed';
	return {
		...createEmptyTestResult(),
		testFilePath: test.path,
		skipped: true,
		numPendingTests: 1,
		testResults: [
			{
				ancestorTitles: [],
				duration: 0,
				failureDetails: [],
				failureMessages: [],
				fullName: title,
				numPassingAsserts: 0,
				status: 'pending',
				title,
			},
		],
	};
}

class MutationTestRunner {
	constructor(globalConfig, context) {
		this.supportsEventEmitters = true;
		this.isSerial = true;
		this.inner = new JestTestRunner(globalConfig, context);
		this.listeners = new Map();
	}

	on(eventName, listener) {
		const listeners = this.listeners.get(eventName) ?? [];
		listeners.push(listener);
		this.listeners.set(eventName, listeners);
		const unsubscribeInner = this.inner.on(eventName, listener);
		return () => {
			unsubscribeInner();
			listeners.splice(listeners.indexOf(listener), 1);
		};
	}

	async emit(eventName, payload) {
		for (const listener of this.listeners.get(eventName) ?? []) await listener(payload);
	}

	async runTests(tests, watcher, options) {
		for (const test of tests) {
			if (isKilled()) {
				await this.emit('test-file-start', [test]);
				await this.emit('test-file-success', [test, notLoaded(test)]);
			} else {
				await this.inner.runTests([test], watcher, { ...options, serial: true });
			}
		}
	}
}

module.exports = MutationTestRunner;
