'use strict';
/**
 * Wait for Outcome when status reads fail (a 500 from the order status, after the cancel was accepted):
 * a failed read does not fail the item nor stop the run, even under On Error = stop; the wait goes on;
 * every read counts in `statusChecks`; the item says `lastCheckError` only if the last read failed, and
 * reports no status it never saw. Expected values come from the scripted server's own request log.
 */
const { useEngine } = require('../../helpers/engine');
const { SCHEDULED_TEXT } = require('../../../tools/story/fixtures');

const ORDER_ID = 'ord_reads';
const FULFILLMENT_ID = 'ord_reads-f1';

const engine = useEngine(false);
let server;
/** How the n-th status read after the cancel (from 0) is answered. */
let answerRead;

beforeAll(async () => {
	server = await engine.scripted((req) => {
		if (req.method === 'POST') return { status: 200, body: { status: SCHEDULED_TEXT } };
		// Wait for Outcome reads the order once before cancelling (is the fulfillment there?): that one
		// works; the status reads after the cancel are answered as the test says.
		const read = server.requests.filter((r) => r.method === 'GET').length - 2;
		return read < 0 ? order('CREATED') : answerRead(read);
	});
});

beforeEach(() => {
	server.requests.length = 0;
});

const failed = { status: 500, body: { error: true, errorCode: 'E500', errorMessage: 'Internal error' } };
const order = (fulfillmentStatus) => ({
	status: 200,
	body: {
		orderId: ORDER_ID,
		status: 'FULFILLMENTS_SCHEDULED',
		fulfillments: [{ id: FULFILLMENT_ID, status: fulfillmentStatus, statusUpdatedAt: '2024-03-01T10:00:00Z' }],
	},
});

function cancelAndWait({ maxWaitSeconds, onError }) {
	return engine.runJuspay({
		parameters: {
			resource: 'fulfillment',
			operation: 'cancel',
			fulfillmentId: FULFILLMENT_ID,
			waitForOutcome: true,
			orderId: ORDER_ID,
			maxWaitSeconds,
			options: { maxTries: 1 },
		},
		onError,
		baseUrl: server.url,
	});
}

/** Status reads after the cancel (the first GET is the check before it). */
const reads = () => server.requests.filter((r) => r.method === 'GET').length - 1;

test('every read fails: undetermined, each read counted, the last error named, no status made up', async () => {
	answerRead = () => failed;
	const result = await cancelAndWait({ maxWaitSeconds: 3.5, onError: 'continueErrorOutput' });

	expect(result.error).toEqual([]);
	const { json } = result.main[0];
	// Reads after about 1 s and 2.6 s; the next pause (2.56 s) would end past the 3.5 s Max Wait, so
	// the wait ends at it. 0.9 s of room for the second read: a busy CI core can be slow by half a second.
	expect(reads()).toBe(2);
	expect(json).toMatchObject({
		cancellationScheduled: true,
		outcome: 'undetermined',
		fulfillmentStatus: null,
		orderStatus: null,
		statusSeenAt: null,
		statusChecks: 2,
		lastCheckError: 'juspay_error (HTTP 500)',
	});
	expect(json.waitedSeconds).toBeGreaterThanOrEqual(3.5);
	expect(json.waitedSeconds).toBeLessThanOrEqual(4.5);
});

test('under On Error = stop, a failed read is not a failure: the next read sees the outcome', async () => {
	answerRead = (read) => (read === 0 ? failed : order('CANCELLED'));
	const result = await cancelAndWait({ maxWaitSeconds: 10, onError: 'stopWorkflow' });

	expect(result.status).toBe('success');
	expect(reads()).toBe(2);
	const { json } = result.main[0];
	expect(json).toMatchObject({ outcome: 'cancelled', fulfillmentStatus: 'CANCELLED', statusChecks: 2 });
	expect(json).not.toHaveProperty('lastCheckError');
});

test('a read that works after one that failed clears lastCheckError; a later failure sets it again', async () => {
	answerRead = (read) => (read === 1 ? order('CREATED') : failed);
	const result = await cancelAndWait({ maxWaitSeconds: 6, onError: 'continueErrorOutput' });

	const { json } = result.main[0];
	expect(reads()).toBe(3);
	expect(json).toMatchObject({
		outcome: 'undetermined',
		fulfillmentStatus: 'CREATED',
		orderStatus: 'FULFILLMENTS_SCHEDULED',
		statusChecks: 3,
		lastCheckError: 'juspay_error (HTTP 500)',
	});
});
