/** Tests are plain CommonJS: n8n's strict lint rules (no node: imports, no timers, no process) apply to
 * every .ts file, and the harness, emulator and end-to-end runners need all three. */
module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.js'],
	testTimeout: 60000,
	// The tests load the built package: refuse a dist/ older than the sources.
	globalSetup: '<rootDir>/test/helpers/require-fresh-build.js',
	// A skipped end-to-end suite (n8n, Chromium or Redis missing outside CI) is named on the last line.
	reporters: ['default', '<rootDir>/test/helpers/skipped-suites-reporter.js'],
};
