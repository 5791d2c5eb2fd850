'use strict';
/**
 * The webhook half of the editor stack (./editor-stack.js, option `trigger`): the credential the trigger
 * example uses, the two trigger examples with fixed ids ("notify on payout status", active, and "cancel now,
 * notify when Juspay reports" with live fulfillments), and, once n8n serves, the emulator sending Juspay's
 * webhooks to the active trigger.
 */
const {
	loadExample,
	EXAMPLE_WEBHOOK_CREDENTIAL,
	NOTIFY_ON_STATUS,
	CANCEL_BY_WEBHOOK,
} = require('./examples');
const {
	WEBHOOK_AUTH,
	webhookCredentialData,
	emulatorWebhookTo,
	triggerUrl,
	activate,
} = require('./webhooks');

/** Fixed ids: a second start on the same user folder updates these instead of adding copies. */
const TRIGGER_WORKFLOW_IDS = Object.freeze({
	[NOTIFY_ON_STATUS.file]: 'JuspayNotifyStatus',
	[CANCEL_BY_WEBHOOK.file]: 'JuspayCancelByHook',
});

/** The webhook credential (what the merchant would set in Juspay's dashboard), fixed id. */
function editorWebhookCredential() {
	return {
		...EXAMPLE_WEBHOOK_CREDENTIAL,
		type: 'juspayPayoutWebhookApi',
		data: webhookCredentialData(),
	};
}

/** Both trigger examples; `create(customerId)` makes an emulator order for the cancel flow's list. */
function triggerWorkflows(create) {
	const notify = loadExample(NOTIFY_ON_STATUS.file);
	notify.id = TRIGGER_WORKFLOW_IDS[NOTIFY_ON_STATUS.file];
	const cancel = loadExample(CANCEL_BY_WEBHOOK.file, {
		list: [create('cust_nina'), create('cust_omar', 2)].map(({ fulfillmentId, customerId }) => ({
			fulfillmentId,
			customerId,
		})),
	});
	cancel.id = TRIGGER_WORKFLOW_IDS[CANCEL_BY_WEBHOOK.file];
	return [notify, cancel];
}

/**
 * After `n8n start`: activates the notify workflow (found among `workflows`) (once its webhook answers) and points the emulator's
 * webhooks at it. Resolves to the trigger's production URL.
 */
async function activateTrigger(n8n, emulator, workflows) {
	const notify = workflows.find((wf) => wf.id === TRIGGER_WORKFLOW_IDS[NOTIFY_ON_STATUS.file]);
	const url = triggerUrl(n8n, notify);
	const current = await n8n.rest('GET', `/rest/workflows/${encodeURIComponent(notify.id)}`);
	if (!current.active) await activate(n8n, notify.id, { url });
	else await activate(n8n, notify.id, { url }).catch(() => {}); // already active: only wait for the URL
	emulator.configure({ webhook: emulatorWebhookTo(url) });
	return url;
}

module.exports = {
	TRIGGER_WORKFLOW_IDS,
	WEBHOOK_AUTH,
	editorWebhookCredential,
	triggerWorkflows,
	activateTrigger,
};
