'use strict';
/**
 * The webhook half of the story, shared by the trigger's end-to-end tests, the queue-mode test, the demo and
 * `npm run dev`: the fake webhook credential (what the merchant would set in Juspay's dashboard), where an
 * active Juspay Payout Trigger listens, and reading the executions it started.
 *
 *   const wf = loadExample(NOTIFY_ON_STATUS.file);
 *   const [id] = await n8n.importWorkflows([wf]);
 *   await activate(n8n, id);
 *   emulator.configure({ webhook: emulatorWebhookTo(triggerUrl(n8n, wf)) });
 *   const executions = await waitForExecutions(n8n, id, { count: 2 });
 */
const { TRIGGER_TYPE } = require('./examples');

/** Fake values: what Juspay would send with each webhook, and what the trigger's credential expects. */
const WEBHOOK_AUTH = Object.freeze({
	username: 'juspay_webhooks',
	password: 'fake-webhook-pass-4e1b7a',
	headerName: 'X-Juspay-Token',
	headerValue: 'fake-webhook-token-91c0d2',
});

/** Data of a juspayPayoutWebhookApi credential matching WEBHOOK_AUTH. */
function webhookCredentialData(auth = WEBHOOK_AUTH) {
	return { ...auth };
}

/** The emulator's `webhook` option sending to `url` with WEBHOOK_AUTH (Basic auth + custom header). */
function emulatorWebhookTo(url, auth = WEBHOOK_AUTH) {
	return {
		url,
		username: auth.username,
		password: auth.password,
		header: auth.headerName ? `${auth.headerName}: ${auth.headerValue}` : undefined,
	};
}

/** Headers of a request that passes the trigger's check. */
function authorizedHeaders(auth = WEBHOOK_AUTH) {
	return {
		'content-type': 'application/json',
		authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
		...(auth.headerName ? { [auth.headerName]: auth.headerValue } : {}),
	};
}

/** Production URL of a workflow's Juspay Payout Trigger on a running server: /webhook/<webhookId>/webhook. */
function triggerUrl(n8n, workflow) {
	const trigger = workflow.nodes.find((n) => n.type === TRIGGER_TYPE);
	if (!trigger || !trigger.webhookId)
		throw new Error(`"${workflow.name}" has no trigger with a webhookId`);
	return n8n.webhookUrl(`${trigger.webhookId}/webhook`);
}

/**
 * Activate a workflow so its production webhook listens. n8n 2.x: POST /rest/workflows/:id/activate (the
 * runner's activateWorkflow); n8n 1.x has no such route and activates with PATCH { active: true }.
 * With `url` (the trigger's production URL), waits until n8n serves it: n8n 2.41 registers the webhook a
 * moment after the activation call returns (404 "not registered" until then). The probe carries no
 * credentials, so the trigger refuses it (401) and starts nothing.
 */
async function activate(n8n, id, { url, timeoutMs = 20000 } = {}) {
	try {
		await n8n.activateWorkflow(id);
	} catch (error) {
		if (error.status !== 404) throw error;
		const wf = await n8n.rest('GET', `/rest/workflows/${encodeURIComponent(id)}`);
		await n8n.rest('PATCH', `/rest/workflows/${encodeURIComponent(id)}`, {
			active: true,
			versionId: wf.versionId,
		});
	}
	if (!url) return;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		await res.arrayBuffer();
		if (res.status !== 404) return;
		if (Date.now() > deadline) throw new Error(`${url} still 404 ${timeoutMs} ms after activation`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** A workflow's executions, newest first, each with its data parsed: { id, status, mode, startedAt, stoppedAt, data }. */
async function listExecutions(n8n, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await n8n.rest('GET', `/rest/executions?filter=${filter}&limit=100`);
	return page.results || [];
}

async function readExecution(n8n, executionId) {
	const exec = await n8n.rest('GET', `/rest/executions/${executionId}`);
	const data = typeof exec.data === 'string' ? n8n.flatted().parse(exec.data) : exec.data;
	return { ...exec, data };
}

const FINISHED = (e) => !['new', 'running', 'waiting'].includes(e.status) && e.stoppedAt;

/**
 * Waits until the workflow has at least `count` executions, all finished, and no new one came for
 * `settleMs`; resolves to them (read in full, oldest first).
 */
async function waitForExecutions(
	n8n,
	workflowId,
	{ count = 1, settleMs = 300, timeoutMs = 30000 } = {},
) {
	const deadline = Date.now() + timeoutMs;
	let seen = -1;
	let stableSince = Date.now();
	for (;;) {
		const listed = await listExecutions(n8n, workflowId);
		if (listed.length !== seen) {
			seen = listed.length;
			stableSince = Date.now();
		}
		const done = listed.length >= count && listed.every(FINISHED);
		if (done && Date.now() - stableSince >= settleMs) {
			const full = [];
			for (const e of listed) full.push(await readExecution(n8n, e.id));
			return full.sort((a, b) => Number(a.id) - Number(b.id));
		}
		if (Date.now() > deadline)
			throw new Error(
				`after ${timeoutMs} ms: ${listed.length} executions of workflow ${workflowId}, wanted ${count}`,
			);
		await new Promise((r) => setTimeout(r, 50));
	}
}

module.exports = {
	WEBHOOK_AUTH,
	webhookCredentialData,
	emulatorWebhookTo,
	authorizedHeaders,
	triggerUrl,
	activate,
	listExecutions,
	readExecution,
	waitForExecutions,
};
