'use strict';
/**
 * The Juspay Payout Trigger on a queue-mode cluster (scenario.js's startCluster: main + workers on Redis):
 * the main receives Juspay's webhooks (the trigger's webhook() runs there: verification, filter, dedupe in
 * static data), the workers run the executions. The emulator delivers every event twice.
 *
 *   const { figures, checks } = await runTriggerBurst(cluster, { fulfillments: 8 });
 */
const crypto = require('node:crypto');

const { API_KEY, MERCHANT_ID, orderBody } = require('../../../tools/story/fixtures');
const { TRIGGER_TYPE } = require('../../../tools/story/examples');
const {
	webhookCredentialData,
	emulatorWebhookTo,
	activate,
	waitForExecutions,
} = require('../../../tools/story/webhooks');

const TRIGGER = 'Juspay Payout Trigger';
const WHERE = 'Where';
/** Set on each n8n process by startCluster; the "Where" node records it ($env). */
const PROCESS_MARKER = 'JUSPAY_E2E_PROCESS';

function triggerWorkflow(credential) {
	return {
		name: 'queue-mode: Juspay Payout Trigger',
		nodes: [
			{
				name: TRIGGER,
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				webhookId: crypto.randomUUID(),
				parameters: { events: ['FULFILLMENT_ORDER.CANCELLED'] },
				credentials: { juspayPayoutWebhookApi: { id: credential.id, name: credential.name } },
			},
			{
				name: WHERE,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					mode: 'manual',
					assignments: {
						assignments: [
							{ id: 'p', name: 'process', value: `={{ $env.${PROCESS_MARKER} }}`, type: 'string' },
							{ id: 'e', name: 'eventId', value: '={{ $json.eventId }}', type: 'string' },
							{
								id: 'f',
								name: 'fulfillmentId',
								value: '={{ $json.fulfillmentId }}',
								type: 'string',
							},
						],
					},
					includeOtherFields: false,
					options: {},
				},
			},
		],
		connections: { [TRIGGER]: { main: [[{ node: WHERE, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

function histogram(values) {
	const h = {};
	for (const v of values) h[v] = (h[v] || 0) + 1;
	return h;
}

/**
 * `fulfillments` new orders, each cancelled before pick-up; the emulator sends each event `copies` times to the
 * trigger of a freshly activated workflow. Resolves to { figures, checks } once every execution finished.
 */
async function runTriggerBurst(cluster, { fulfillments = 8, copies = 2, timeoutMs = 60000 } = {}) {
	const { n8n, emulator } = cluster;
	const credential = await n8n.rest('POST', '/rest/credentials', {
		name: 'Juspay Payout Webhook (queue mode)',
		type: 'juspayPayoutWebhookApi',
		data: webhookCredentialData(),
	});
	const workflow = triggerWorkflow(credential);
	const [workflowId] = await n8n.importWorkflows([workflow]);
	const url = n8n.webhookUrl(`${workflow.nodes[0].webhookId}/webhook`);
	await activate(n8n, workflowId, { url });
	const logStart = emulator.webhookLog.length;
	emulator.configure({ webhook: emulatorWebhookTo(url), webhookCopies: copies });
	const ids = [];
	try {
		for (let i = 0; i < fulfillments; i++) {
			const order = emulator.createOrder(
				orderBody(`queue_trigger_${Date.now()}_${i}`, { customerId: `cust_t${i}` }),
			);
			ids.push(order.fulfillments[0].id);
		}
		for (const id of ids) {
			const res = await fetch(`${emulator.url}/payout/merchant/v1/fulfillment/${id}/cancel`, {
				method: 'POST',
				headers: {
					authorization: `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`,
					'x-merchantid': MERCHANT_ID,
				},
			});
			await res.arrayBuffer();
			if (res.status !== 200) throw new Error(`cancel of ${id}: HTTP ${res.status}`);
		}
		const cancelledDeliveries = () =>
			emulator.webhookLog
				.slice(logStart)
				.filter((e) => e.event === 'FULFILLMENT_ORDER.CANCELLED' && e.ok);
		const deadline = Date.now() + timeoutMs;
		while (cancelledDeliveries().length < fulfillments * copies) {
			if (Date.now() > deadline)
				throw new Error(`only ${cancelledDeliveries().length} CANCELLED deliveries`);
			await new Promise((r) => setTimeout(r, 50));
		}
		const executions = await waitForExecutions(n8n, workflowId, {
			count: fulfillments,
			settleMs: 2000,
			timeoutMs,
		});
		const where = executions.map(
			(e) => e.data.resultData.runData[WHERE]?.[0]?.data?.main?.[0]?.[0]?.json ?? {},
		);
		const deliveries = emulator.webhookLog.slice(logStart);
		const figures = {
			fulfillments,
			copies,
			deliveries: deliveries.length,
			deliveryStatuses: histogram(deliveries.map((d) => d.status)),
			cancelledDeliveries: cancelledDeliveries().length,
			executions: executions.length,
			executionStatuses: histogram(executions.map((e) => e.status)),
			executionModes: histogram(executions.map((e) => e.mode)),
			perProcess: histogram(where.map((w) => w.process || 'unknown')),
		};
		const perFulfillment = histogram(where.map((w) => w.fulfillmentId));
		const checks = {
			oneExecutionPerFulfillment:
				ids.every((id) => perFulfillment[id] === 1) && where.length === ids.length,
			oneExecutionPerEvent: new Set(where.map((w) => w.eventId)).size === where.length,
			onWorkersOnly: where.every((w) => /^worker-\d+$/.test(w.process)),
		};
		return { figures, checks };
	} finally {
		emulator.configure({ webhook: null, webhookCopies: 1 });
	}
}

module.exports = { runTriggerBurst, triggerWorkflow };
