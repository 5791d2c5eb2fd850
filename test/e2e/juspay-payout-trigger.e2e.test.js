'use strict';
/**
 * The Juspay Payout Trigger in real n8n, in every supported build (2.8.4 on Node 20, 2.41.1 and 1.123.81 on
 * Node 24): one `n8n start` per version, the package installed as a community package, the example workflow
 * "notify on payout status" active, and the emulator sending Juspay's webhooks to its production URL.
 *
 *   cancel, then the webhooks: FULFILLMENT_ORDER.CANCELLED for the fulfillment cancelled before pick-up,
 *     FULFILLMENT_ORDER.SUCCESS for the one that went ahead; one execution each, the right notification;
 *     every other event (INITIATED, transactions, order level) answered 200 and started nothing
 *   wrong or missing credentials: 401, no execution; a body that is no Juspay event: 400, malformed JSON: 422
 *     (n8n's body parser), no execution either way
 *   the same event again (redelivered later, two copies at once, the emulator's double delivery): one execution
 *   static data: the remembered ids are in the workflow n8n stored
 *
 * Figures printed: time from the emulator's event to the execution's start; n8n's answer time for the
 * trigger (starting, ignoring, refusing) next to n8n's own Webhook node on the same server.
 * Skipped per version with a message when it is not installed, failed instead when CI is set.
 */

const { createN8nInstance, N8N_TARGETS } = require('../../tools/n8n');
const { describeIfN8nInstalled } = require('../helpers/real-n8n');
const { webhookNode } = require('../helpers/workflows');
const {
	loadExample,
	EXAMPLE_CREDENTIAL,
	EXAMPLE_WEBHOOK_CREDENTIAL,
	NOTIFY_ON_STATUS,
	CANCEL_BY_WEBHOOK,
} = require('../../tools/story/examples');
const { startEmulator } = require('../../tools/emulator');
const {
	REPO_DIR,
	API_KEY,
	MERCHANT_ID,
	credentialFor,
	orderBody,
} = require('../../tools/story/fixtures');
const {
	WEBHOOK_AUTH,
	webhookCredentialData,
	emulatorWebhookTo,
	authorizedHeaders,
	triggerUrl,
	activate,
	listExecutions,
	waitForExecutions,
} = require('../../tools/story/webhooks');

/** Every supported n8n: 2.8.4 on Node 20, the newest 2.x and the newest 1.x on Node 24 (npm test installs all three). */
const TARGETS = Object.values(N8N_TARGETS);

const PACKAGE_DIR = process.env.JUSPAY_E2E_PACKAGE_DIR || REPO_DIR;
const TRIGGER = NOTIFY_ON_STATUS.trigger;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const BASELINE_CREDENTIAL = Object.freeze({
	id: 'n8n-basic-auth-baseline',
	name: 'Basic auth (baseline)',
});

/** n8n's Webhook node answering on receipt, with or without Basic auth: the floor for a webhook call. */
function baselineWorkflow(path, authentication) {
	return {
		name: `baseline: n8n Webhook node (${authentication})`,
		nodes: [
			webhookNode({
				path,
				parameters: { authentication },
				...(authentication === 'basicAuth'
					? { credentials: { httpBasicAuth: { ...BASELINE_CREDENTIAL } } }
					: {}),
			}),
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

async function until(what, check, timeoutMs = 15000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(25);
	}
}

/** The one trigger item of an execution, and the notification node that ran. */
function summarize(execution) {
	const runData = execution.data.resultData.runData;
	const item = runData[TRIGGER][0].data.main[0][0].json;
	const notified = Object.values(NOTIFY_ON_STATUS.notify).filter((name) => runData[name]);
	return {
		id: execution.id,
		status: execution.status,
		mode: execution.mode,
		item,
		notified,
		startedAt: execution.startedAt,
	};
}

for (const target of TARGETS) {
	const { version: VERSION, node: NODE_MAJOR } = target;
	const title = `Juspay Payout Trigger in real n8n ${VERSION} (Node ${NODE_MAJOR || process.versions.node.split('.')[0]})`;
	describeIfN8nInstalled(VERSION, { node: NODE_MAJOR })(title, () => {
		let n8n;
		let emulator;
		let url;
		let notifyId;
		let orderSeq = 0;
		/** executions of the notify workflow seen so far (every test adds its own expectation) */
		let expectedExecutions = 0;

		const newOrder = (options) => {
			const orderId = `trg_${VERSION.replace(/\./g, '')}_${++orderSeq}`;
			const order = emulator.createOrder(orderBody(orderId, options));
			return { orderId, fulfillmentId: order.fulfillments[0].id };
		};
		const post = async (body, headers = authorizedHeaders()) => {
			const started = Date.now();
			const res = await fetch(url, {
				method: 'POST',
				headers,
				body: typeof body === 'string' ? body : JSON.stringify(body),
			});
			const text = await res.text();
			return { status: res.status, text, ms: Date.now() - started };
		};
		const executionCount = async () => (await listExecutions(n8n, notifyId)).length;

		beforeAll(async () => {
			emulator = await startEmulator({
				apiKey: API_KEY,
				merchantId: MERCHANT_ID,
				pickDelayMs: 600000,
				gatewayDelayMs: 1500,
				cancelDelayMs: 50,
			});
			n8n = await createN8nInstance({
				version: VERSION,
				node: NODE_MAJOR,
				communityPackages: [PACKAGE_DIR],
			});
			// one CLI import before the server starts: the examples refer to the credentials by these ids
			await n8n.importCredentials([
				{ ...EXAMPLE_CREDENTIAL, type: 'juspayPayoutApi', data: credentialFor(emulator.url) },
				{
					...EXAMPLE_WEBHOOK_CREDENTIAL,
					type: 'juspayPayoutWebhookApi',
					data: webhookCredentialData(),
				},
				// for the figures: n8n's own Webhook node with Basic auth
				{
					...BASELINE_CREDENTIAL,
					type: 'httpBasicAuth',
					data: { user: WEBHOOK_AUTH.username, password: WEBHOOK_AUTH.password },
				},
			]);
			n8n.rememberSecrets({ password: WEBHOOK_AUTH.password, token: WEBHOOK_AUTH.headerValue });
			await n8n.startServer();
			const notify = loadExample(NOTIFY_ON_STATUS.file);
			[notifyId] = await n8n.importWorkflows([notify]);
			url = triggerUrl(n8n, notify);
			await activate(n8n, notifyId, { url });
			emulator.configure({ webhook: emulatorWebhookTo(url) });
		}, 180000);

		afterAll(async () => {
			await emulator?.close();
			await n8n?.dispose();
		}, 30000);

		test('cancel, then Juspay reports: CANCELLED for the fulfillment cancelled before pick-up, SUCCESS for the one that went ahead, each notified once', async () => {
			const waiting = newOrder({ customerId: 'cust_w' });
			// picked for a transfer before the cancel comes: the bank answers 1.5 s after the pick
			emulator.configure({ pickDelayMs: 0 });
			let goingAhead;
			try {
				goingAhead = newOrder({ customerId: 'cust_g' });
			} finally {
				emulator.configure({ pickDelayMs: 600000 });
			}
			await until(
				'the pick',
				() => emulator.getOrder(goingAhead.orderId).fulfillments[0].status === 'PENDING',
			);

			const cancelFlow = loadExample(CANCEL_BY_WEBHOOK.file, {
				list: [
					{ fulfillmentId: waiting.fulfillmentId, customerId: 'cust_w' },
					{ fulfillmentId: goingAhead.fulfillmentId, customerId: 'cust_g' },
				],
			});
			const run = await n8n.executeWorkflow(cancelFlow);
			expect(run.status).toBe('success');
			const requested =
				run.execution.data.resultData.runData[CANCEL_BY_WEBHOOK.requested][0].data.main[0];
			expect(requested).toHaveLength(2); // the cancel flow itself waits for nothing

			expectedExecutions += 2;
			const executions = (
				await waitForExecutions(n8n, notifyId, { count: expectedExecutions, settleMs: 2000 })
			).map(summarize);
			expect(executions).toHaveLength(2);
			const byFulfillment = Object.fromEntries(executions.map((e) => [e.item.fulfillmentId, e]));
			expect(byFulfillment[waiting.fulfillmentId]).toMatchObject({
				status: 'success',
				mode: 'webhook',
				notified: [NOTIFY_ON_STATUS.notify['FULFILLMENT_ORDER.CANCELLED']],
				item: {
					event: 'FULFILLMENT_ORDER.CANCELLED',
					orderId: waiting.orderId,
					customerId: 'cust_w',
					status: 'CANCELLED',
				},
			});
			expect(byFulfillment[goingAhead.fulfillmentId]).toMatchObject({
				status: 'success',
				notified: [NOTIFY_ON_STATUS.notify['FULFILLMENT_ORDER.SUCCESS']],
				item: {
					event: 'FULFILLMENT_ORDER.SUCCESS',
					orderId: goingAhead.orderId,
					status: 'SUCCESS',
				},
			});

			// every other event of both orders reached n8n, was answered 200, and started nothing
			const delivered = emulator.webhookLog.filter((e) => e.ok);
			const events = new Set(delivered.map((e) => e.event));
			for (const other of [
				'FULFILLMENT_ORDER.INITIATED',
				'FULFILLMENT_TXN.INITIATED',
				'FULFILLMENT_TXN.SUCCESS',
				'ORDER.FULFILLMENTS_CANCELLED',
				'ORDER.FULFILLMENTS_SUCCESSFUL',
			])
				expect(events).toContain(other);
			expect(emulator.webhookLog.every((e) => e.status === 200)).toBe(true);

			// figures: emulator event -> execution start, and how fast n8n answered each delivery
			const sentAt = Object.fromEntries(
				emulator.webhookEvents().map((e) => [e.id, Date.parse(e.date_created)]),
			);
			const toStart = executions.map((e) => Date.parse(e.startedAt) - sentAt[e.item.eventId]);
			const answers = delivered.map((e) => e.durationMs).sort((a, b) => a - b);
			console.log(
				`n8n ${VERSION}: event -> execution start ${toStart.join(', ')} ms; n8n answered ${delivered.length} deliveries in ` +
					`${answers[0]}-${answers.at(-1)} ms (median ${answers[Math.floor(answers.length / 2)]} ms)`,
			);
			// the payload went through without the webhook password or token
			for (const e of executions) {
				expect(JSON.stringify(e.item)).not.toContain(WEBHOOK_AUTH.password);
				expect(JSON.stringify(e.item)).not.toContain(WEBHOOK_AUTH.headerValue);
			}
		}, 120000);

		test('wrong or missing credentials: 401 and no execution; a body that is no Juspay event: 400 and no execution', async () => {
			const before = await executionCount();
			const event = {
				id: `evt_bad_${VERSION}`,
				label: 'FULFILLMENT_ORDER',
				value: 'CANCELLED',
				info: { id: 'x-f1' },
			};
			const wrongPassword = {
				...authorizedHeaders(),
				authorization: `Basic ${Buffer.from(`${WEBHOOK_AUTH.username}:guess`).toString('base64')}`,
			};
			const noHeader = authorizedHeaders();
			delete noHeader[WEBHOOK_AUTH.headerName];
			const refusals = [
				await post(event, { 'content-type': 'application/json' }),
				await post(event, wrongPassword),
				await post(event, noHeader),
				await post(event, { ...authorizedHeaders(), [WEBHOOK_AUTH.headerName]: 'guess' }),
			];
			for (const r of refusals) {
				expect(r.status).toBe(401);
				expect(r.text).not.toContain(WEBHOOK_AUTH.password);
				expect(r.text).not.toContain(WEBHOOK_AUTH.headerValue);
			}
			for (const body of [{}, { id: 'evt_x', label: 'ORDER' }, '[1,2]']) {
				const r = await post(body);
				expect(r.status).toBe(400);
				expect(JSON.parse(r.text).message).toMatch(/^Not a Juspay Payout event/);
			}
			// malformed JSON: n8n's own body parser answers before the node runs
			expect((await post('{"id": "evt_broken", "label"')).status).toBe(422);
			// the refused event was not remembered: with the right credentials it starts (once)
			expect((await post(event)).status).toBe(200);
			expectedExecutions += 1;
			await waitForExecutions(n8n, notifyId, { count: expectedExecutions });
			expect(await executionCount()).toBe(before + 1);
		}, 60000);

		test('the same event again: redelivered later, two copies at once, or the emulator delivering twice: one execution each', async () => {
			const before = await executionCount();
			// 1. a replay of an event that already started an execution (the first test's CANCELLED)
			const cancelled = emulator
				.webhookEvents()
				.find((e) => e.label === 'FULFILLMENT_ORDER' && e.value === 'CANCELLED');
			await emulator.redeliver(cancelled.id);
			expect(emulator.webhookLog.at(-1)).toMatchObject({ copy: 'redelivery', status: 200 });
			// 2. two copies of a new event at the same instant
			const twin = {
				id: `evt_twin_${VERSION}`,
				label: 'FULFILLMENT_ORDER',
				value: 'FAILURE',
				info: { id: 'twin-f1', orderId: 'twin', status: 'FAILURE' },
			};
			const [a, b] = await Promise.all([post(twin), post(twin)]);
			expect([a.status, b.status]).toEqual([200, 200]);
			// 3. the emulator delivers every event twice: a fulfillment cancelled with copies on
			emulator.configure({ webhookCopies: 2 });
			const order = newOrder({ customerId: 'cust_d' });
			try {
				await fetch(
					`${emulator.url}/payout/merchant/v1/fulfillment/${order.fulfillmentId}/cancel`,
					{
						method: 'POST',
						headers: {
							authorization: `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`,
							'x-merchantid': MERCHANT_ID,
						},
					},
				);
				await until(
					'both copies of the CANCELLED event',
					() =>
						emulator.webhookLog.filter(
							(e) => e.event === 'FULFILLMENT_ORDER.CANCELLED' && e.copy === 2 && e.ok,
						).length === 1,
				);
			} finally {
				emulator.configure({ webhookCopies: 1 });
			}
			expectedExecutions += 2; // the twin and the double-delivered cancel, once each
			const executions = (
				await waitForExecutions(n8n, notifyId, { count: expectedExecutions, settleMs: 1500 })
			).map(summarize);
			expect(executions).toHaveLength(before + 2);
			const perEvent = {};
			for (const e of executions) perEvent[e.item.eventId] = (perEvent[e.item.eventId] || 0) + 1;
			expect(Object.values(perEvent).every((n) => n === 1)).toBe(true);
			expect(perEvent[twin.id]).toBe(1);
			expect(perEvent[cancelled.id]).toBe(1);
			expect(executions.filter((e) => e.item.fulfillmentId === order.fulfillmentId)).toHaveLength(
				1,
			);

			// static data: n8n stored the remembered ids with the workflow
			const stored = await n8n.rest('GET', `/rest/workflows/${notifyId}`);
			const seen = stored.staticData?.[`node:${TRIGGER}`]?.seenEventIds ?? [];
			const ids = new Set(seen.map(([id]) => id));
			for (const e of executions) expect(ids).toContain(e.item.eventId);
			console.log(
				`n8n ${VERSION}: static data holds ${seen.length} event ids after ${executions.length} executions`,
			);
		}, 60000);

		test('an event the workflow does not listen to: 200, nothing started, nothing remembered', async () => {
			const before = await executionCount();
			const scheduled = {
				id: `evt_sched_${VERSION}`,
				label: 'ORDER',
				value: 'FULFILLMENTS_SCHEDULED',
				info: { orderId: 'o' },
			};
			const r = await post(scheduled);
			expect(r.status).toBe(200);
			expect(JSON.parse(r.text)).toEqual({
				received: true,
				eventId: scheduled.id,
				started: false,
				reason: 'ORDER.FULFILLMENTS_SCHEDULED is not selected',
			});
			await sleep(500);
			expect(await executionCount()).toBe(before);
		});

		test('figures: how fast n8n answers the trigger, next to its own Webhook node on the same server', async () => {
			const baselines = {};
			for (const auth of ['none', 'basicAuth']) {
				const path = `juspay-trigger-baseline-${auth}-${Date.now()}`;
				const [id] = await n8n.importWorkflows([baselineWorkflow(path, auth)]);
				baselines[auth] = n8n.webhookUrl(path);
				await activate(n8n, id, { url: baselines[auth] });
			}
			const timed = async (target, headers) => {
				const started = Date.now();
				const res = await fetch(target, { method: 'POST', headers, body: '{}' });
				await res.arrayBuffer();
				expect(res.status).toBe(200);
				return Date.now() - started;
			};
			const ROUNDS = 5;
			const times = { node: [], nodeBasic: [], started: [], ignored: [], refused: [] };
			for (let i = 0; i < ROUNDS; i++) {
				times.node.push(await timed(baselines.none, { 'content-type': 'application/json' }));
				times.nodeBasic.push(await timed(baselines.basicAuth, authorizedHeaders()));
				const event = {
					id: `evt_fig_${VERSION}_${i}`,
					label: 'FULFILLMENT_ORDER',
					value: 'FAILURE',
					info: { id: `fig${i}-f1` },
				};
				const ok = await post(event);
				expect(ok.status).toBe(200);
				times.started.push(ok.ms);
				times.ignored.push((await post({ ...event, id: `${event.id}_i`, value: 'INITIATED' })).ms);
				const refused = await post(event, { 'content-type': 'application/json' });
				expect(refused.status).toBe(401);
				times.refused.push(refused.ms);
			}
			const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
			console.log(
				`n8n ${VERSION}, median of ${ROUNDS} answers, each starting an execution: n8n Webhook node ${median(times.node)} ms ` +
					`without auth, ${median(times.nodeBasic)} ms with Basic auth; Juspay Payout Trigger ${median(times.started)} ms. ` +
					`Trigger ignoring an unselected event ${median(times.ignored)} ms, refusing (401) ${median(times.refused)} ms`,
			);
		}, 120000);
	});
}
