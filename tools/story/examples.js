'use strict';
/**
 * Load the example workflows of examples/*.json for tests and the demo, with their placeholder list
 * replaced. The examples stay pure, importable JSON; everything that adapts them lives here.
 *
 *   const { loadExample, CANCEL_THEN_NOTIFY } = require('./examples');
 *   const wf = loadExample(CANCEL_THEN_NOTIFY.file, {
 *     list: [{ fulfillmentId: 'abc-f1', orderId: 'refund_1', customerId: 'cust_1', email: 'a@example.com' }],
 *     maxWaitSeconds: 3, // optional: another Max Wait for every Cancel with Wait for Outcome on
 *   });
 *
 * `list` replaces the array literal in the example's list node (a Code node): the rest of that node's code
 * still runs as written, so a test of the example tests the example.
 */
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');

/** The credential every example refers to; import one with this id (type juspayPayoutApi) to run them. */
const EXAMPLE_CREDENTIAL = Object.freeze({
	id: 'juspay-payout-emulator',
	name: 'Juspay Payout (emulator)',
});
const NODE_TYPE = 'n8n-nodes-juspay-payout.juspayPayout';
/** The credential the trigger examples use (type juspayPayoutWebhookApi), and the trigger's node type. */
const EXAMPLE_WEBHOOK_CREDENTIAL = Object.freeze({
	id: 'juspay-payout-webhook-emulator',
	name: 'Juspay Payout Webhook (emulator)',
});
const TRIGGER_TYPE = 'n8n-nodes-juspay-payout.juspayPayoutTrigger';

/** Node names the tests and the demo rely on. Renaming a node in an example means changing them here. */
const CANCEL_THEN_NOTIFY = Object.freeze({
	file: 'cancel-then-notify.json',
	trigger: "When clicking 'Execute workflow'",
	list: 'Fulfillments to cancel',
	cancel: 'Cancel fulfillment',
	/** Switch on the cancel's `outcome`: output 0 cancelled, 1 not_cancelled, 2 undetermined. */
	outcome: 'Outcome',
	notifyCancelled: 'Notify: payout cancelled',
	notifyWentAhead: 'Notify: payout went ahead',
	notifyPending: 'Notify: still pending, check later',
	notifyFailed: 'Notify: could not cancel',
	/** The example's own Max Wait (seconds), short for the demo. */
	maxWaitSeconds: 10,
});
const SCHEDULED_CANCEL = Object.freeze({
	file: 'scheduled-cancel-stale-fulfillments.json',
	trigger: 'Every hour',
	list: 'Stale fulfillments',
	cancel: 'Cancel stale fulfillment',
	merge: 'All results',
	summary: 'Summary',
});

/** Webhook-driven notifications: Juspay Payout Trigger → Switch on `event` → one notification per outcome. */
const NOTIFY_ON_STATUS = Object.freeze({
	file: 'notify-on-payout-status.json',
	trigger: 'Juspay Payout Trigger',
	outcome: 'Outcome',
	/** Switch outputs in this order, one per event the trigger listens to */
	notify: Object.freeze({
		'FULFILLMENT_ORDER.CANCELLED': 'Notify: payout cancelled',
		'FULFILLMENT_ORDER.SUCCESS': 'Notify: payout sent',
		'FULFILLMENT_ORDER.FAILURE': 'Notify: payout failed',
		'FULFILLMENT_ORDER.MANUAL_REVIEW': 'Notify: payout in review',
	}),
});
/** The cancel flow that relies on it: cancels without waiting. */
const CANCEL_BY_WEBHOOK = Object.freeze({
	file: 'cancel-then-notify-by-webhook.json',
	trigger: "When clicking 'Execute workflow'",
	list: 'Fulfillments to cancel',
	cancel: 'Cancel fulfillment',
	requested: 'Cancellation requested',
	notifyFailed: 'Notify: could not cancel',
});

/** File names of all examples. */
function listExamples() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort();
}

function readExample(file) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
}

/**
 * Replace the first `const <name> = [ ... ];` array literal of a Code node's jsCode with `list`.
 * Throws when the node or the literal is not there, so a changed example fails loudly instead of running
 * its placeholder ids.
 */
function replaceList(workflow, nodeName, list) {
	const node = workflow.nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`example "${workflow.name}" has no node "${nodeName}"`);
	if (node.type !== 'n8n-nodes-base.code' || typeof node.parameters.jsCode !== 'string') {
		throw new Error(`node "${nodeName}" of "${workflow.name}" is not a Code node with jsCode`);
	}
	const pattern = /^const (\w+) = \[\n[\s\S]*?\n\];$/m;
	if (!pattern.test(node.parameters.jsCode)) {
		throw new Error(
			`node "${nodeName}" of "${workflow.name}" has no "const x = [\\n...\\n];" list to replace`,
		);
	}
	const literal = JSON.stringify(list, null, '\t');
	node.parameters.jsCode = node.parameters.jsCode.replace(
		pattern,
		(_, name) => `const ${name} = ${literal};`,
	);
	return workflow;
}

/** Point every Juspay Payout node at another credential ({ id, name }). */
function useCredential(workflow, credential) {
	for (const node of workflow.nodes) {
		if (node.type === NODE_TYPE)
			node.credentials = { juspayPayoutApi: { id: credential.id, name: credential.name } };
	}
	return workflow;
}

/** Set Max Wait on every Juspay Payout node that waits for the outcome; throws when none does. */
function setMaxWait(workflow, seconds) {
	const waiting = workflow.nodes.filter(
		(n) => n.type === NODE_TYPE && n.parameters && n.parameters.waitForOutcome === true,
	);
	if (!waiting.length)
		throw new Error(`example "${workflow.name}" has no node waiting for an outcome`);
	for (const node of waiting) node.parameters.maxWaitSeconds = seconds;
	return workflow;
}

/**
 * A fresh copy of an example. Options: `list` (replaces the list node's items), `listNode` (defaults to the
 * known list node of the two examples), `credential` ({ id, name } for every Juspay Payout node), `name`,
 * `maxWaitSeconds` (Max Wait of every Cancel that waits for the outcome).
 */
function loadExample(file, { list, listNode, credential, name, maxWaitSeconds } = {}) {
	const workflow = readExample(file);
	if (list) {
		const known = [CANCEL_THEN_NOTIFY, SCHEDULED_CANCEL, CANCEL_BY_WEBHOOK].find(
			(e) => e.file === file,
		);
		const target = listNode || (known && known.list);
		if (!target) throw new Error(`which node of ${file} holds the list? pass listNode`);
		replaceList(workflow, target, list);
	}
	if (credential) useCredential(workflow, credential);
	if (name) workflow.name = name;
	if (maxWaitSeconds !== undefined) setMaxWait(workflow, maxWaitSeconds);
	return workflow;
}

module.exports = {
	EXAMPLES_DIR,
	EXAMPLE_CREDENTIAL,
	EXAMPLE_WEBHOOK_CREDENTIAL,
	NODE_TYPE,
	TRIGGER_TYPE,
	NOTIFY_ON_STATUS,
	CANCEL_BY_WEBHOOK,
	CANCEL_THEN_NOTIFY,
	SCHEDULED_CANCEL,
	listExamples,
	readExample,
	replaceList,
	useCredential,
	setMaxWait,
	loadExample,
};
