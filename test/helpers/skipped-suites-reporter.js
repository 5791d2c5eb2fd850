'use strict';
/**
 * jest reporter, after jest's own summary: when whole test files were skipped (an end-to-end suite
 * whose real n8n, Chromium or Redis is missing outside CI) or tests were filtered out, the last line
 * says that this was not a full run and names the files, so a green local run cannot pass for one.
 * In CI those suites fail instead of skipping (test/e2e/n8n-runner.js).
 */
class SkippedSuitesReporter {
	onRunComplete(_contexts, results) {
		const skippedFiles = results.testResults
			.filter((file) => file.skipped || (file.numPendingTests > 0 && file.numPassingTests + file.numFailingTests === 0))
			.map((file) => file.testFilePath.replace(`${process.cwd()}/`, ''));
		const skippedTests = results.numPendingTests + results.numTodoTests;
		if (skippedFiles.length === 0 && skippedTests === 0) return;
		const files = skippedFiles.length
			? `${skippedFiles.length} test file(s) skipped entirely: ${skippedFiles.join(', ')}`
			: `${skippedTests} test(s) skipped`;
		process.stderr.write(
			`\nNOT A FULL RUN: ${files}. See the SKIPPED warnings above for what is missing.\n`,
		);
	}
}

module.exports = SkippedSuitesReporter;
