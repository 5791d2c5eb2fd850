'use strict';
/**
 * Edges of how one request's answers become an item (transport/index.ts), against a scripted server:
 * only a 2xx is a success, whatever its body; a JSON value that is not an object is no answer; a single
 * try lists no attempts; and a status read's Retry-After that would outlast Max Wait is not waited out.
 */
const { useEngine } = require('../../helpers/engine');
const { SCHEDULED_TEXT } = require('../../../tools/story/fixtures');

const engine = useEngine(false);

async function cancelAnswered(answer, options = {}) {
	const server = await engine.scripted(() => answer);
	const result = await engine.runJuspay({
		parameters: { resource: 'fulfillment', operation: 'cancel', fulfillmentId: 'f46f-f1', options },
		baseUrl: server.url,
	});
	return { result, server };
}

test.each([301, 304, 404, 409, 500, 503])(
	'an HTTP %i whose body reads like the success answer is not a success',
	async (status) => {
		const { result } = await cancelAnswered({ status, body: { status: SCHEDULED_TEXT } }, { maxTries: 1 });
		expect(result.main).toEqual([]);
		expect(result.error.map((item) => item.json.error.httpCode)).toEqual([status]);
	},
);

test.each([
	['a list', [{ status: SCHEDULED_TEXT }]],
	['a number', 42],
	['a quoted sentence', SCHEDULED_TEXT],
	['null', null],
])('a 200 whose JSON is %s is no answer: reported as a body that is not JSON', async (_, value) => {
	const { result } = await cancelAnswered({ status: 200, body: JSON.stringify(value) });
	expect(result.main).toEqual([]);
	expect(result.error.map((item) => item.json.message)).toEqual([
		'Juspay\'s answer for fulfillment "f46f-f1" is not JSON (HTTP 200)',
	]);
});

test('a request that failed at its only try lists no attempts', async () => {
	const { result } = await cancelAnswered(
		{ status: 404, body: { error: true, errorCode: 'E09', errorMessage: 'Fulfillment not found' } },
		{ maxTries: 3 },
	);
	expect(result.error).toHaveLength(1);
	expect(result.error[0].json.error.tries).toBe(1);
	expect(result.error[0].json.error).not.toHaveProperty('attempts');
});

test('a status read refused with a Retry-After beyond Max Wait is not waited out', async () => {
	const server = await engine.scripted((req) => {
		if (req.method === 'POST') return { status: 200, body: { status: SCHEDULED_TEXT } };
		if (server.requests.filter((r) => r.method === 'GET').length === 1) {
			// The read before the cancel: the fulfillment is there.
			return {
				status: 200,
				body: {
					orderId: 'ord_edges',
					status: 'FULFILLMENTS_SCHEDULED',
					fulfillments: [{ id: 'ord_edges-f1', status: 'CREATED' }],
				},
			};
		}
		return { status: 429, headers: { 'retry-after': '30' }, body: { error: true, errorCode: 'E429' } };
	});
	const started = Date.now();
	const result = await engine.runJuspay({
		parameters: {
			resource: 'fulfillment',
			operation: 'cancel',
			fulfillmentId: 'ord_edges-f1',
			waitForOutcome: true,
			orderId: 'ord_edges',
			maxWaitSeconds: 2,
			options: { maxTries: 1 },
		},
		onError: 'continueErrorOutput',
		baseUrl: server.url,
	});
	// Max Wait is 2 s; waiting out the 30 s Retry-After would take far longer.
	expect(Date.now() - started).toBeLessThan(8000);
	expect(result.main.length + result.error.length).toBe(1);
	expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
}, 60_000);
