'use strict';
/**
 * Jest gating for suites that need a real n8n install (tools/n8n): run them when it is installed, skip
 * them with a warning when it is not, and fail them under CI, which installs n8n (npm test).
 */
const {
	DEFAULT_VERSION,
	installCommand,
	installDir,
	isCi,
	isInstalled,
} = require('../../tools/n8n');

/**
 * jest's `describe` when real n8n `version` is installed. Otherwise `describe.skip` with a warning, except
 * under CI, where the suite is replaced by one failing test: CI installs n8n (npm test), so a missing install
 * there is a broken pipeline, not a reason to pass quietly. Uses jest's globals; call it from a test file.
 */
function describeIfN8nInstalled(version = DEFAULT_VERSION, { node: nodeMajor } = {}) {
	if (isInstalled(version, nodeMajor)) return describe;
	const what = nodeMajor ? `real n8n ${version} on Node ${nodeMajor}` : `real n8n ${version}`;
	const why = `${what} is not installed in ${installDir(version, nodeMajor)}: run ${installCommand(version, nodeMajor)} (npm test and npm run test:e2e do)`;
	if (isCi()) {
		return (title) =>
			describe(title, () => {
				test(`${what} is installed (CI is set: failing instead of skipping)`, () => {
					throw new Error(why);
				});
			});
	}
	console.warn(`[e2e] SKIPPED: ${why}`);
	return describe.skip;
}

module.exports = { describeIfN8nInstalled, isCi };
