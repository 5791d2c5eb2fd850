'use strict';
/**
 * The workflows under test. Each is Manual trigger → "Items" (Code node making one item per fulfillment
 * id) → the node under test, so that the only difference between rows is the node doing the cancels.
 *
 * The ids are embedded in the Code node: they are random (the emulator makes them), and a Code node is how
 * a real workflow would produce such a list. The Code node's own time is not part of the node's time.
 */
const MANUAL = {
	name: 'Manual',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	parameters: {},
};
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
		// Positions: n8n 1.x refuses to run a workflow whose nodes have none.
		nodes: [
			{ ...MANUAL, position: [0, 0] },
			{ ...itemsNode(ids), position: [220, 0] },
			{ ...node, name: CANCEL_NODE, position: [440, 0] },
		],
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
 * URL with Basic auth (key as user, empty password) and x-merchantid, authenticated in one of three ways:
 *   juspayCredential: "Predefined credential type" → this package's own Juspay Payout API credential: n8n's
 *                     own auth path, the one this node goes through (`credentialId` of a juspayPayoutApi);
 *   handTyped:        no credential, both headers typed as header parameters (`authorization` given);
 *   basicCredential:  a generic "Basic Auth" credential, x-merchantid as a header parameter.
 * `batching` undefined = its default: every item's request at once.
 */
function httpRequestWorkflow({ name, ids, baseUrl, merchantId, auth, batching }) {
	const options = {};
	if (batching)
		options.batching = {
			batch: { batchSize: batching.batchSize, batchInterval: batching.batchInterval },
		};
	const headers = [{ name: 'x-merchantid', value: merchantId }];
	const parameters = {
		method: 'POST',
		url: `=${baseUrl}/payout/merchant/v1/fulfillment/{{ encodeURIComponent($json.fulfillmentId) }}/cancel`,
		options,
	};
	let credentials;
	if (auth.kind === 'juspayCredential') {
		Object.assign(parameters, {
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'juspayPayoutApi',
		});
		credentials = { juspayPayoutApi: { id: auth.credentialId, name: 'Juspay emulator' } };
	} else if (auth.kind === 'basicCredential') {
		Object.assign(parameters, {
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBasicAuth',
			sendHeaders: true,
			headerParameters: { parameters: headers },
		});
		credentials = { httpBasicAuth: { id: auth.credentialId, name: 'Juspay emulator (Basic)' } };
	} else if (auth.kind === 'handTyped') {
		Object.assign(parameters, {
			authentication: 'none',
			sendHeaders: true,
			headerParameters: {
				parameters: [{ name: 'authorization', value: auth.authorization }, ...headers],
			},
		});
	} else {
		throw new Error(`unknown auth kind ${auth.kind}`);
	}
	return chain(name, ids, {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.4,
		parameters,
		...(credentials ? { credentials } : {}),
	});
}

module.exports = { CANCEL_NODE, juspayWorkflow, httpRequestWorkflow };
