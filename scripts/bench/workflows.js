'use strict';
/**
 * The workflows under test. Each is Manual trigger → "Items" (Code node making one item per fulfillment
 * id) → the node under test, so that the only difference between rows is the node doing the cancels.
 *
 * The ids are embedded in the Code node: they are random (the emulator makes them), and a Code node is how
 * a real workflow would produce such a list. The Code node's own time is not part of the node's time.
 */
const MANUAL = { name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
const CANCEL_NODE = 'Cancel';

function itemsNode(ids) {
	return {
		name: 'Items',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: {
			jsCode: `const ids = ${JSON.stringify(ids)};\nreturn ids.map((fulfillmentId) => ({ json: { fulfillmentId } }));`,
		},
	};
}

function chain(name, ids, node) {
	return {
		name,
		nodes: [MANUAL, itemsNode(ids), { ...node, name: CANCEL_NODE }],
		connections: {
			Manual: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: CANCEL_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** This package's node; `options` empty = the node's defaults (row a). */
function juspayWorkflow({ name, ids, nodeType, credentialId, options = {} }) {
	return chain(name, ids, {
		type: nodeType,
		typeVersion: 1,
		parameters: {
			resource: 'fulfillment',
			operation: 'cancel',
			fulfillmentId: '={{ $json.fulfillmentId }}',
			options,
		},
		credentials: { juspayPayoutApi: { id: credentialId, name: 'Juspay emulator' } },
	});
}

/**
 * n8n's HTTP Request node (latest version in n8n 2.8.4 is 4.4) doing the same call: POST to the cancel
 * URL, Basic auth through a generic "Basic Auth" credential (key as user, empty password), x-merchantid as a
 * header parameter. `batching` undefined = its default: every item's request at once.
 */
function httpRequestWorkflow({ name, ids, baseUrl, merchantId, credentialId, batching }) {
	const options = {};
	if (batching) options.batching = { batch: { batchSize: batching.batchSize, batchInterval: batching.batchInterval } };
	return chain(name, ids, {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.4,
		parameters: {
			method: 'POST',
			url: `=${baseUrl}/payout/merchant/v1/fulfillment/{{ encodeURIComponent($json.fulfillmentId) }}/cancel`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBasicAuth',
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'x-merchantid', value: merchantId }] },
			options,
		},
		credentials: { httpBasicAuth: { id: credentialId, name: 'Juspay emulator (Basic)' } },
	});
}

module.exports = { CANCEL_NODE, juspayWorkflow, httpRequestWorkflow };
