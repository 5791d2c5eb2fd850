'use strict';
/**
 * Fulfillment → Cancel, run inside n8n-core's WorkflowExecute with the built package loaded as n8n loads
 * a community package, against the Juspay Payout emulator on 127.0.0.1.
 */
const { useEngine } = require('../../helpers/engine');
const {
	API_KEY,
	MERCHANT_ID,
	ROUTING_ID,
	CANCEL_PATH,
	SCHEDULED_TEXT,
	credentialFor,
	secretForms,
	orderBody,
} = require('../../../tools/story/fixtures');

const cancelParameters = {
	resource: 'fulfillment',
	operation: 'cancel',
	fulfillmentId: '={{ $json.fulfillmentId }}',
	routingId: ROUTING_ID,
};

// Fulfillments stay CREATED for the whole suite, so a cancel is always accepted.
const engine = useEngine({ pickDelayMs: 600000 });
let orderSeq = 0;

function newFulfillmentId() {
	const order = engine.emulator.createOrder(orderBody(`order_${++orderSeq}`));
	return order.fulfillments[0].id;
}

function runCancel(items, { onError = 'stopWorkflow', credentials, parameters } = {}) {
	return engine.harness.runNode({
		nodeType: 'juspayPayout',
		parameters: { ...cancelParameters, ...parameters },
		items,
		onError,
		credentials: { juspayPayoutApi: credentials ?? credentialFor(engine.emulator.url) },
	});
}

function expectNoSecrets(value) {
	const text = JSON.stringify(value);
	for (const secret of secretForms()) expect(text).not.toContain(secret);
}

describe('Fulfillment → Cancel', () => {
	test('sends exactly one POST with Basic auth, merchant and routing headers and no body', async () => {
		const id = newFulfillmentId();
		const result = await runCancel([{ json: { fulfillmentId: id } }]);

		expect(result.status).toBe('success');
		expect(engine.emulator.requestLog).toHaveLength(1);
		const request = engine.emulator.requestLog[0];
		expect(request.method).toBe('POST');
		expect(request.path).toBe(CANCEL_PATH(id));
		expect(request.query).toEqual({});
		expect(request.headers.authorization).toBe(
			`Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`,
		);
		expect(request.headers['x-merchantid']).toBe(MERCHANT_ID);
		expect(request.headers['x-routing-id']).toBe(ROUTING_ID);
		expect(request.body).toBeNull();
		expect(request.headers['content-length'] ?? '0').toBe('0');
		expect(request.status).toBe(200);
	});

	test('outputs the fulfillment id, Juspay\'s status text verbatim and "scheduled", paired to its input', async () => {
		const id = newFulfillmentId();
		const result = await runCancel([{ json: { fulfillmentId: id, customer: 'Asha' } }]);

		expect(result.main).toEqual([
			{
				json: { fulfillmentId: id, status: SCHEDULED_TEXT, cancellationScheduled: true, tries: 1 },
				pairedItem: { item: 0 },
			},
		]);
	});

	test("an unknown id lands on the error output with Juspay's fields and the input item's own fields", async () => {
		const result = await runCancel(
			[{ json: { fulfillmentId: 'nope-f1', customer: 'Asha', email: 'asha@example.com' } }],
			{ onError: 'continueErrorOutput' },
		);

		expect(result.status).toBe('success');
		expect(result.main).toEqual([]);
		expect(result.error).toHaveLength(1);
		const { json, pairedItem } = result.error[0];
		expect(pairedItem).toEqual({ item: 0 });
		// n8n merged the input item's fields under the error fields.
		expect(json.customer).toBe('Asha');
		expect(json.email).toBe('asha@example.com');
		expect(json.fulfillmentId).toBe('nope-f1');
		expect(json.error).toMatchObject({
			httpCode: 404,
			errorCode: 'E09',
			errorMessage: 'Could not find resource: Fulfillment nope-f1',
			userMessage: 'Not Found',
			fulfillmentId: 'nope-f1',
			reason: 'juspay_error',
		});
		expect(json.message).toBe('Juspay has no fulfillment "nope-f1" (HTTP 404, E09 not found)');
		expect(json.error.description).toMatch(/sandbox.*production/);
	});

	test('with the default On Error, an unknown id stops the run with a NodeApiError that says how to fix it', async () => {
		const result = await runCancel([{ json: { fulfillmentId: 'nope-f2' } }]);

		expect(result.status).toBe('error');
		const error = result.stopError;
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('Juspay has no fulfillment "nope-f2" (HTTP 404, E09 not found)');
		expect(error.description).toContain('IDs from the sandbox do not exist in production');
		expect(error.description).toContain('this credential uses the custom environment');
		expect(error.httpCode).toBe('404');
		expect(error.context.itemIndex).toBe(0);
		expectNoSecrets({
			message: error.message,
			description: error.description,
			context: error.context,
		});
	});

	test('a mixed batch: every item exactly once, on exactly one output, in input order', async () => {
		const found = [newFulfillmentId(), newFulfillmentId(), newFulfillmentId()];
		const ids = [
			found[0],
			'unknown-f1',
			'a/b',
			found[1],
			'',
			'..',
			'x?y=1',
			'has space',
			'unknown-f2',
			found[2],
			'x#y',
			'50%-f1',
			'tab\there',
		];
		const items = ids.map((fulfillmentId, index) => ({ json: { fulfillmentId, index } }));

		const result = await runCancel(items, { onError: 'continueErrorOutput' });

		const seen = [
			...result.main.map((item) => ({ output: 'main', index: item.pairedItem.item })),
			...result.error.map((item) => ({ output: 'error', index: item.pairedItem.item })),
		];
		expect(seen.map((s) => s.index).sort((a, b) => a - b)).toEqual(ids.map((_, i) => i));
		expect(result.main.map((item) => item.json.fulfillmentId)).toEqual(found);
		expect(result.main.map((item) => item.pairedItem.item)).toEqual([0, 3, 9]);
		expect(result.error.map((item) => item.pairedItem.item)).toEqual([
			1, 2, 4, 5, 6, 7, 8, 10, 11, 12,
		]);
		// The merged input field proves each error item belongs to its own input.
		expect(result.error.map((item) => item.json.index)).toEqual([1, 2, 4, 5, 6, 7, 8, 10, 11, 12]);

		const reasons = Object.fromEntries(
			result.error.map((item) => [item.json.index, item.json.error.reason]),
		);
		expect(reasons).toEqual({
			1: 'juspay_error',
			2: 'invalid_input',
			4: 'invalid_input',
			5: 'invalid_input',
			6: 'invalid_input',
			7: 'invalid_input',
			8: 'juspay_error',
			10: 'invalid_input',
			11: 'invalid_input',
			12: 'invalid_input',
		});
		// Malformed ids were refused before any request: only the 5 well-formed ids reached Juspay.
		expect(engine.emulator.requestLog.map((r) => r.fulfillmentId)).toEqual([
			found[0],
			'unknown-f1',
			found[1],
			'unknown-f2',
			found[2],
		]);
		expect(engine.emulator.requestLog.every((r) => r.path === CANCEL_PATH(r.fulfillmentId))).toBe(
			true,
		);
	});

	test('a refused id says what is wrong with it and that nothing was sent', async () => {
		const result = await runCancel([{ json: { fulfillmentId: '../orders/x' } }], {
			onError: 'continueErrorOutput',
		});

		expect(engine.emulator.requestLog).toHaveLength(0);
		expect(result.error[0].json.message).toBe(
			'Nothing was sent for fulfillment "../orders/x": the Fulfillment ID contains a dot segment ("." or "..")',
		);
		expect(result.error[0].json.error.description).toMatch(/^No request was made for this item/);
		expect(result.error[0].json.error.httpCode).toBeNull();
	});

	test('a routing id with a line break is refused before sending', async () => {
		const id = newFulfillmentId();
		const result = await runCancel([{ json: { fulfillmentId: id } }], {
			onError: 'continueErrorOutput',
			parameters: { routingId: 'cust\r\nx-evil: 1' },
		});
		expect(engine.emulator.requestLog).toHaveLength(0);
		expect(result.error[0].json.message).toContain('the Routing ID contains a line break');
	});

	test('"Continue" (regular output) keeps error items on the main output, in input order', async () => {
		const id = newFulfillmentId();
		const result = await runCancel(
			[{ json: { fulfillmentId: 'gone-f1' } }, { json: { fulfillmentId: id } }],
			{ onError: 'continueRegularOutput' },
		);
		expect(result.main.map((item) => item.pairedItem.item)).toEqual([0, 1]);
		expect(result.main[0].json.error.errorCode).toBe('E09');
		expect(result.main[1].json.cancellationScheduled).toBe(true);
	});

	test('a wrong API key: E02 with a fix that names the credential, and the key is nowhere in it', async () => {
		const wrongKey = 'test_key_fake_WRONG_77';
		const result = await runCancel([{ json: { fulfillmentId: 'any-f1' } }], {
			onError: 'continueErrorOutput',
			credentials: credentialFor(engine.emulator.url, wrongKey),
		});
		const { json } = result.error[0];
		expect(json.error).toMatchObject({ httpCode: 401, errorCode: 'E02' });
		expect(json.message).toBe(
			'Juspay rejected the credentials for fulfillment "any-f1" (HTTP 401, E02 invalid API key)',
		);
		expect(json.error.description).toContain('Juspay Payout API credential');
		const text = JSON.stringify(result.error);
		for (const secret of [wrongKey, Buffer.from(`${wrongKey}:`).toString('base64')]) {
			expect(text).not.toContain(secret);
		}
	});
});
