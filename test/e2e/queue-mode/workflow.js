'use strict';
/**
 * The queue-mode scenario's workflow (./scenario.js): Webhook → Split Out → Juspay Payout Cancel, and
 * Webhook → "Where", which records the n8n process that ran each execution.
 */

const { NODE_TYPE, EXAMPLE_CREDENTIAL } = require('../../../tools/story/examples');
const { webhookNode } = require('../../helpers/workflows');

const WEBHOOK_PATH = 'juspay-queue-cancel';
/** Set on each n8n process; the workflow's "Where" node records it in every execution ($env). */
const PROCESS_MARKER = 'JUSPAY_E2E_PROCESS';

const NODES = Object.freeze({
	webhook: 'Cancel request',
	split: 'One item per fulfillment',
	cancel: 'Cancel fulfillment',
	where: 'Where',
});

/**
 * Webhook (respond at once) → Split Out (body.fulfillments) → Juspay Payout Cancel (continue on the error
 * output); and Webhook → "Where" (Edit Fields: which n8n process ran the execution, from $env). Only
 * n8n's own nodes besides ours: no Code node, so no task runner round trips.
 */
function queueCancelWorkflow({
	nodeOptions = {},
	credential = EXAMPLE_CREDENTIAL,
	webhookPath = WEBHOOK_PATH,
} = {}) {
	return {
		name: 'queue-mode: cancel fulfillments from a webhook',
		nodes: [
			webhookNode({ name: NODES.webhook, path: webhookPath }),
			{
				name: NODES.split,
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.fulfillments', options: {} },
			},
			{
				name: NODES.cancel,
				type: NODE_TYPE,
				typeVersion: 1,
				position: [440, 0],
				onError: 'continueErrorOutput',
				parameters: {
					resource: 'fulfillment',
					operation: 'cancel',
					fulfillmentId: '={{ $json.fulfillmentId }}',
					routingId: '={{ $json.customerId }}',
					options: nodeOptions,
				},
				credentials: { juspayPayoutApi: { id: credential.id, name: credential.name } },
			},
			{
				name: NODES.where,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 200],
				parameters: {
					mode: 'manual',
					assignments: {
						assignments: [
							{ id: 'p', name: 'process', value: `={{ $env.${PROCESS_MARKER} }}`, type: 'string' },
							{ id: 'r', name: 'run', value: '={{ $json.body.run }}', type: 'number' },
						],
					},
					includeOtherFields: false,
					options: {},
				},
			},
		],
		connections: {
			[NODES.webhook]: {
				main: [
					[
						{ node: NODES.split, type: 'main', index: 0 },
						{ node: NODES.where, type: 'main', index: 0 },
					],
				],
			},
			[NODES.split]: { main: [[{ node: NODES.cancel, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

module.exports = { queueCancelWorkflow, NODES, WEBHOOK_PATH, PROCESS_MARKER };
