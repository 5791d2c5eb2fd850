'use strict';
/**
 * What Account → Get Balance, Order → Get and Outage → Get make of the answers Juspay may give, beyond
 * the emulator's tidy ones: every answer here is a literal a scripted server on 127.0.0.1 sends, and
 * every expected output is a literal too.
 */
const { createHarness } = require('../../harness');
const { startScriptedServer } = require('../../helpers/scripted-server');
const { REPO_DIR, credentialFor } = require('../../../tools/story/fixtures');

let harness;
let server;
/** path (without query) -> { status, body } the server answers next */
const answers = new Map();

beforeAll(async () => {
	harness = await createHarness({ packageDir: REPO_DIR });
	server = await startScriptedServer((req) => answers.get(req.url.split('?')[0]) ?? { status: 404, body: {} });
});

afterAll(async () => {
	await server?.close();
	await harness?.close();
});

beforeEach(() => {
	answers.clear();
	server.requests.length = 0;
});

function run(parameters, { items = [{ json: {} }] } = {}) {
	return harness.runNode({
		nodeType: 'juspayPayout',
		parameters: { ...parameters, options: { maxTries: 1 } },
		items,
		onError: 'continueErrorOutput',
		credentials: { juspayPayoutApi: credentialFor(server.url) },
	});
}

describe('Account → Get Balance', () => {
	const BALANCE_PATH = '/payout/merchant/v1/getways/balance';

	test('each balance string becomes the exact number it writes, decimals and exponents included', async () => {
		const body = {
			DUMMY_IMPS: { balance: '1234.56', lastUpdated: '2024-03-01T10:00:00Z' },
			DUMMY_UPI: { balance: '9999999999', lastUpdated: '2024-03-01T10:05:00Z' },
			DUMMY_NEFT: { balance: ' 42.5 ', lastUpdated: '2024-03-01T10:10:00Z' },
			PAYTM: { balance: '1e3', lastUpdated: '2024-03-01T10:15:00Z' },
			CASHFREE: { balance: 17.25, lastUpdated: '2024-03-01T10:20:00Z' },
		};
		answers.set(BALANCE_PATH, { status: 200, body });

		const result = await run({ resource: 'account', operation: 'getBalance' });

		expect(server.requests.map((r) => [r.method, r.url])).toEqual([['GET', BALANCE_PATH]]);
		expect(result.error).toEqual([]);
		expect(result.main).toEqual([
			{
				json: {
					balances: { DUMMY_IMPS: 1234.56, DUMMY_UPI: 9999999999, DUMMY_NEFT: 42.5, PAYTM: 1000, CASHFREE: 17.25 },
					lastUpdated: {
						DUMMY_IMPS: '2024-03-01T10:00:00Z',
						DUMMY_UPI: '2024-03-01T10:05:00Z',
						DUMMY_NEFT: '2024-03-01T10:10:00Z',
						PAYTM: '2024-03-01T10:15:00Z',
						CASHFREE: '2024-03-01T10:20:00Z',
					},
					raw: body,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a balance that is no number is null, not 0', async () => {
		const body = {
			EMPTY: { balance: '', lastUpdated: '2024-03-01T10:00:00Z' },
			BLANK: { balance: '   ' },
			TEXT: { balance: 'n/a', lastUpdated: null },
			HALF_NUMBER: { balance: '12abc' },
			ENDLESS: { balance: 'Infinity' },
			MISSING: { lastUpdated: '2024-03-01T11:00:00Z' },
			NULLED: { balance: null },
			ZERO: { balance: '0' },
			NEGATIVE: { balance: '-5.5' },
		};
		answers.set(BALANCE_PATH, { status: 200, body });

		const result = await run({ resource: 'account', operation: 'getBalance' });

		expect(result.main[0].json.balances).toEqual({
			EMPTY: null,
			BLANK: null,
			TEXT: null,
			HALF_NUMBER: null,
			ENDLESS: null,
			MISSING: null,
			NULLED: null,
			ZERO: 0,
			NEGATIVE: -5.5,
		});
		expect(result.main[0].json.lastUpdated).toEqual({
			EMPTY: '2024-03-01T10:00:00Z',
			BLANK: null,
			TEXT: null,
			HALF_NUMBER: null,
			ENDLESS: null,
			MISSING: '2024-03-01T11:00:00Z',
			NULLED: null,
			ZERO: null,
			NEGATIVE: null,
		});
		expect(result.main[0].json.raw).toEqual(body);
	});

	test.each([
		['a method that is text', { DUMMY_IMPS: { balance: '5' }, DUMMY_UPI: '7' }],
		['a method that is null', { DUMMY_IMPS: null }],
		['a method that is a list', { DUMMY_IMPS: { balance: '5' }, DUMMY_UPI: [{ balance: '7' }] }],
		['a method that is a number', { DUMMY_IMPS: 5 }],
	])('a 200 with %s is not a balance answer: invalid_response, no balances made up', async (_, body) => {
		answers.set(BALANCE_PATH, { status: 200, body });
		const result = await run({ resource: 'account', operation: 'getBalance' });
		expect(result.main).toEqual([]);
		expect(result.error.map((item) => item.json.error.reason)).toEqual(['invalid_response']);
	});

	test('a failed balance read names the balance in its message', async () => {
		answers.set(BALANCE_PATH, {
			status: 403,
			body: { status: 'Forbidden', errorCode: 'E08', errorMessage: 'Merchant not allowed' },
		});

		const result = await run({ resource: 'account', operation: 'getBalance' });

		expect(result.main).toEqual([]);
		expect(result.error).toHaveLength(1);
		expect(result.error[0].json.error).toMatchObject({ httpCode: 403, errorCode: 'E08' });
		expect(result.error[0].json.message).toMatch(/\bbalance\b/);
	});
});

describe('Order → Get, simplified', () => {
	const ORDER_PATH = (id) => `/payout/merchant/v1/orders/${id}`;

	test('per fulfillment: the latest transaction\'s method, else the first planned one; the status time, else the update time', async () => {
		const order = {
			orderId: 'ord_77',
			status: 'FULFILLMENTS_SCHEDULED',
			amount: 30,
			fulfillments: [
				{
					id: 'ord_77-f1',
					status: 'SUCCESS',
					amount: 10,
					preferredMethodList: ['DUMMY_IMPS'],
					fulfillmentMethodList: ['DUMMY_IMPS', 'DUMMY_NEFT'],
					statusUpdatedAt: '2024-03-01T10:00:00Z',
					updatedAt: '2024-03-01T09:00:00Z',
					transactions: [
						{ id: 't1', status: 'FAILURE', fulfillmentMethod: 'DUMMY_IMPS' },
						{ id: 't2', status: 'SUCCESS', fulfillmentMethod: 'DUMMY_NEFT' },
					],
				},
				{
					id: 'ord_77-f2',
					status: 'CREATED',
					amount: 15,
					fulfillmentMethodList: ['DUMMY_UPI', 'DUMMY_IMPS'],
					preferredMethodList: ['DUMMY_NEFT'],
					updatedAt: '2024-03-01T09:30:00Z',
					transactions: [],
				},
				{
					id: 'ord_77-f3',
					status: 'CREATED',
					amount: 5,
					preferredMethodList: ['DUMMY_NEFT'],
				},
				{
					id: 'ord_77-f4',
					fulfillmentMethodList: [7],
					preferredMethodList: [],
					transactions: [{ id: 't9', fulfillmentMethod: null }, 'not a transaction'],
				},
			],
		};
		answers.set(ORDER_PATH('ord_77'), { status: 200, body: order });

		const result = await run({ resource: 'order', operation: 'get', orderId: 'ord_77' });

		expect(server.requests.map((r) => [r.method, r.url])).toEqual([
			['GET', '/payout/merchant/v1/orders/ord_77?expand=fulfillment%2Cpayment%2Crefund'],
		]);
		expect(result.main).toEqual([
			{
				json: {
					orderId: 'ord_77',
					status: 'FULFILLMENTS_SCHEDULED',
					fulfillments: [
						{ id: 'ord_77-f1', status: 'SUCCESS', amount: 10, method: 'DUMMY_NEFT', statusUpdatedAt: '2024-03-01T10:00:00Z' },
						{ id: 'ord_77-f2', status: 'CREATED', amount: 15, method: 'DUMMY_UPI', statusUpdatedAt: '2024-03-01T09:30:00Z' },
						{ id: 'ord_77-f3', status: 'CREATED', amount: 5, method: 'DUMMY_NEFT', statusUpdatedAt: null },
						{ id: 'ord_77-f4', status: null, amount: null, method: null, statusUpdatedAt: null },
					],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('what is not a fulfillment is left out; an order without fulfillments has an empty list, missing fields are null', async () => {
		answers.set(ORDER_PATH('ord_odd'), {
			status: 200,
			body: {
				orderId: 'ord_odd',
				status: 'FAILURE',
				fulfillments: [null, 'f1', ['f2'], { id: 'ord_odd-f3', status: 'FAILURE' }],
			},
		});
		answers.set(ORDER_PATH('ord_bare'), { status: 200, body: { orderId: 'ord_bare', status: 'CREATED', fulfillments: 'none' } });

		const result = await run(
			{ resource: 'order', operation: 'get', orderId: '={{ $json.orderId }}' },
			{ items: [{ json: { orderId: 'ord_odd' } }, { json: { orderId: 'ord_bare' } }] },
		);

		expect(result.main.map((item) => item.json)).toEqual([
			{
				orderId: 'ord_odd',
				status: 'FAILURE',
				fulfillments: [{ id: 'ord_odd-f3', status: 'FAILURE', amount: null, method: null, statusUpdatedAt: null }],
			},
			{ orderId: 'ord_bare', status: 'CREATED', fulfillments: [] },
		]);
	});

	test('an order ID is sent percent-encoded as one path segment', async () => {
		answers.set(ORDER_PATH('ord%3A7%2B1%40shop'), { status: 200, body: { orderId: 'ord:7+1@shop', status: 'CREATED' } });

		const result = await run({ resource: 'order', operation: 'get', orderId: 'ord:7+1@shop' });

		expect(server.requests.map((r) => r.url.split('?')[0])).toEqual(['/payout/merchant/v1/orders/ord%3A7%2B1%40shop']);
		expect(result.main[0].json.orderId).toBe('ord:7+1@shop');
	});

	test('Simplify off: Juspay\'s order exactly as sent', async () => {
		const order = { orderId: 'ord_raw', status: 'CREATED', udf1: 'kept', fulfillments: [{ id: 'ord_raw-f1', beneficiaryDetails: { type: 'UPI_ID' } }] };
		answers.set(ORDER_PATH('ord_raw'), { status: 200, body: order });

		const result = await run({ resource: 'order', operation: 'get', orderId: 'ord_raw', simplify: false });

		expect(result.main[0].json).toEqual(order);
	});

	test('without a Routing ID no x-routing-id header is sent', async () => {
		answers.set(ORDER_PATH('ord_nr'), { status: 200, body: { orderId: 'ord_nr' } });

		await run({ resource: 'order', operation: 'get', orderId: 'ord_nr', routingId: '' });

		expect(server.requests).toHaveLength(1);
		expect(Object.keys(server.requests[0].headers)).not.toContain('x-routing-id');
	});
});

describe('Outage → Get', () => {
	const OUTAGE_PATH = '/payout/merchant/v1/outage';

	test('entries that are not objects, and statuses other than DOWN and FLUCTUATE, are in neither list', async () => {
		const body = {
			beneficiarySpecificData: [
				null,
				'DOWN',
				['DOWN'],
				{ status: 'UP', bankCode: 'HDFC' },
				{ status: 'FLUCTUATE', bankCode: 'ICIC' },
			],
			gatewaySpecificData: [{ status: 'DOWN', gateway: 'DUMMY_UPI' }, 7],
		};
		answers.set(OUTAGE_PATH, { status: 200, body });

		const result = await run({ resource: 'outage', operation: 'get' });

		expect(result.main[0].json).toEqual({
			anyDown: true,
			down: [{ scope: 'gateway', status: 'DOWN', gateway: 'DUMMY_UPI' }],
			fluctuating: [{ scope: 'beneficiary', status: 'FLUCTUATE', bankCode: 'ICIC' }],
			beneficiarySpecificData: body.beneficiarySpecificData,
			gatewaySpecificData: body.gatewaySpecificData,
		});
	});

	test('a group Juspay leaves out is an empty list; fluctuating alone is not "down"', async () => {
		answers.set(OUTAGE_PATH, { status: 200, body: { gatewaySpecificData: [{ status: 'FLUCTUATE', gateway: 'DUMMY_NEFT' }] } });
		const onlyGateways = await run({ resource: 'outage', operation: 'get' });
		answers.set(OUTAGE_PATH, { status: 200, body: { beneficiarySpecificData: [{ status: 'FLUCTUATE', bankCode: 'PYTM' }] } });
		const onlyBanks = await run({ resource: 'outage', operation: 'get' });

		expect(onlyGateways.main[0].json).toEqual({
			anyDown: false,
			down: [],
			fluctuating: [{ scope: 'gateway', status: 'FLUCTUATE', gateway: 'DUMMY_NEFT' }],
			beneficiarySpecificData: [],
			gatewaySpecificData: [{ status: 'FLUCTUATE', gateway: 'DUMMY_NEFT' }],
		});
		expect(onlyBanks.main[0].json).toEqual({
			anyDown: false,
			down: [],
			fluctuating: [{ scope: 'beneficiary', status: 'FLUCTUATE', bankCode: 'PYTM' }],
			beneficiarySpecificData: [{ status: 'FLUCTUATE', bankCode: 'PYTM' }],
			gatewaySpecificData: [],
		});
	});

	test('the Routing ID goes in x-routing-id when set, and no such header is sent when it is empty', async () => {
		answers.set(OUTAGE_PATH, { status: 200, body: {} });

		await run(
			{ resource: 'outage', operation: 'get', routingId: '={{ $json.routingId }}' },
			{ items: [{ json: { routingId: 'cust_9' } }, { json: { routingId: '' } }, { json: { routingId: null } }] },
		);

		// An expression that gives null (a field some items lack) is no Routing ID, not a refusal.
		// toStrictEqual: toEqual would take a missing request for an undefined header.
		expect(server.requests.map((r) => r.headers['x-routing-id'])).toStrictEqual(['cust_9', undefined, undefined]);
	});

	test('a 2xx whose lists are not lists is not taken as the outage list: error output, sent once', async () => {
		const bodies = [
			{ beneficiarySpecificData: { status: 'DOWN' }, gatewaySpecificData: [] },
			{ beneficiarySpecificData: [], gatewaySpecificData: 'DOWN' },
		];
		for (const body of bodies) {
			server.requests.length = 0;
			answers.set(OUTAGE_PATH, { status: 200, body });
			const result = await run({ resource: 'outage', operation: 'get' });
			expect({ body, requests: server.requests.length, main: result.main }).toEqual({ body, requests: 1, main: [] });
			expect(result.error.map((item) => [item.json.error.reason, item.json.message])).toEqual([
				['invalid_response', "Juspay's answer for the outage list is not the answer this operation expects (HTTP 200)"],
			]);
		}
	});

	test('a Routing ID with a line break is refused, nothing is sent, and the error names the outage list', async () => {
		const result = await run({ resource: 'outage', operation: 'get', routingId: 'cust_1\r\nX-Evil: 1' });

		expect(server.requests).toEqual([]);
		expect(result.main).toEqual([]);
		expect(result.error).toHaveLength(1);
		expect(result.error[0].json.error.reason).toBe('invalid_input');
		expect(result.error[0].json.message).toMatch(/outage list/);
	});
});
