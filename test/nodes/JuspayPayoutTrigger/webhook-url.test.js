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

test('Juspay gets its answer as soon as the execution has started, an empty 200, not the workflow\'s data', async () => {
	// n8n's meaning of these two: answer on receipt, with no body (its default would be the first item as JSON).
	const { webhooks } = await loadNodeDescription('juspayPayoutTrigger');
	expect(webhooks.map(({ responseMode, responseData }) => ({ responseMode, responseData }))).toEqual([
		{ responseMode: 'onReceived', responseData: 'noData' },
	]);
});
