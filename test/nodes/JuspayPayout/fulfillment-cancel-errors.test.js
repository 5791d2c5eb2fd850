'use strict';
/**
 * How Fulfillment → Cancel reports each way a Juspay call can fail: as an error item a workflow can read
 * (On Error = continue using error output) and as the NodeApiError that stops the run (default).
 */
const { useEngine } = require('../../helpers/engine');
const { startEmulator } = require('../../../tools/emulator');
const { closedPort } = require('../../helpers/scripted-server');
const { API_KEY, MERCHANT_ID, ROUTING_ID, credentialFor, secretForms } = require('../../../tools/story/fixtures');

const engine = useEngine(false);
const scripted = (respond) => engine.scripted(respond);

async function cancelOnce(baseUrl, { onError = 'continueErrorOutput', fulfillmentId = 'ful_1-f1', timeout, rateLimitWait } = {}) {
	return await engine.harness.runNode({
		nodeType: 'juspayPayout',
		parameters: {
			resource: 'fulfillment',
			operation: 'cancel',
			fulfillmentId,
			routingId: ROUTING_ID,
			// One try: these tests are about how a failure reads; retries have their own tests.
			options: {
				maxTries: 1,
				...(timeout ? { timeout } : {}),
				...(rateLimitWait === undefined ? {} : { rateLimitWait }),
			},
		},
		items: [{ json: { ticket: 'T-1' } }],
		onError,
		credentials: { juspayPayoutApi: credentialFor(baseUrl) },
	});
}

/** Runs the same failure both ways and returns the error item's json and the stop error. */
async function bothWays(baseUrl, options) {
	const continued = await cancelOnce(baseUrl, { ...options, onError: 'continueErrorOutput' });
	const stopped = await cancelOnce(baseUrl, { ...options, onError: 'stopWorkflow' });
	expect(continued.main).toEqual([]);
	expect(continued.error).toHaveLength(1);
	expect(continued.error[0].json.ticket).toBe('T-1');
	expect(stopped.status).toBe('error');
	// The stop error and the error item tell the same story.
	expect(stopped.stopError.message).toBe(continued.error[0].json.message);
	expect(stopped.stopError.description).toBe(continued.error[0].json.error.description);
	for (const secret of secretForms()) {
		expect(JSON.stringify(continued.error)).not.toContain(secret);
		expect(`${stopped.stopError.message} ${stopped.stopError.description}`).not.toContain(secret);
	}
	return { item: continued.error[0].json, stopError: stopped.stopError };
}

const juspayError = (status, errorCode, errorMessage, userMessage) => () => ({
	status,
	body: { error: true, errorCode, errorMessage, userMessage },
});

describe('Fulfillment → Cancel: Juspay error answers', () => {
	test.each([
		[400, 'E01', 'Fulfillment id is invalid', 'Bad Request', 'Juspay rejected the request for fulfillment "ful_1-f1" (HTTP 400, E01 validation failure)', /Check the fulfillment ID and the Routing ID/],
		[400, 'E05', 'Invalid route parameter', 'Bad Request', 'Juspay rejected the request for fulfillment "ful_1-f1" (HTTP 400, E05 bad request)', /Juspay says: "Invalid route parameter"/],
		[401, 'E04', 'API key not present in request.', 'Unauthorized', 'Juspay rejected the credentials for fulfillment "ful_1-f1" (HTTP 401, E04 API key missing)', /without an API key/],
		[401, 'E07', 'Unauthorized merchant', 'Unauthorized', 'Juspay rejected the credentials for fulfillment "ful_1-f1" (HTTP 401, E07 unauthorized)', /Merchant ID/],
		[403, 'E08', 'Forbidden', 'Forbidden', 'Juspay refused access to fulfillment "ful_1-f1" (HTTP 403, E08 forbidden)', /ask Juspay to enable/],
		[500, 'E06', 'Internal Server Error', 'Something went wrong', 'Juspay had an internal error with fulfillment "ful_1-f1" (HTTP 500, E06 internal server error)', /check its order status before sending it again/],
		[500, 'E90', 'Something went wrong', 'Something went wrong', 'Juspay had an internal error with fulfillment "ful_1-f1" (HTTP 500, E90 something went wrong)', /run the workflow again later/],
	])('HTTP %i %s', async (status, errorCode, errorMessage, userMessage, message, fix) => {
		const server = await scripted(juspayError(status, errorCode, errorMessage, userMessage));
		const { item, stopError } = await bothWays(server.url);

		expect(item.message).toBe(message);
		expect(item.error).toMatchObject({ httpCode: status, errorCode, errorMessage, userMessage, fulfillmentId: 'ful_1-f1' });
		expect(item.error.description).toMatch(fix);
		expect(stopError.name).toBe('NodeApiError');
		expect(stopError.httpCode).toBe(String(status));
	});

	test('the wrapped error shape {"response": {…}, "code": 404} is read too', async () => {
		const server = await scripted(() => ({
			status: 404,
			body: { response: { error: true, errorCode: 'E09', errorMessage: 'Could not find resource: Fulfillment ful_1-f1', userMessage: 'Not Found' }, code: 404 },
		}));
		const { item } = await bothWays(server.url);
		expect(item.error).toMatchObject({ httpCode: 404, errorCode: 'E09', userMessage: 'Not Found' });
	});

	test('a 502 HTML page from a proxy: the status and the start of the page, no Juspay code', async () => {
		const server = await scripted(() => ({ status: 502, contentType: 'text/html', body: '<html><body>Bad gateway</body></html>' }));
		const { item } = await bothWays(server.url);
		expect(item.error).toMatchObject({ httpCode: 502, errorCode: null, reason: 'juspay_error' });
		expect(item.message).toBe('Juspay had an internal error with fulfillment "ful_1-f1" (HTTP 502)');
	});

	test('a 200 that is not JSON is not taken for a success', async () => {
		const server = await scripted(() => ({ status: 200, contentType: 'text/html', body: '<html>captive portal</html>' }));
		const { item } = await bothWays(server.url);
		expect(item.error.reason).toBe('invalid_response');
		expect(item.message).toBe('Juspay\'s answer for fulfillment "ful_1-f1" is not JSON (HTTP 200)');
		expect(item.error.description).toContain('The answer began: <html>captive portal</html>');
	});

	test('a 429 says to slow down and when to retry', async () => {
		const server = await scripted(() => ({ status: 429, headers: { 'retry-after': '7' }, body: { error: true, errorCode: 'E429', errorMessage: 'Too many requests' } }));
		// 7 s is more than the 5 s the node may wait: it fails at once, saying both.
		const { item } = await bothWays(server.url, { rateLimitWait: 5 });
		expect(item.error).toMatchObject({ reason: 'rate_limited', httpCode: 429, retryAfterSeconds: 7 });
		expect(item.error.description).toContain('retry after 7 s');
	});

	test('a redirect is not followed, so the key is never sent elsewhere', async () => {
		const elsewhere = await scripted(() => ({ status: 200, body: { status: 'should never be asked' } }));
		const server = await scripted(() => ({ status: 301, headers: { location: `${elsewhere.url}/x` }, body: '' }));
		const { item } = await bothWays(server.url);
		expect(item.error.reason).toBe('redirect');
		expect(elsewhere.requests).toHaveLength(0);
	});

	test('an error text that echoes the API key is redacted', async () => {
		const server = await scripted(() => ({
			status: 401,
			body: { error: true, errorCode: 'E02', errorMessage: `Invalid API key ${API_KEY} (Basic ${secretForms()[1]})`, userMessage: 'Unauthorized' },
		}));
		const { item } = await bothWays(server.url);
		expect(item.error.errorMessage).toBe('Invalid API key [redacted] (Basic [redacted])');
	});
});

describe('Fulfillment → Cancel: network failures', () => {
	test('a refused connection names the Base URL as the thing to check', async () => {
		const port = await closedPort();
		const { item } = await bothWays(`http://127.0.0.1:${port}`);
		expect(item.error.reason).toBe('connection_refused');
		expect(item.message).toBe('Could not connect to Juspay for fulfillment "ful_1-f1": the connection was refused');
		expect(item.error.description).toContain('npm run emulator');
	});

	describe('against the emulator', () => {
		let emulator;
		beforeAll(async () => {
			emulator = await startEmulator({ apiKey: API_KEY, merchantId: MERCHANT_ID, timeoutHangMs: 5000 });
		});
		afterAll(async () => emulator.close());

		test('a timeout says the cancel may still have happened', async () => {
			emulator.configure({ faults: { byId: { 'slow-f1': 'timeout' } } });
			const { item } = await bothWays(emulator.url, { fulfillmentId: 'slow-f1', timeout: 1 });
			expect(item.error.reason).toBe('timeout');
			expect(item.message).toBe('Juspay did not answer for fulfillment "slow-f1" within 1 s');
			expect(item.error.description).toContain('Juspay may or may not have acted on fulfillment "slow-f1"');
		});

		test('a reset connection', async () => {
			emulator.configure({ faults: { byId: { 'reset-f1': 'reset' } } });
			const { item } = await bothWays(emulator.url, { fulfillmentId: 'reset-f1' });
			expect(item.error.reason).toBe('connection_reset');
		});

		test('a garbled body', async () => {
			emulator.configure({ faults: { byId: { 'garbled-f1': 'garbled' } } });
			const { item } = await bothWays(emulator.url, { fulfillmentId: 'garbled-f1' });
			expect(item.error.reason).toBe('invalid_response');
		});
	});
});

describe('Fulfillment → Cancel: credential problems', () => {
	test('a custom Base URL that is not http(s) fails every item clearly, sending nothing', async () => {
		const continued = await engine.harness.runNode({
			nodeType: 'juspayPayout',
			parameters: { resource: 'fulfillment', operation: 'cancel', fulfillmentId: '={{ $json.id }}' },
			items: [{ json: { id: 'a-f1' } }, { json: { id: 'b-f1' } }],
			onError: 'continueErrorOutput',
			credentials: { juspayPayoutApi: credentialFor('ftp://127.0.0.1:21') },
		});
		expect(continued.main).toEqual([]);
		expect(continued.error.map((i) => i.json.id)).toEqual(['a-f1', 'b-f1']);
		expect(continued.error[0].json.message).toBe(
			'The Juspay Payout API credential has a Base URL this node will not send the API key to',
		);
		expect(continued.error[0].json.error.description).toMatch(/^The Base URL must start with https:\/\//);
	});

	test('a trailing slash on the Base URL does not change the path', async () => {
		const server = await scripted(() => ({ status: 200, body: { status: 'ok' } }));
		const result = await cancelOnce(`${server.url}///`);
		expect(result.main).toHaveLength(1);
		expect(server.requests[0].url).toBe('/payout/merchant/v1/fulfillment/ful_1-f1/cancel');
	});
});
