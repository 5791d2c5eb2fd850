'use strict';
/**
 * What the n8n editor offers works in a run: every resource and operation in the node's lists does
 * that operation, a node left at its defaults does what the defaults say, n8n refuses to run a node
 * whose required field is empty. The lists are read from the loaded node type, as the editor reads
 * them; what each choice must do is written here. (The credential form's environments:
 * credential-environments.test.js.)
 */
const { createHarness } = require('../../harness');
const { startScriptedServer } = require('../../helpers/scripted-server');
const { REPO_DIR, credentialFor } = require('../../../tools/story/fixtures');

let harness;
let server;

beforeAll(async () => {
	harness = await createHarness({ packageDir: REPO_DIR });
	// The least answer each operation accepts as Juspay's: balances are objects per method, an order
	// has an orderId and a status, a cancel and the outage list a status.
	server = await startScriptedServer((req) =>
		req.url.includes('/balance')
			? { status: 200, body: { DUMMY: { balance: '1' } } }
			: { status: 200, body: { orderId: 'ord_1', status: 'OK' } },
	);
});

afterAll(async () => {
	await server?.close();
	await harness?.close();
});

beforeEach(() => {
	server.requests.length = 0;
});

function run(parameters) {
	return harness.runNode({
		nodeType: 'juspayPayout',
		parameters,
		onError: 'continueErrorOutput',
		credentials: { juspayPayoutApi: credentialFor(server.url) },
	});
}

/** What the editor lists: [resource, operation] pairs, by the values it stores. */
function offeredOperations() {
	const { properties } = harness.nodeTypes.getByNameAndVersion(harness.typeOf('juspayPayout'), 1).description;
	const resources = properties.find((p) => p.name === 'resource').options.map((o) => o.value);
	return resources.flatMap((resource) =>
		properties
			.filter((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource))
			.flatMap((p) => p.options.map((o) => [resource, o.value])),
	);
}

/** The one request each operation sends, and the least it needs to send it. */
const EXPECTED = {
	'account getBalance': { parameters: {}, request: ['GET', '/payout/merchant/v1/getways/balance'] },
	'fulfillment cancel': {
		parameters: { fulfillmentId: 'ord_1-f1' },
		request: ['POST', '/payout/merchant/v1/fulfillment/ord_1-f1/cancel'],
	},
	'order get': {
		parameters: { orderId: 'ord_1' },
		request: ['GET', '/payout/merchant/v1/orders/ord_1?expand=fulfillment%2Cpayment%2Crefund'],
	},
	'outage get': { parameters: {}, request: ['GET', '/payout/merchant/v1/outage'] },
};

describe('the node\'s lists', () => {
	test('offer exactly the four operations', () => {
		expect(offeredOperations().map((pair) => pair.join(' ')).sort()).toEqual(Object.keys(EXPECTED).sort());
	});

	test.each(Object.entries(EXPECTED))('%s, as the editor stores it, sends its request', async (pair, expected) => {
		const [resource, operation] = offeredOperations().find((p) => p.join(' ') === pair);

		const result = await run({ resource, operation, ...expected.parameters });

		expect(result.error).toEqual([]);
		expect(result.main).toHaveLength(1);
		expect(server.requests.map((r) => [r.method, r.url])).toEqual([expected.request]);
	});
});

describe('a node left at its defaults', () => {
	test('is named "Juspay Payout" when it is added to a workflow (and as an AI tool)', () => {
		const { defaults } = harness.nodeTypes.getByNameAndVersion(harness.typeOf('juspayPayout'), 1).description;
		expect(defaults).toEqual({ name: 'Juspay Payout' });
	});

	test('is Fulfillment → Cancel, which n8n will not run without a Fulfillment ID', async () => {
		await expect(run({})).rejects.toThrow(/Parameter "Fulfillment ID" is required/);
		expect(server.requests).toEqual([]);
	});

	test('Order → Get: n8n will not run it without an Order ID', async () => {
		await expect(run({ resource: 'order' })).rejects.toThrow(/Parameter "Order ID" is required/);
		await expect(run({ resource: 'order', operation: 'get', orderId: '' })).rejects.toThrow(
			/Parameter "Order ID" is required/,
		);
		expect(server.requests).toEqual([]);
	});

	test('Order → Get is simplified, with no Routing ID header', async () => {
		const result = await run({ resource: 'order', orderId: 'ord_1' });

		expect(result.main[0].json).toEqual({ orderId: 'ord_1', status: 'OK', fulfillments: [] });
		expect(server.requests).toHaveLength(1);
		expect(Object.keys(server.requests[0].headers)).not.toContain('x-routing-id');
	});

	test('Account is Get Balance, Outage is Get, neither with a Routing ID header', async () => {
		await run({ resource: 'account' });
		await run({ resource: 'outage' });

		expect(server.requests.map((r) => [r.method, r.url])).toEqual([
			['GET', '/payout/merchant/v1/getways/balance'],
			['GET', '/payout/merchant/v1/outage'],
		]);
		for (const request of server.requests) expect(Object.keys(request.headers)).not.toContain('x-routing-id');
	});
});
