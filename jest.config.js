/** Tests are plain CommonJS: n8n's strict lint rules (no node: imports, no timers, no process) apply to
 * every .ts file, and the harness, emulator and end-to-end runners need all three. */
module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.js'],
	testTimeout: 60000,
};
