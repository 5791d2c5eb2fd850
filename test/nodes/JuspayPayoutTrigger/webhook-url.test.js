'use strict';
/**
 * The address Juspay delivers to: users paste the trigger's Production URL into Juspay's dashboard (or an
 * order's webhookDetails), and n8n builds it from the webhook's path, <base>/webhook/<id>/webhook. A
 * changed path would silently break every saved one, so it is fixed here, with the method Juspay uses.
 */
const { loadNodeDescription } = require('../../helpers/node-description');

test('one POST webhook at the path "webhook"', async () => {
	const { webhooks } = await loadNodeDescription('juspayPayoutTrigger');
	expect(webhooks.map(({ name, httpMethod, path }) => ({ name, httpMethod, path }))).toEqual([
		{ name: 'default', httpMethod: 'POST', path: 'webhook' },
	]);
});
