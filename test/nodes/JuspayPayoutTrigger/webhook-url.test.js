'use strict';
/**
 * The address Juspay delivers to: users paste the trigger's Production URL into Juspay's dashboard (or an
 * order's webhookDetails), and n8n builds it from the webhook's path, <base>/webhook/<id>/webhook. A
 * changed path would silently break every saved one, so it is fixed here, with the method Juspay uses.
 */
const { createHarness } = require('../../harness');
const { REPO_DIR } = require('../../../tools/story/fixtures');

test('one POST webhook at the path "webhook"', async () => {
	const harness = await createHarness({ packageDir: REPO_DIR });
	const { webhooks } = harness.nodeTypes.getByNameAndVersion(harness.typeOf('juspayPayoutTrigger'), 1).description;
	await harness.close();
	expect(webhooks.map(({ name, httpMethod, path }) => ({ name, httpMethod, path }))).toEqual([
		{ name: 'default', httpMethod: 'POST', path: 'webhook' },
	]);
});
