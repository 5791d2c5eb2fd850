'use strict';
/** The read-only operations: Order → Get, Account → Get Balance, Outage → Get. */
const { useEngine } = require('../../helpers/engine');
const { DEFAULT_OUTAGES } = require('../../../tools/emulator');
const { ROUTING_ID, credentialFor, orderBody } = require('../../../tools/story/fixtures');

const engine = useEngine({ pickDelayMs: 600000 });

function run(parameters, items = [{ json: {} }], onError = 'continueErrorOutput') {
	return engine.harness.runNode({
		nodeType: 'juspayPayout',
		parameters,
		items,
		onError,
		credentials: { juspayPayoutApi: credentialFor(engine.emulator.url) },
	});
}

describe('Order → Get', () => {
	test('asks for the expanded order and simplifies it to the fields a workflow needs', async () => {
		const created = engine.emulator.createOrder(orderBody('ord_simple_1', { amount: 7 }));
		const result = await run({
			resource: 'order',
			operation: 'get',
			orderId: 'ord_simple_1',
			routingId: ROUTING_ID,
		});

		const [request] = engine.emulator.requestLog;
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/payout/merchant/v1/orders/ord_simple_1');
		expect(request.query).toEqual({ expand: 'fulfillment,payment,refund' });
		expect(request.headers['x-routing-id']).toBe(ROUTING_ID);
		expect(result.main).toEqual([
			{
				json: {
					orderId: 'ord_simple_1',
					status: 'READY_FOR_FULFILLMENT',
					fulfillments: [
						{
							id: created.fulfillments[0].id,
							status: 'CREATED',
							amount: 7,
							method: 'DUMMY_IMPS',
							statusUpdatedAt: created.fulfillments[0].statusUpdatedAt,
						},
					],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test("Simplify off gives Juspay's whole order, transactions included", async () => {
		engine.emulator.createOrder(orderBody('ord_full_1'));
		const result = await run({
			resource: 'order',
			operation: 'get',
			orderId: 'ord_full_1',
			simplify: false,
		});
		expect(result.main[0].json).toEqual(engine.emulator.getOrder('ord_full_1'));
		expect(result.main[0].json.fulfillments[0]).toHaveProperty('beneficiaryDetails');
	});

	test('an unknown order goes to the error output as E09, naming the order', async () => {
		const result = await run({ resource: 'order', operation: 'get', orderId: 'ord_missing' });
		expect(result.error[0].json.error).toMatchObject({
			httpCode: 404,
			errorCode: 'E09',
			orderId: 'ord_missing',
		});
		expect(result.error[0].json.message).toBe(
			'Juspay has no order "ord_missing" (HTTP 404, E09 not found)',
		);
	});

	test('an order id that would change the URL is refused before sending', async () => {
		const result = await run({ resource: 'order', operation: 'get', orderId: 'ord/../../x' });
		expect(engine.emulator.requestLog).toHaveLength(0);
		expect(result.error[0].json.error.reason).toBe('invalid_input');
		expect(result.error[0].json.error.description).toContain('order IDs are yours');
	});
});

describe('Account → Get Balance', () => {
	test("balances per method as numbers, with Juspay's strings kept", async () => {
		const result = await run({ resource: 'account', operation: 'getBalance' });

		expect(engine.emulator.requestLog.map((r) => [r.method, r.path])).toEqual([
			['GET', '/payout/merchant/v1/getways/balance'],
		]);
		const { json } = result.main[0];
		// Nothing is paid out in this file (pickDelayMs), so every method still has the emulator's
		// starting balance, updated when the emulator started.
		const started = json.raw.DUMMY_IMPS.lastUpdated;
		expect(started).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		expect(json.balances).toEqual({ DUMMY_IMPS: 9999999999, DUMMY_UPI: 9999999999, DUMMY_NEFT: 9999999999 });
		expect(json.lastUpdated).toEqual({ DUMMY_IMPS: started, DUMMY_UPI: started, DUMMY_NEFT: started });
		expect(json.raw).toEqual({
			DUMMY_IMPS: { balance: '9999999999', lastUpdated: started },
			DUMMY_UPI: { balance: '9999999999', lastUpdated: started },
			DUMMY_NEFT: { balance: '9999999999', lastUpdated: started },
		});
	});
});

describe('Outage → Get', () => {
	test('what is down and what fluctuates, each tagged with its group', async () => {
		const result = await run({ resource: 'outage', operation: 'get' });
		const { json } = result.main[0];

		expect(engine.emulator.requestLog.map((r) => [r.method, r.path])).toEqual([
			['GET', '/payout/merchant/v1/outage'],
		]);
		expect(json.anyDown).toBe(true);
		expect(json.down).toEqual([
			{ scope: 'beneficiary', ...DEFAULT_OUTAGES.beneficiarySpecificData[0] },
		]);
		expect(json.fluctuating).toEqual([
			{ scope: 'beneficiary', ...DEFAULT_OUTAGES.beneficiarySpecificData[1] },
			{ scope: 'gateway', ...DEFAULT_OUTAGES.gatewaySpecificData[0] },
		]);
		expect(json.gatewaySpecificData).toEqual(DEFAULT_OUTAGES.gatewaySpecificData);
	});

	test('nothing down', async () => {
		engine.emulator.configure({
			outages: { beneficiarySpecificData: [], gatewaySpecificData: [] },
		});
		const result = await run({ resource: 'outage', operation: 'get' });
		engine.emulator.configure({ outages: null });
		expect(result.main[0].json).toMatchObject({ anyDown: false, down: [], fluctuating: [] });
	});
});
