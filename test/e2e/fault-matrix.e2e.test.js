'use strict';
/**
 * The fault matrix, in real n8n: every way a network, a proxy or Juspay can misbehave, through the
 * package installed as a community package in each supported n8n (2.8.4 on Node 20, the newest 2.x and
 * the newest 1.x on Node 24), against the emulator's per-id faults. n8n versions differ in how a failed
 * request reaches a node (a Node.js code, or only n8n's own sentence), so each case must come out with
 * the same output, `reason`, `tries` and requests on every version.
 *
 * Per version: one continue-mode run without Wait for Outcome (every case one item, side by side), one
 * with it (faults on the status reads too), stop-mode runs (the faulty item between two good ones,
 * Concurrency 1), runs against a refused port and an unresolvable host, and Stop from the editor ending
 * a wait. The invariant checked everywhere: every input item comes out exactly once on exactly one
 * output, or the run fails naming the earliest failed item; never a request after a 2xx.
 */
const { createN8nInstance, N8N_TARGETS, nodeOutput } = require('../../tools/n8n');
const { describeIfN8nInstalled } = require('../helpers/real-n8n');
const { cancelNode, itemsThrough } = require('../helpers/workflows');
const { startEmulator } = require('../../tools/emulator');
const { closedPort, startScriptedServer } = require('../helpers/scripted-server');
const {
	REPO_DIR,
	API_KEY,
	MERCHANT_ID,
	CANCEL_PATH,
	credentialFor,
	secretForms,
	orderBody,
} = require('../../tools/story/fixtures');

/** Every supported n8n: 2.8.4 on Node 20, the newest 2.x and the newest 1.x on Node 24. */
const TARGETS = Object.values(N8N_TARGETS);

const TIMEOUT_S = 1;
const MAX_TRIES = 3;
const RATE_LIMIT_WAIT_S = 60;
/** The emulator holds a "timeout" request this long: longer than the node's Timeout. */
const HANG_MS = 2500;
const OPTIONS = { timeout: TIMEOUT_S, maxTries: MAX_TRIES, rateLimitWait: RATE_LIMIT_WAIT_S };
/** Wait for Outcome's Max Wait: status reads at about 1, 2.6 and 5.2 s after the cancel fit in it. */
const MAX_WAIT_S = 8;

const CREDENTIALS = {
	emulator: { id: 'fault-matrix-emulator', name: 'Juspay (emulator)' },
	refused: { id: 'fault-matrix-refused', name: 'Juspay (nothing listening)' },
	unresolvable: { id: 'fault-matrix-unresolvable', name: 'Juspay (unknown host)' },
};

const httpDate = (offsetMs) => new Date(Date.now() + offsetMs).toUTCString();

/**
 * Cancel faults: `rule` is the emulator's byId rule on the fulfillment id (null: none). `id` replaces the
 * fulfillment id (an unknown or unsafe one). Expected: `out` main or error; `reason`, `tries`, `sent`
 * (cancels the emulator saw), `minGapMs` (the shortest pause between two sends), extra fields.
 */
const CANCEL_CASES = [
	{ name: 'clean', rule: null, out: 'main', tries: 1, sent: 1 },
	{ name: 'reset before any answer, always', rule: 'reset', out: 'error', reason: 'connection_reset', tries: MAX_TRIES, sent: MAX_TRIES, mayHaveActed: true },
	{ name: 'reset before any answer, once', rule: { fault: 'reset', times: 1 }, out: 'main', tries: 2, sent: 2 },
	{ name: 'reset mid-body, always', rule: 'resetMidBody', out: 'error', reason: 'connection_reset', tries: MAX_TRIES, sent: MAX_TRIES },
	{ name: 'reset mid-body, once', rule: { fault: 'resetMidBody', times: 1 }, out: 'main', tries: 2, sent: 2 },
	{ name: 'no answer (timeout), always', rule: 'timeout', out: 'error', reason: 'timeout', tries: MAX_TRIES, sent: MAX_TRIES, mayHaveActed: true },
	{ name: 'no answer (timeout), once', rule: { fault: 'timeout', times: 1 }, out: 'main', tries: 2, sent: 2 },
	{ name: '5xx HTML page, always', rule: 'html500', out: 'error', reason: 'juspay_error', httpCode: 500, tries: MAX_TRIES, sent: MAX_TRIES },
	{ name: '503 E06, always', rule: 'http503', out: 'error', reason: 'juspay_error', httpCode: 503, errorCode: 'E06', tries: MAX_TRIES, sent: MAX_TRIES },
	{ name: '500 E90, once', rule: { fault: 'http500', times: 1 }, out: 'main', tries: 2, sent: 2 },
	{ name: '429 without Retry-After, always', rule: { fault: 'http429', retryAfter: null }, out: 'error', reason: 'rate_limited', httpCode: 429, tries: MAX_TRIES, sent: MAX_TRIES },
	{ name: '429 Retry-After 0, twice', rule: { fault: 'http429', retryAfter: '0', times: 2 }, out: 'main', tries: 3, sent: 3, minGapMs: 900 },
	{ name: '429 Retry-After empty, twice', rule: { fault: 'http429', retryAfter: '', times: 2 }, out: 'main', tries: 3, sent: 3, minGapMs: 400 },
	{ name: '429 Retry-After negative, twice', rule: { fault: 'http429', retryAfter: '-5', times: 2 }, out: 'main', tries: 3, sent: 3, minGapMs: 400 },
	{ name: '429 Retry-After a date in the past, twice', rule: () => ({ fault: 'http429', retryAfter: httpDate(-60_000), times: 2 }), out: 'main', tries: 3, sent: 3, minGapMs: 900 },
	{ name: '429 Retry-After a date 3 s ahead, once', rule: { fault: 'http429', retryAfterDateInMs: 3000, times: 1 }, out: 'main', tries: 2, sent: 2, minGapMs: 1900 },
	{ name: '429 Retry-After 45 s (within Rate Limit Wait 60 s), once', rule: { fault: 'http429', retryAfter: '45', times: 1 }, out: 'main', tries: 2, sent: 2, minGapMs: 44_900, slow: true },
	{ name: '429 Retry-After 90 s (longer than Rate Limit Wait 60 s)', rule: { fault: 'http429', retryAfter: '90' }, out: 'error', reason: 'rate_limited', httpCode: 429, tries: 1, sent: 1, retryAfterSeconds: 90, describes: /retry after 90 s, longer than/ },
	{ name: '200 with an empty body', rule: 'empty200', out: 'error', reason: 'invalid_response', httpCode: 200, tries: 1, sent: 1 },
	{ name: '200 with an HTML page', rule: 'garbled', out: 'error', reason: 'invalid_response', httpCode: 200, tries: 1, sent: 1 },
	{ name: '200 with error: true', rule: 'error200', out: 'error', reason: 'juspay_error', httpCode: 200, errorCode: 'E90', tries: 1, sent: 1 },
	{ name: '200 without a status', rule: 'nostatus200', out: 'error', reason: 'invalid_response', httpCode: 200, tries: 1, sent: 1 },
	{ name: '302 redirect', rule: 'redirect', out: 'error', reason: 'redirect', httpCode: 302, tries: 1, sent: 1 },
	{ name: 'unknown fulfillment (404 E09)', id: 'fm-unknown-f1', rule: null, out: 'error', reason: 'juspay_error', httpCode: 404, errorCode: 'E09', tries: 1, sent: 1, mayHaveActed: false },
	{ name: 'a timeout, then 404', id: 'fm-unknown-after-timeout-f1', rule: { fault: 'timeout', times: 1 }, out: 'error', reason: 'juspay_error', httpCode: 404, tries: 2, sent: 2, mayHaveActed: true, describes: /An earlier try got no clear answer, so Juspay may have acted/ },
	{ name: 'a full-width look-alike id', id: '．．／x-f1', rule: null, out: 'error', reason: 'invalid_input', tries: 0, sent: 0 },
	{ name: 'an id as a number too large to be exact', id: 12345678901234567890, rule: null, out: 'error', reason: 'invalid_input', tries: 0, sent: 0 },
];

/**
 * Wait for Outcome faults: `orderRule` on the order id (the first status read is the check before the
 * cancel; `skip: 1` spares it and faults the reads after the cancel), `cancelRule` on the fulfillment id.
 */
const WAIT_CASES = [
	{ name: 'clean', out: 'main', outcome: 'cancelled', sent: 1 },
	{ name: 'the check before the cancel gets a 5xx page, always', orderRule: 'html500', out: 'error', reason: 'juspay_error', httpCode: 500, sent: 0 },
	{ name: 'every status read after the cancel gets a 5xx page', orderRule: { fault: 'html500', skip: 1 }, out: 'main', outcome: 'undetermined', sent: 1, lastCheckError: 'juspay_error (HTTP 500)' },
	{ name: 'a status read times out once', orderRule: { fault: 'timeout', skip: 1, times: 1 }, out: 'main', outcome: 'cancelled', sent: 1 },
	{ name: 'a status read is reset once', orderRule: { fault: 'reset', skip: 1, times: 1 }, out: 'main', outcome: 'cancelled', sent: 1 },
	{ name: 'status reads get 429 Retry-After 0 twice', orderRule: { fault: 'http429', retryAfter: '0', skip: 1, times: 2 }, out: 'main', outcome: 'cancelled', sent: 1 },
	{ name: 'a status read gets 200 with error: true', orderRule: { fault: 'error200', skip: 1, times: 1 }, out: 'main', outcome: 'cancelled', sent: 1 },
	{ name: 'a status read gets 200 without an order', orderRule: { fault: 'nostatus200', skip: 1, times: 1 }, out: 'main', outcome: 'cancelled', sent: 1 },
	{ name: 'the cancel gets 429 twice: the wait starts once it is accepted', cancelRule: { fault: 'http429', retryAfter: '1', times: 2 }, out: 'main', outcome: 'cancelled', sent: 3 },
	{ name: 'the cancel times out always', cancelRule: 'timeout', out: 'error', reason: 'timeout', sent: MAX_TRIES },
];

let emulator;
let n8n;
let seq = 0;

/** Fulfillment → Cancel of each item's fields, with the matrix's Options. */
function workflow(name, items, extra = {}) {
	const cancel = cancelNode({
		parameters: {
			routingId: 'cust_fault_matrix',
			waitForOutcome: '={{ $json.wait }}',
			orderId: '={{ $json.orderId }}',
			maxWaitSeconds: '={{ $json.maxWait }}',
			options: { ...OPTIONS, ...(extra.options || {}) },
		},
		credential: extra.credential || CREDENTIALS.emulator,
		onError: extra.onError,
	});
	return itemsThrough(cancel, items, { name });
}

/** A fresh order whose fulfillment stays CREATED, so a cancel is always accepted and takes effect. */
function newOrder() {
	const orderId = `fm_order_${++seq}`;
	const order = emulator.createOrder(orderBody(orderId));
	return { orderId, fulfillmentId: order.fulfillments[0].id };
}

function ruleOf(c) {
	return typeof c.rule === 'function' ? c.rule() : c.rule;
}

/** Items for the cases, each with its own order, and the emulator's byId rules for them. */
function prepare(cases, { wait }) {
	const byId = {};
	const items = cases.map((c) => {
		const order = newOrder();
		// a given id is made unique per run (its requests are counted), keeping its -f1 ending
		const fulfillmentId =
			c.id === undefined ? order.fulfillmentId : typeof c.id === 'string' ? c.id.replace(/-f1$/, `-${seq}-f1`) : c.id;
		const cancelRule = wait ? c.cancelRule : ruleOf(c);
		if (cancelRule) byId[fulfillmentId] = cancelRule;
		if (wait && c.orderRule) byId[order.orderId] = c.orderRule;
		return { case: c.name, fulfillmentId, orderId: order.orderId, wait, maxWait: MAX_WAIT_S };
	});
	return { items, byId };
}

const cancelsOf = (id) =>
	emulator.requestLog.filter((e) => e.method === 'POST' && e.path === CANCEL_PATH(encodeURIComponent(String(id))));

/** Every item of the run once, on exactly one output, paired to its input: [{ out, json }] by input index. */
function itemsByInput(run, count) {
	const main = nodeOutput(run, 'Cancel', 0) || [];
	const error = nodeOutput(run, 'Cancel', 1) || [];
	const byInput = new Array(count);
	for (const [out, list] of [['main', main], ['error', error]]) {
		for (const item of list) {
			const index = item.pairedItem.item;
			if (byInput[index]) throw new Error(`input item ${index} came out twice`);
			byInput[index] = { out, json: item.json };
		}
	}
	const missing = Array.from(byInput.keys()).filter((i) => !byInput[i]);
	if (missing.length || byInput.length !== count) {
		throw new Error(`run ${run.executionId} (${run.status}): input items missing: ${missing}; ran: ${Object.keys(run.runData ?? {})}`);
	}
	return byInput;
}

/** No cancel of an id after one was answered 2xx. */
function expectNoSendAfter2xx(ids) {
	for (const id of ids) {
		const statuses = cancelsOf(id).map((e) => e.status);
		const first2xx = statuses.findIndex((s) => s >= 200 && s < 300);
		if (first2xx !== -1) expect({ id, after2xx: statuses.slice(first2xx + 1) }).toEqual({ id, after2xx: [] });
	}
}

function expectNoSecrets(label, value) {
	const text = JSON.stringify(value);
	for (const secret of secretForms(API_KEY)) {
		if (text.includes(secret)) throw new Error(`${label} contains the API key (${secret.slice(0, 4)}…)`);
	}
}

/**
 * The error that stopped a run. n8n 2.x stores it as the run's error too; 1.x (in a manual run through
 * the REST API) only on the node's run.
 */
function stopError(result) {
	const error = result.error ?? result.runData?.Cancel?.[0]?.error;
	if (!error) throw new Error(`run ${result.executionId} (${result.status}) recorded no error`);
	return error;
}

/** The one expectation per case, whichever mode ran it. */
function expectCase(c, result) {
	const summary = { case: c.name, out: result.out };
	expect(summary).toEqual({ case: c.name, out: c.out });
	const { json } = result;
	if (c.out === 'main') {
		if (c.tries !== undefined) expect({ case: c.name, tries: json.tries }).toEqual({ case: c.name, tries: c.tries });
		expect(json.cancellationScheduled).toBe(true);
		if (c.outcome) expect({ case: c.name, outcome: json.outcome }).toEqual({ case: c.name, outcome: c.outcome });
		if (c.lastCheckError) expect(json.lastCheckError).toBe(c.lastCheckError);
		return;
	}
	const error = json.error;
	const expected = { case: c.name, reason: c.reason };
	const actual = { case: c.name, reason: error.reason };
	for (const key of ['httpCode', 'errorCode', 'tries', 'retryAfterSeconds', 'mayHaveActed']) {
		if (c[key] !== undefined) {
			expected[key] = c[key];
			actual[key] = error[key];
		}
	}
	expect(actual).toEqual(expected);
	expect(json.message).toEqual(expect.stringMatching(/\S/));
	if (c.describes) expect(error.description).toMatch(c.describes);
}

for (const target of TARGETS) {
	const { version, node } = target;
	const label = `n8n ${version} (Node ${node || process.versions.node.split('.')[0]})`;
	describeIfN8nInstalled(version, { node })(`fault matrix in real ${label}`, () => {
		/**
		 * Every run of this version is prepared up front with its own orders and ids, so one emulator
		 * configuration serves them all and the long runs (a 45 s Retry-After) go on while the others run.
		 */
		const plan = {};
		/** Runs started in beforeAll, awaited by their tests: { [name]: Promise<run> }. */
		const running = {};

		/** Runs a workflow (or an imported one's id); no run may carry the key anywhere. */
		async function run(wf) {
			const result = await n8n.executeWorkflow(wf, { timeoutMs: 150_000 });
			expectNoSecrets(`execution of "${wf.name ?? wf}"`, [result.execution, result.error]);
			return result;
		}

		beforeAll(async () => {
			emulator = await startEmulator({
				apiKey: API_KEY,
				merchantId: MERCHANT_ID,
				pickDelayMs: 3_600_000,
				timeoutHangMs: HANG_MS,
			});
			n8n = await createN8nInstance({ version, node, communityPackages: [REPO_DIR] });
			await n8n.importCredentials([
				{ ...CREDENTIALS.emulator, type: 'juspayPayoutApi', data: credentialFor(emulator.url) },
				{
					...CREDENTIALS.refused,
					type: 'juspayPayoutApi',
					data: credentialFor(`http://127.0.0.1:${await closedPort()}`),
				},
				{
					...CREDENTIALS.unresolvable,
					type: 'juspayPayoutApi',
					data: credentialFor('https://juspay-payout-fault-matrix.invalid'),
				},
			]);
			await n8n.startServer();

			plan.continue = prepare(CANCEL_CASES, { wait: false });
			plan.continueWait = prepare(WAIT_CASES, { wait: true });
			plan.stop = [...CANCEL_CASES.filter((c) => !c.slow), ...WAIT_CASES.map((c) => ({ ...c, wait: true }))].map(
				(c) => ({ c, ...prepare([{ name: 'before' }, c, { name: 'after' }], { wait: Boolean(c.wait) }) }),
			);
			plan.stopWait = newOrder();
			emulator.configure({
				faults: {
					byId: Object.assign(
						{},
						plan.continue.byId,
						plan.continueWait.byId,
						...plan.stop.map((r) => r.byId),
						// every status read after the cancel times out: the item would keep trying for Max Wait
						{ [plan.stopWait.orderId]: { fault: 'timeout', skip: 1 } },
					),
				},
			});
			// Imported one by one (n8n 1.x on SQLite fails concurrent saves).
			const [continueId, continueWaitId, ...stopIds] = await n8n.importWorkflows([
				workflow('fault matrix: continue', plan.continue.items, { onError: 'continueErrorOutput' }),
				workflow('fault matrix: continue, wait', plan.continueWait.items, { onError: 'continueErrorOutput' }),
				...plan.stop.map(({ c, items }) =>
					workflow(`fault matrix: stop, ${c.name}`, items, { options: { concurrency: 1 } }),
				),
			]);
			plan.stopIds = stopIds;
			for (const [name, id] of [['continue', continueId], ['continueWait', continueWaitId]]) {
				running[name] = run(id);
				running[name].catch(() => {}); // awaited (and reported) by its test
			}
		}, 240_000);

		afterAll(async () => {
			await Promise.allSettled(Object.values(running));
			await n8n?.dispose();
			await emulator?.close();
		}, 180_000);

		test('On Error = stop: a failure between two good items fails the run naming it; nothing is sent once it is final', async () => {
			const results = [];
			for (let k = 0; k < plan.stopIds.length; k += 10) {
				results.push(...(await Promise.all(plan.stopIds.slice(k, k + 10).map((id) => run(id)))));
			}
			plan.stop.forEach(({ c, items }, k) => {
				const result = results[k];
				const [before, faulty, after] = items.map((i) => i.fulfillmentId);
				expect({ case: c.name, before: cancelsOf(before).length }).toEqual({ case: c.name, before: 1 });
				if (c.out === 'main') {
					expect({ case: c.name, status: result.status }).toEqual({ case: c.name, status: 'success' });
					const outputs = itemsByInput(result, 3);
					expect(outputs.map((o) => o.out)).toEqual(['main', 'main', 'main']);
					expectCase(c, outputs[1]);
					expect({ case: c.name, after: cancelsOf(after).length }).toEqual({ case: c.name, after: 1 });
					return;
				}
				expect({ case: c.name, status: result.status }).toEqual({ case: c.name, status: 'error' });
				const error = stopError(result);
				expect({ case: c.name, item: error.context?.itemIndex }).toEqual({ case: c.name, item: 1 });
				const named = c.reason === 'juspay_error' && c.sent === 0 ? items[1].orderId : String(faulty);
				if (c.reason !== 'invalid_input') expect(error.message).toContain(named);
				// The item after it is sent only while the faulty one waits to be retried (it holds no slot
				// then), never once its failure is final; the error then says it was sent.
				const afterSent = cancelsOf(after).length;
				const mayOverlap = c.reason !== 'invalid_input' && c.tries !== 1;
				expect({ case: c.name, afterSent: afterSent <= (mayOverlap ? 1 : 0) }).toEqual({ case: c.name, afterSent: true });
				expect(error.description).toMatch(afterSent ? /2 other items had already been sent/ : /1 other item had already been sent/);
				expect({ case: c.name, sent: cancelsOf(faulty).length }).toEqual({ case: c.name, sent: c.sent });
			});
		}, 240_000);

		test.each([
			['refused', 'connection_refused', 'ECONNREFUSED'],
			['unresolvable', 'network', 'ENOTFOUND'],
		])('nothing at the Base URL (%s): every item on the error output, one try, the same reason', async (which, reason, code) => {
			const items = [{ fulfillmentId: 'fm-a-f1', wait: false }, { fulfillmentId: 'fm-b-f1', wait: false }];
			const result = await run(
				workflow(`fault matrix: ${which}`, items, { onError: 'continueErrorOutput', credential: CREDENTIALS[which] }),
			);
			const outputs = itemsByInput(result, 2);
			for (const { out, json } of outputs) {
				expect(out).toBe('error');
				expect(json.error).toMatchObject({ reason, tries: 1, httpCode: null, mayHaveActed: false });
				if (reason === 'network') expect(json.error.description).toContain(code);
			}
			const stopped = await run(workflow(`fault matrix: ${which}, stop`, items, {}));
			expect(stopped.status).toBe('error');
			expect(stopError(stopped).context?.itemIndex).toBe(0);
		}, 60_000);

		test('credential test and node: no redirect followed, no request to a Base URL with user info, a query or a fragment, or a disguised address', async () => {
			const catcher = await startScriptedServer(() => ({ status: 200, body: {} }));
			const redirecting = await startScriptedServer(() => ({
				status: 302,
				headers: { location: `${catcher.url}/payout/merchant/v1/getways/balance` },
				body: '',
			}));
			try {
				const port = new URL(catcher.url).port;
				const refused = [
					`http://user:secret@127.0.0.1:${port}`,
					`http://127.0.0.1:${port}/?x=1`,
					`http://127.0.0.1:${port}#x`,
					`http://0x7f000001:${port}`, // 127.0.0.1 written as one hexadecimal label
				];
				for (const baseUrl of [redirecting.url, ...refused]) {
					const result = await n8n.testCredential({ type: 'juspayPayoutApi', data: credentialFor(baseUrl) });
					expect({ baseUrl, status: result.status }).toEqual({ baseUrl, status: 'Error' });
					expectNoSecrets(`credential test of ${baseUrl}`, result);
				}
				expect(redirecting.requests.length).toBeGreaterThan(0);
				// and the node refuses them before sending anything
				const imported = refused.map((baseUrl, k) => ({
					id: `fault-matrix-refused-url-${k}`,
					name: `refused URL ${k}`,
					type: 'juspayPayoutApi',
					data: credentialFor(baseUrl),
				}));
				await n8n.importCredentials(imported);
				for (const credential of imported) {
					const items = [{ fulfillmentId: 'fm-url-f1', wait: false }];
					const result = await run(
						workflow(`fault matrix: ${credential.name}`, items, {
							onError: 'continueErrorOutput',
							credential: { id: credential.id, name: credential.name },
						}),
					);
					const [{ out, json }] = itemsByInput(result, 1);
					expect(out).toBe('error');
					expect(json.message).toBe('The Juspay Payout API credential has a Base URL this node will not send the API key to');
				}
				expect(catcher.requests).toEqual([]);
			} finally {
				await catcher.close();
				await redirecting.close();
			}
		}, 60_000);

		test('Stop in the editor ends a Wait for Outcome within about a second, and nothing more is sent', async () => {
			const { orderId, fulfillmentId } = plan.stopWait;
			const items = [{ fulfillmentId, orderId, wait: true, maxWait: 60 }];
			const [id] = await n8n.importWorkflows([workflow('fault matrix: stop a wait', items, {})]);
			const workflowData = await n8n.rest('GET', `/rest/workflows/${id}`);
			const started = await n8n.rest('POST', `/rest/workflows/${id}/run`, {
				workflowData,
				triggerToStartFrom: { name: 'Start' },
			});
			// wait until the item is in its wait: the cancel was accepted and a status read went out
			const deadline = Date.now() + 20_000;
			while (emulator.requestLog.filter((e) => e.orderId === orderId).length < 2) {
				if (Date.now() > deadline) throw new Error('the wait never started');
				await new Promise((r) => setTimeout(r, 100));
			}
			const stopAt = Date.now();
			await n8n.rest('POST', `/rest/executions/${started.executionId}/stop`);
			let execution;
			while (!(execution = await n8n.rest('GET', `/rest/executions/${started.executionId}`))?.stoppedAt) {
				if (Date.now() - stopAt > 15_000) throw new Error('the execution did not stop');
				await new Promise((r) => setTimeout(r, 100));
			}
			expect(['canceled', 'error']).toContain(execution.status);
			// no request for the item more than a second after Stop (one in flight may still be answered)
			await new Promise((r) => setTimeout(r, 3000));
			const late = emulator.requestLog.filter((e) => e.orderId === orderId && e.at > stopAt + 1200);
			expect(late).toEqual([]);
			expect(cancelsOf(fulfillmentId)).toHaveLength(1);
		}, 60_000);

		test('On Error = continue, with Wait for Outcome: faults on the check, the cancel and the status reads', async () => {
			const { items } = plan.continueWait;
			const result = await running.continueWait;
			expect(result.status).toBe('success');
			const outputs = itemsByInput(result, items.length);
			WAIT_CASES.forEach((c, i) => {
				expectCase(c, outputs[i]);
				expect({ case: c.name, sent: cancelsOf(items[i].fulfillmentId).length }).toEqual({ case: c.name, sent: c.sent });
				if (c.out === 'main') {
					// Max Wait counts from the accepted cancel; the item is done within Max Wait plus one Timeout.
					expect(outputs[i].json.waitedSeconds).toBeLessThanOrEqual(MAX_WAIT_S + TIMEOUT_S + 0.5);
				}
			});
			expectNoSendAfter2xx(items.map((i) => i.fulfillmentId));
		}, 150_000);

		test('On Error = continue, without Wait for Outcome: each fault on its own item, side by side', async () => {
			const { items } = plan.continue;
			const result = await running.continue;
			expect(result.status).toBe('success');
			const outputs = itemsByInput(result, items.length);
			CANCEL_CASES.forEach((c, i) => {
				expectCase(c, outputs[i]);
				const sends = cancelsOf(items[i].fulfillmentId);
				expect({ case: c.name, sent: sends.length }).toEqual({ case: c.name, sent: c.sent });
				if (c.minGapMs !== undefined) {
					const gaps = sends.slice(1).map((e, k) => e.at - sends[k].at);
					expect({ case: c.name, shortGaps: gaps.filter((g) => g < c.minGapMs) }).toEqual({ case: c.name, shortGaps: [] });
				}
			});
			expectNoSendAfter2xx(items.map((i) => i.fulfillmentId));
			// the redirect's target was never asked
			expect(emulator.requestLog.filter((e) => e.path === '/moved')).toEqual([]);
		}, 150_000);
	});
}
