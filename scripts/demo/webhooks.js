'use strict';
/**
 * The demo's second act (scripts/demo.js): the same story told by Juspay's webhooks. Before any order is
 * created, examples/notify-on-payout-status.json is imported and activated with a webhook credential, and
 * the emulator sends every event to its Juspay Payout Trigger. After the cancel run, one row per
 * fulfillment Juspay reported on (event, the notification the workflow built, time from Juspay's event to
 * the execution), then the same event delivered once more to show it starts nothing.
 * test/e2e/demo.test.js parses this output too.
 */
const { seconds } = require('../../tools/lifecycle');
const {
	loadExample,
	NOTIFY_ON_STATUS,
	EXAMPLE_WEBHOOK_CREDENTIAL,
} = require('../../tools/story/examples');
const {
	webhookCredentialData,
	emulatorWebhookTo,
	triggerUrl,
	activate,
	listExecutions,
	waitForExecutions,
} = require('../../tools/story/webhooks');
const { shortId, shortenIds, table } = require('./report');

/** Webhook credential, notify workflow active, emulator pointed at it. Resolves { workflowId, name, url }. */
async function startWebhookAct(n8n, emulator, step) {
	const credential = await n8n.rest('POST', '/rest/credentials', {
		name: EXAMPLE_WEBHOOK_CREDENTIAL.name,
		type: 'juspayPayoutWebhookApi',
		data: webhookCredentialData(),
	});
	const workflow = loadExample(NOTIFY_ON_STATUS.file);
	const trigger = workflow.nodes.find((n) => n.name === NOTIFY_ON_STATUS.trigger);
	trigger.credentials = { juspayPayoutWebhookApi: { id: credential.id, name: credential.name } };
	const [workflowId] = await n8n.importWorkflows([workflow]);
	const url = triggerUrl(n8n, workflow);
	await activate(n8n, workflowId, { url });
	emulator.configure({ webhook: emulatorWebhookTo(url) });
	step(
		`"${workflow.name}" (examples/${NOTIFY_ON_STATUS.file}) active; the emulator's webhooks go to ${url}`,
	);
	return { workflowId, name: workflow.name, url };
}

/** The trigger item and the notification of each execution. */
function readExecution(execution) {
	const runData = execution.data.resultData.runData;
	const item = runData[NOTIFY_ON_STATUS.trigger][0].data.main[0][0].json;
	const node = Object.values(NOTIFY_ON_STATUS.notify).find((name) => runData[name]);
	const note = node ? runData[node][0].data.main[0][0].json : undefined;
	return { item, node, note, startedAt: Date.parse(execution.startedAt) };
}

/**
 * Waits for the executions the story should start (`expected`), prints the table, replays one event.
 * Resolves { rows, executions, replayStarted }.
 */
async function reportWebhookAct(n8n, emulator, act, stories, { expected, step }) {
	const executions = (
		await waitForExecutions(n8n, act.workflowId, {
			count: expected,
			settleMs: 1500,
			timeoutMs: 30000,
		})
	).map(readExecution);
	const sentAt = Object.fromEntries(
		emulator.webhookEvents().map((e) => [e.id, Date.parse(e.date_created)]),
	);
	const rows = [];
	stories.forEach((s, i) => {
		for (const e of executions.filter((x) => x.item.fulfillmentId === s.fulfillmentId)) {
			rows.push({
				n: i + 1,
				fulfillment: shortId(s.fulfillmentId),
				customer: s.customerId,
				event: e.item.event,
				node: e.node || '-',
				after: seconds(e.startedAt - sentAt[e.item.eventId]),
				text: e.note ? shortenIds(e.note.text, [s.fulfillmentId]) : '(no notification built)',
				eventId: e.item.eventId,
			});
		}
	});

	console.log('');
	console.log(`Juspay's webhooks → Juspay Payout Trigger → "${act.name}" (active):`);
	const lines = table(
		['#', 'fulfillment', 'customer', 'Juspay event', 'notification', 'after the event'],
		rows.map((r) => [r.n, r.fulfillment, r.customer, r.event, r.node, r.after]),
	);
	console.log(lines.slice(0, 2).join('\n'));
	rows.forEach((r, i) => {
		console.log(lines[i + 2]);
		console.log(`${' '.repeat(String(stories.length).length + 2)}✉ ${r.text}`);
	});

	// Juspay may deliver an event again: the first row's event, once more.
	const before = (await listExecutions(n8n, act.workflowId)).length;
	const replayed = rows[0];
	if (replayed) await emulator.redeliver(replayed.eventId);
	await new Promise((r) => setTimeout(r, 1000));
	const replayStarted = (await listExecutions(n8n, act.workflowId)).length - before;

	const deliveries = emulator.webhookLog;
	const answers = deliveries.map((d) => d.durationMs).sort((a, b) => a - b);
	const statuses = [...new Set(deliveries.map((d) => d.status))].join(', ');
	console.log('');
	console.log(
		`Webhooks: ${deliveries.length} deliveries answered ${statuses} (median ${answers[Math.floor(answers.length / 2)]} ms); ` +
			`${executions.length} started an execution, the others were events the workflow does not listen to; ` +
			`row ${replayed ? replayed.n : '-'}'s event delivered again started ${replayStarted === 0 ? 'nothing' : `${replayStarted} execution(s)`}.`,
	);
	step(`webhook act: ${executions.length} notifications from Juspay's events`);
	return { rows, executions, replayStarted };
}

module.exports = { startWebhookAct, reportWebhookAct };
