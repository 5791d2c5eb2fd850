'use strict';
/**
 * A cancelled execution (the editor's Stop button, an execution timeout) ends the node's waiting at
 * once: n8n-core aborts the node's cancel signal, and no pause of the node outlives it. Two pauses are
 * long here: Wait for Outcome's polling (Max Wait 60 s, the order never settles) and a Retry-After of
 * 20 s. In both the execution is cancelled after about a second; the run must end within a few seconds,
 * and nothing is sent after the cancel.
 */
const { useEngine } = require('../../helpers/engine');

const engine = useEngine(false);

const CANCEL_AFTER_MS = 1200;

const ORDER = {
	orderId: 'ord_cancelled_run',
	status: 'FULFILLMENTS_SCHEDULED',
	fulfillments: [{ id: 'ord_cancelled_run-f1', status: 'CREATED' }],
};

function runCancel(server, parameters) {
	return engine.runJuspay({
		parameters: {
			resource: 'fulfillment',
			operation: 'cancel',
			fulfillmentId: 'ord_cancelled_run-f1',
			...parameters,
		},
		onError: 'continueErrorOutput',
		baseUrl: server.url,
		cancelAfterMs: CANCEL_AFTER_MS,
	});
}

test('Wait for Outcome stops polling when the execution is cancelled', async () => {
	// The order never leaves CREATED: only the cancel can end this wait before its 60 s.
	const server = await engine.scripted((req) =>
		req.method === 'GET'
			? { status: 200, body: ORDER }
			: { status: 200, body: { status: 'Fulfillment is scheduled for cancelation.' } },
	);
	const started = Date.now();
	const result = await runCancel(server, {
		waitForOutcome: true,
		orderId: 'ord_cancelled_run',
		maxWaitSeconds: 60,
		options: { maxTries: 1 },
	});
	const took = Date.now() - started;

	expect(result.status).toBe('canceled');
	// The first status read is due 1 s after the cancel was accepted; the pause after it (growing from
	// 1 s) is the one cancelled. Without the cancel signal the run would poll on for 60 s.
	expect(took).toBeGreaterThanOrEqual(CANCEL_AFTER_MS);
	expect(took).toBeLessThan(CANCEL_AFTER_MS + 2_500);
	const afterCancel = server.requests.filter((r) => r.at > started + CANCEL_AFTER_MS + 200);
	expect(afterCancel).toEqual([]);
	expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
});

test('a Retry-After pause ends when the execution is cancelled, and the request is not sent again', async () => {
	const server = await engine.scripted(() => ({
		status: 429,
		headers: { 'retry-after': '20' },
		body: { error: true, errorCode: 'E429', errorMessage: 'Too many requests' },
	}));
	const started = Date.now();
	const result = await runCancel(server, { options: { maxTries: 3, rateLimitWait: 60 } });
	const took = Date.now() - started;

	expect(result.status).toBe('canceled');
	expect(took).toBeGreaterThanOrEqual(CANCEL_AFTER_MS);
	expect(took).toBeLessThan(CANCEL_AFTER_MS + 2_500);
	expect(server.requests).toHaveLength(1);
});
