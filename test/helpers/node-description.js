'use strict';
/**
 * The Juspay Payout node's description as n8n loads it from the built package: what the editor reads to
 * draw the node's fields, and what n8n builds the AI tool from.
 */
const { createHarness } = require('../harness');
const { REPO_DIR } = require('../../tools/story/fixtures');

async function loadNodeDescription() {
	const harness = await createHarness({ packageDir: REPO_DIR });
	try {
		return harness.nodeTypes.getByNameAndVersion(harness.typeOf('juspayPayout'), 1).description;
	} finally {
		await harness.close();
	}
}

module.exports = { loadNodeDescription };
