'use strict';
/**
 * Cancel with Wait for Outcome, against the emulator's state machine: Juspay only schedules a
 * cancellation, and the node reads the order status until the payout is final.
 */
const { useEngine } = require('../../helpers/engine');
const { startEmulator } = require('../../../tools/emulator');
const { API_KEY, MERCHANT_ID, credentialFor, orderBody } = require('../../../tools/story/fixtures');

// Each test starts the emulator it needs (timing options differ).
const engine = useEngine(false);
let orderSeq = 0;
const emulators = [];
afterAll(() => Promise.all(emulators.map((e) => e.close())));

async function emulatorWith(options) {
	const emulator = await startEmulator({ apiKey: API_KEY, merchantId: MERCHANT_ID, cancelDelayMs: 50, ...options });
	emulators.push(emulator);
	return emulator;
}

function createOrder(emulator, amount = 1) {
	const orderId = `outcome_${++orderSeq}`;
	const order = emulator.createOrder(orderBody(orderId, { amount }));
	return { orderId, fulfillmentId: order.fulfillments[0].id };
}

function cancelAndWait(emulator, orders, { maxWaitSeconds = 10, onError = 'continueErrorOutput' } = {}) {
	return engine.harness.runNode({
		nodeType: 'juspayPayout',
		parameters: {
			resource: 'fulfillment',
			operation: 'cancel',
			fulfillmentId: '={{ $json.fulfillmentId }}',
			waitForOutcome: true,
			orderId: '={{ $json.orderId }}',
			maxWaitSeconds,
		},
		items: orders.map((o) => ({ json: o })),
		onError,
		credentials: { juspayPayoutApi: credentialFor(emulator.url) },
	});
}

test('a cancel before the payout is picked ends "cancelled"', async () => {
	const emulator = await emulatorWith({ pickDelayMs: 600000 });
	const order = createOrder(emulator);

	const result = await cancelAndWait(emulator, [order]);

	expect(result.error).toEqual([]);
	expect(result.main[0].json).toMatchObject({
		fulfillmentId: order.fulfillmentId,
		orderId: order.orderId,
		cancellationScheduled: true,
		outcome: 'cancelled',
		fulfillmentStatus: 'CANCELLED',
		orderStatus: 'FULFILLMENTS_CANCELLED',
	});
	expect(Date.parse(result.main[0].json.statusSeenAt)).not.toBeNaN();
	expect(result.main[0].json.statusChecks).toBe(1);
	// First the order is read to check the pairing, then the cancel, then one status check.
	expect(emulator.requestLog.map((r) => `${r.method} ${r.path.split('/').slice(4, 5)}`)).toEqual([
		'GET orders',
		'POST fulfillment',
		'GET orders',
	]);
});

test('a cancel after the payout was picked ends "not_cancelled" with the gateway\'s final state', async () => {
	// The gateway takes 3 s: the first status check (1 s after the cancel) still sees PENDING even when
	// the run starts late on a busy machine.
	const emulator = await emulatorWith({ pickDelayMs: 0, gatewayDelayMs: 3000 });
	const order = createOrder(emulator, 1);
	// Let the pick happen: the fulfillment is PENDING at the gateway when the cancel arrives.
	await new Promise((resolve) => setTimeout(resolve, 50));
	expect(emulator.getOrder(order.orderId).fulfillments[0].status).toBe('PENDING');

	const result = await cancelAndWait(emulator, [order]);

	expect(result.main[0].json).toMatchObject({
		cancellationScheduled: true,
		outcome: 'not_cancelled',
		fulfillmentStatus: 'SUCCESS',
		orderStatus: 'FULFILLMENTS_SUCCESSFUL',
	});
	expect(result.main[0].json.statusChecks).toBeGreaterThanOrEqual(2); // PENDING first, then SUCCESS
});

test('a payout kept pending ends "undetermined" at the maximum wait', async () => {
	const emulator = await emulatorWith({ pickDelayMs: 0, gatewayDelayMs: 50 });
	const order = createOrder(emulator, 21); // the dummy gateway sends 21 to manual review, where it stays
	await new Promise((resolve) => setTimeout(resolve, 50));

	const result = await cancelAndWait(emulator, [order], { maxWaitSeconds: 3 });

	const { json } = result.main[0];
	expect(json).toMatchObject({ outcome: 'undetermined', fulfillmentStatus: 'MANUAL_REVIEW' });
	expect(json.waitedSeconds).toBeGreaterThanOrEqual(3);
	expect(json.waitedSeconds).toBeLessThan(4.5);
});

test('many items wait side by side, not one after another', async () => {
	const emulator = await emulatorWith({ pickDelayMs: 0, gatewayDelayMs: 50 });
	const orders = Array.from({ length: 40 }, () => createOrder(emulator, 21));
	await new Promise((resolve) => setTimeout(resolve, 50));

	const started = Date.now();
	const result = await cancelAndWait(emulator, orders, { maxWaitSeconds: 2 });
	const elapsed = Date.now() - started;

	expect(result.main.map((i) => i.json.outcome)).toEqual(orders.map(() => 'undetermined'));
	expect(result.main.map((i) => i.json.fulfillmentId)).toEqual(orders.map((o) => o.fulfillmentId));
	// One after another would be 40 × 2 s; side by side it is one wait (which starts once Juspay has
	// accepted the item's cancel) plus the time to send 40 pre-checks and cancels 10 at a time.
	expect(elapsed).toBeLessThan(3 * 2000);
});

test('a fulfillment that is not in the given order is a clear per-item error, and nothing is cancelled', async () => {
	const emulator = await emulatorWith({ pickDelayMs: 600000 });
	const a = createOrder(emulator);
	const b = createOrder(emulator);

	const result = await cancelAndWait(emulator, [{ orderId: a.orderId, fulfillmentId: b.fulfillmentId, customer: 'x' }]);

	expect(result.main).toEqual([]);
	expect(result.error[0].json.customer).toBe('x');
	expect(result.error[0].json.error).toMatchObject({ reason: 'not_in_order', fulfillmentId: b.fulfillmentId });
	expect(result.error[0].json.message).toBe(`Fulfillment "${b.fulfillmentId}" is not in order "${a.orderId}"`);
	expect(emulator.requestLog.filter((r) => r.method === 'POST')).toEqual([]);
	expect(emulator.getOrder(b.orderId).fulfillments[0].status).toBe('CREATED');
});

test('an unknown order is an error before any cancel is sent', async () => {
	const emulator = await emulatorWith({ pickDelayMs: 600000 });
	const a = createOrder(emulator);
	const result = await cancelAndWait(emulator, [{ orderId: 'no_such_order', fulfillmentId: a.fulfillmentId }]);
	expect(result.error[0].json.message).toBe('Juspay has no order "no_such_order" (HTTP 404, E09 not found)');
	expect(emulator.requestLog.filter((r) => r.method === 'POST')).toEqual([]);
});
