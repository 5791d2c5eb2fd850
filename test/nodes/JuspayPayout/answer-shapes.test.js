'use strict';
/**
 * A 200 from something that is not the answer the operation expects (a proxy's page, a different API):
 * the item fails as `invalid_response` instead of passing the body on. Juspay's order always names its
 * status (text) and its orderId (text, or a number from some integrations); its cancel answer is a
 * status sentence.
 */
const { useEngine } = require('../../helpers/engine');

const engine = useEngine(false);

async function getOrder(body) {
	const server = await engine.scripted(() => ({ status: 200, body }));
	return engine.runJuspay({
		parameters: { resource: 'order', operation: 'get', orderId: 'ord_1', simplify: false },
		baseUrl: server.url,
	});
}

test.each([
	['no orderId', { status: 'FULFILLMENTS_SCHEDULED' }],
	['an orderId that is an object', { orderId: { id: 'ord_1' }, status: 'FULFILLMENTS_SCHEDULED' }],
	['no status', { orderId: 'ord_1' }],
	['a status that is not text', { orderId: 'ord_1', status: 3 }],
])('a 200 with %s is not an order: invalid_response', async (_, body) => {
	const result = await getOrder(body);
	expect(result.main).toEqual([]);
	expect(result.error.map((item) => item.json.error.reason)).toEqual(['invalid_response']);
});

test.each([
	['a text orderId and status', { orderId: 'ord_1', status: 'FULFILLMENTS_SCHEDULED' }],
	['a numeric orderId', { orderId: 1234, status: 'FULFILLMENTS_SCHEDULED' }],
])('a 200 with %s is an order, passed on as it came', async (_, body) => {
	const result = await getOrder(body);
	expect(result.error).toEqual([]);
	expect(result.main.map((item) => item.json)).toEqual([body]);
});

test.each([
	['a numeric status', { status: 5 }],
	['a status that is a list', { status: ['Fulfillment is scheduled for cancelation.'] }],
	['an empty status', { status: '' }],
])('a cancel answered 200 with %s is not scheduled: invalid_response', async (_, body) => {
	const server = await engine.scripted(() => ({ status: 200, body }));
	const result = await engine.runJuspay({
		parameters: { resource: 'fulfillment', operation: 'cancel', fulfillmentId: 'f46f-f1' },
		baseUrl: server.url,
	});
	expect(result.main).toEqual([]);
	expect(result.error.map((item) => item.json.error.reason)).toEqual(['invalid_response']);
	expect(server.requests).toHaveLength(1);
});
