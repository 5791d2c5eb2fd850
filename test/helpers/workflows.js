'use strict';
/**
 * Workflows the end-to-end tests run: a manual trigger, a Code node that emits the given items, and the
 * node under test after it (named by its own `name`), as the editor's "Execute workflow" runs them.
 */
const crypto = require('node:crypto');

const { NODE_TYPE } = require('../../tools/story/examples');

function itemsThrough(node, items, { name = `e2e ${node.name}` } = {}) {
	return {
		name,
		nodes: [
			{
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				name: 'Items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: `return ${JSON.stringify(items)}.map((json) => ({ json }));` },
			},
			{ position: [440, 0], ...node },
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
		},
	};
}

/** The package's node as Fulfillment → Cancel, named "Cancel"; `parameters` add to or replace the defaults. */
function cancelNode({ parameters = {}, credential, onError }) {
	return {
		name: 'Cancel',
		type: NODE_TYPE,
		typeVersion: 1,
		parameters: {
			resource: 'fulfillment',
			operation: 'cancel',
			fulfillmentId: '={{ $json.fulfillmentId }}',
			options: {},
			...parameters,
		},
		credentials: { juspayPayoutApi: { id: credential.id, name: credential.name } },
		...(onError ? { onError } : {}),
	};
}

/** n8n's own Webhook node (v2), answering on receipt; `extra` adds parameters (authentication) or fields. */
function webhookNode({ name = 'Webhook', path, parameters = {}, ...extra }) {
	return {
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: crypto.randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'onReceived',
			options: {},
			...parameters,
		},
		...extra,
	};
}

module.exports = { itemsThrough, cancelNode, webhookNode };
