'use strict';
/**
 * Cancel with Wait for Outcome, for each state Juspay documents as final (SUCCESS, FAILURE, CANCELLED,
 * DISCARDED) and for one that is not (MANUAL_REVIEW): the wait ends at the first status check that sees
 * a final state, and the outcome is the one the README promises (`cancelled` only for CANCELLED). The
 * order status comes from a scripted server on 127.0.0.1, so each state is exactly the one named.
 */
const { useEngine } = require('../../helpers/engine');
const { SCHEDULED_TEXT } = require('../../../tools/story/fixtures');

const ORDER_ID = 'ord_final';
const FULFILLMENT_ID = 'ord_final-f1';

const engine = useEngine(false);
let server;
let fulfillmentStatus;

beforeAll(async () => {
	server = await engine.scripted((req) => {
		if (req.method === 'POST') return { status: 200, body: { status: SCHEDULED_TEXT } };
		return {
			status: 200,
			body: {
				orderId: ORDER_ID,
				status: 'FULFILLMENTS_SCHEDULED',
				fulfillments: [{ id: FULFILLMENT_ID, status: fulfillmentStatus, statusUpdatedAt: '2024-03-01T10:00:00Z' }],
			},
		};
	});
});

beforeEach(() => {
	server.requests.length = 0;
});

async function cancelAndWait(maxWaitSeconds) {
	const result = await engine.runJuspay({
		parameters: {
			resource: 'fulfillment',
			operation: 'cancel',
			fulfillmentId: FULFILLMENT_ID,
			waitForOutcome: true,
			orderId: ORDER_ID,
			maxWaitSeconds,
		},
		onError: 'continueErrorOutput',
		baseUrl: server.url,
	});
	expect(result.error).toEqual([]);
	expect(result.main).toHaveLength(1);
	return result.main[0].json;
}

const ORDER_READ = ['GET', `/payout/merchant/v1/orders/${ORDER_ID}?expand=fulfillment%2Cpayment%2Crefund`];
const CANCEL = ['POST', `/payout/merchant/v1/fulfillment/${FULFILLMENT_ID}/cancel`];

test.each([
	['CANCELLED', 'cancelled'],
	['SUCCESS', 'not_cancelled'],
	['FAILURE', 'not_cancelled'],
	['DISCARDED', 'not_cancelled'],
])('%s is final: the first status check ends the wait, outcome %s', async (status, outcome) => {
	fulfillmentStatus = status;

	const json = await cancelAndWait(8);

	expect(json).toMatchObject({
		fulfillmentId: FULFILLMENT_ID,
		orderId: ORDER_ID,
		cancellationScheduled: true,
		outcome,
		fulfillmentStatus: status,
		orderStatus: 'FULFILLMENTS_SCHEDULED',
		statusUpdatedAt: '2024-03-01T10:00:00Z',
		statusChecks: 1,
	});
	// The first check comes about a second after the cancel; the 8 s wait was not sat out.
	expect(json.waitedSeconds).toBeGreaterThanOrEqual(0.9);
	expect(json.waitedSeconds).toBeLessThan(5);
	// Check that the fulfillment is in the order, cancel, then one status read.
	expect(server.requests.map((r) => [r.method, r.url])).toEqual([ORDER_READ, CANCEL, ORDER_READ]);
});

test('MANUAL_REVIEW is not final: the node keeps checking until Max Wait, then says "undetermined"', async () => {
	fulfillmentStatus = 'MANUAL_REVIEW';

	const json = await cancelAndWait(3);

	expect(json).toMatchObject({ outcome: 'undetermined', fulfillmentStatus: 'MANUAL_REVIEW' });
	// Pauses of 1 s, then 1.6 s, cut to what is left of the 3 s: checks at about 1, 2.6 and 3 s (the
	// last one drops out when a busy machine makes the first two late).
	expect([2, 3]).toContain(json.statusChecks);
	expect(json.waitedSeconds).toBeGreaterThanOrEqual(3);
	expect(json.waitedSeconds).toBeLessThan(8);
});
