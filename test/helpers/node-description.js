'use strict';
/**
 * A node's description as n8n loads it from the built package (the Juspay Payout node unless named):
 * what the editor reads to draw the node's fields, what n8n builds the AI tool from, and the trigger's
 * webhooks.
 */
const { createHarness } = require('../harness');
const { REPO_DIR } = require('../../tools/story/fixtures');

async function loadNodeDescription(nodeType = 'juspayPayout') {
	const harness = await createHarness({ packageDir: REPO_DIR });
	try {
		return harness.nodeTypes.getByNameAndVersion(harness.typeOf(nodeType), 1).description;
	} finally {
		await harness.close();
	}
}

module.exports = { loadNodeDescription };
