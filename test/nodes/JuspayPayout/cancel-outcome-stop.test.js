'use strict';
/**
 * Under On Error = stop, one item failing ends the others' Wait for Outcome: the run stops about when
 * the failure comes, not after the others' Max Wait, and no status is read after it. A scripted server
 * accepts one cancel, refuses the other (404 E09) and keeps the order undecided (CREATED) for ever.
 */
const { useEngine } = require('../../helpers/engine');

const engine = useEngine(false);

const ORDER = {
	orderId: 'ord_stop',
	status: 'FULFILLMENTS_SCHEDULED',
	fulfillments: [
		{ id: 'ord_stop-f1', status: 'CREATED' },
		{ id: 'ord_stop-f2', status: 'CREATED' },
	],
};

test('a failed item ends the other items\' waits at once; the run stops on it', async () => {
	const failedAt = [];
	const server = await engine.scripted((req) => {
		if (req.method === 'GET') return { status: 200, body: ORDER };
		if (req.url.includes('ord_stop-f2')) {
			failedAt.push(Date.now());
			return { status: 404, body: { error: true, errorCode: 'E09', errorMessage: 'Fulfillment not found' } };
		}
		return { status: 200, body: { status: 'Fulfillment is scheduled for cancelation.' } };
	});
	// Item 1 is sent a little later, so item 0 is already waiting when it fails.
	const started = Date.now();
	const result = await engine.runJuspay({
		parameters: {
			resource: 'fulfillment',
			operation: 'cancel',
			fulfillmentId: '={{ $json.id }}',
			waitForOutcome: true,
			orderId: 'ord_stop',
			maxWaitSeconds: 30,
			options: { concurrency: 2, maxTries: 1 },
		},
		items: [{ json: { id: 'ord_stop-f1' } }, { json: { id: 'ord_stop-f2' } }],
		onError: 'stopWorkflow',
		baseUrl: server.url,
	});
	const took = Date.now() - started;

	expect(result.status).toBe('error');
	expect(result.stopError.context.itemIndex).toBe(1);
	expect(result.stopError.description).toContain('(item 0)');
	// Item 0's wait (Max Wait 30 s, first read after 1 s) ended with the failure: well before 30 s, and
	// no status read started more than a pause after it.
	expect(took).toBeLessThan(10_000);
	const lateReads = server.requests.filter((r) => r.method === 'GET' && r.at > failedAt[0] + 2_000);
	expect(lateReads).toEqual([]);
});
