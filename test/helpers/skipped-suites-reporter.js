'use strict';
/**
 * jest reporter: when whole test files were skipped (an end-to-end suite whose real n8n, Chromium or
 * Redis is missing outside CI) or tests were left out, the very last line of the run says that it
 * was not a full run and names the skipped files, so a green local run cannot pass for a full one.
 * In CI those suites fail instead of skipping (tools/n8n/index.js).
 *
 * jest prints its own summary after every custom reporter's onRunComplete, so the line is written
 * when the process exits.
 */
class SkippedSuitesReporter {
	onRunComplete(_contexts, results) {
		const skippedFiles = results.testResults
			.filter((file) => file.skipped || (file.numPendingTests > 0 && file.numPassingTests + file.numFailingTests === 0))
			.map((file) => file.testFilePath.replace(`${process.cwd()}/`, ''));
		const skippedTests = results.numPendingTests + results.numTodoTests;
		if (skippedFiles.length === 0 && skippedTests === 0) return;
		const what =
			skippedFiles.length > 0
				? `${skippedFiles.length} test file(s) skipped: ${skippedFiles.join(', ')}`
				: `${skippedTests} test(s) skipped`;
		const line = `NOT A FULL RUN: ${what} (a filter, or what a suite needs is missing: see the SKIPPED warnings above).`;
		process.once('exit', () => process.stderr.write(`\n${line}\n`));
	}
}

module.exports = SkippedSuitesReporter;
