'use strict';
/** The emulator's HTTP surface pinned to shared/juspay-payout-api.md: auth, routes, bodies, errors, log. */
const { startEmulator, CANCEL_TEXT, DEFAULT_OUTAGES, JuspayError } = require('../../tools/emulator');
const { request, orderBody, paths, authHeaders } = require('./helpers');

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const E04 = {
	error: true,
	errorCode: 'E04',
	errorMessage: 'API key not present in request.',
	userMessage: 'Unauthorized',
};
const E02 = {
	error: true,
	errorCode: 'E02',
	errorMessage: 'Invalid API key passed in request.',
	userMessage: 'Unauthorized',
};

let emu;
beforeAll(async () => {
	// Manual clock: nothing moves unless a test advances it, so shapes are stable.
	emu = await startEmulator({
		clock: 'manual',
		pickDelayMs: 100,
		gatewayDelayMs: 50,
		cancelDelayMs: 10,
	});
});
afterAll(() => emu.close());
beforeEach(() => emu.clearLog());

describe('auth on every route', () => {
	const routes = [
		['POST', paths.cancel('abc-f1')],
		['GET', paths.order('ord_x')],
		['POST', paths.orders],
		['GET', paths.balance],
		['GET', paths.outage],
	];

	test.each(routes)('%s %s without Authorization -> 401 E04', async (method, path) => {
		const r = await request(emu, method, path, { headers: { authorization: null } });
		expect(r.status).toBe(401);
		expect(r.headers['content-type']).toBe('application/json');
		expect(r.json).toEqual(E04);
	});

	test.each(routes)('%s %s with a wrong key -> 401 E02', async (method, path) => {
		const r = await request(emu, method, path, { headers: authHeaders(emu, 'live_key_wrong') });
		expect(r.status).toBe(401);
		expect(r.json).toEqual(E02);
	});

	test('a non-Basic scheme is an invalid key (E02); an empty username is a missing key (E04)', async () => {
		const bearer = await request(emu, 'GET', paths.balance, {
			headers: { authorization: `Bearer ${emu.apiKey}` },
		});
		expect([bearer.status, bearer.json]).toEqual([401, E02]);
		const empty = await request(emu, 'GET', paths.balance, {
			headers: { authorization: `Basic ${Buffer.from(':').toString('base64')}` },
		});
		expect([empty.status, empty.json]).toEqual([401, E04]);
	});

	test('the password is ignored, the username must be the key exactly', async () => {
		const withPassword = await request(emu, 'GET', paths.balance, {
			headers: { authorization: `Basic ${Buffer.from(`${emu.apiKey}:secret`).toString('base64')}` },
		});
		expect(withPassword.status).toBe(200);
		const noColon = await request(emu, 'GET', paths.balance, {
			headers: { authorization: `Basic ${Buffer.from(emu.apiKey).toString('base64')}` },
		});
		expect(noColon.status).toBe(200);
		const prefix = await request(emu, 'GET', paths.balance, {
			headers: authHeaders(emu, `${emu.apiKey}x`),
		});
		expect(prefix.status).toBe(401);
	});

	test('x-merchantid missing -> 401 E07, another merchant -> 403 E08, header name case-insensitive', async () => {
		const missing = await request(emu, 'GET', paths.balance, { headers: { 'x-merchantid': null } });
		expect(missing.status).toBe(401);
		expect(missing.json).toEqual({
			error: true,
			errorCode: 'E07',
			errorMessage: 'x-merchantid header not present in request.',
			userMessage: 'Unauthorized',
		});
		const other = await request(emu, 'GET', paths.balance, {
			headers: { 'x-merchantid': 'someone_else' },
		});
		expect(other.status).toBe(403);
		expect(other.json).toEqual({
			error: true,
			errorCode: 'E08',
			errorMessage: 'Merchant id in x-merchantid does not match the API key.',
			userMessage: 'Forbidden',
		});
		const mixedCase = await request(emu, 'GET', paths.balance, {
			headers: { 'x-merchantid': null, 'X-MerchantId': emu.merchantId },
		});
		expect(mixedCase.status).toBe(200);
	});

	test('auth comes before routing: an unknown route without a key is 401', async () => {
		const r = await request(emu, 'GET', '/nowhere', { auth: false });
		expect([r.status, r.json.errorCode]).toEqual([401, 'E04']);
	});
});

describe('POST /fulfillment/:id/cancel', () => {
	test('a known fulfillment -> 200 with the exact documented text, again on repeat', async () => {
		const order = emu.createOrder(orderBody());
		const id = order.fulfillments[0].id;
		for (let i = 0; i < 2; i++) {
			const r = await request(emu, 'POST', paths.cancel(id));
			expect(r.status).toBe(200);
			expect(r.headers['content-type']).toBe('application/json');
			expect(r.text).toBe(
				'{"status":"Fulfillment is scheduled for cancelation. Please check order status for final status."}',
			);
		}
		expect(CANCEL_TEXT).toBe(
			'Fulfillment is scheduled for cancelation. Please check order status for final status.',
		);
	});

	test('an unknown id -> 404 E09 with the documented body', async () => {
		const r = await request(emu, 'POST', paths.cancel('51b6b03aaaaaaaaaaac4f033f-f1'));
		expect(r.status).toBe(404);
		expect(r.text).toBe(
			'{"error":true,"errorCode":"E09","errorMessage":"Could not find resource: Fulfillment 51b6b03aaaaaaaaaaac4f033f-f1","userMessage":"Not Found"}',
		);
	});

	test('the id is the raw segment, percent-decoded', async () => {
		const order = emu.createOrder(orderBody());
		const id = order.fulfillments[0].id;
		const encoded = id.replace('-f1', '%2Df1');
		const ok = await request(emu, 'POST', paths.cancel(encoded));
		expect(ok.status).toBe(200);
		const odd = await request(emu, 'POST', paths.cancel('a%20b%2Fc'));
		expect(odd.status).toBe(404);
		expect(odd.json.errorMessage).toBe('Could not find resource: Fulfillment a b/c');
		expect(emu.requestLog.map((e) => [e.path, e.fulfillmentId])).toEqual([
			[paths.cancel(encoded), id],
			[paths.cancel('a%20b%2Fc'), 'a b/c'],
		]);
	});

	test('bad percent-encoding -> 400 E05', async () => {
		const r = await request(emu, 'POST', paths.cancel('abc%E0%A4%A'));
		expect(r.status).toBe(400);
		expect(r.json).toEqual({
			error: true,
			errorCode: 'E05',
			errorMessage: 'Invalid percent-encoding in path parameter fulfillmentId',
			userMessage: 'Bad Request',
		});
	});

	test('a query string is served and logged; a body is ignored', async () => {
		const order = emu.createOrder(orderBody());
		const id = order.fulfillments[0].id;
		const r = await request(emu, 'POST', `${paths.cancel(id)}?reason=dup&x=1&x=2`, {
			body: { anything: 1 },
		});
		expect(r.status).toBe(200);
		expect(emu.requestLog[0].query).toEqual({ reason: 'dup', x: ['1', '2'] });
		expect(emu.requestLog[0].body).toEqual({ anything: 1 });
	});

	test.each([
		['GET', paths.cancel('abc-f1')],
		['POST', `${paths.cancel('abc-f1')}/`],
		['POST', '/payout/merchant/v1/fulfillment//cancel'],
		['POST', '/payout/merchant/v2/fulfillment/abc-f1/cancel'],
		['DELETE', paths.orders],
	])('%s %s matches no route -> 404 E05', async (method, path) => {
		const r = await request(emu, method, path);
		expect(r.status).toBe(404);
		expect(r.json).toEqual({
			error: true,
			errorCode: 'E05',
			errorMessage: `No route for ${method} ${path}`,
			userMessage: 'Not Found',
		});
	});

	test('cancelContentType and errorShape knobs, for clients that must handle both readings', async () => {
		emu.configure({ cancelContentType: 'text/plain', errorShape: 'wrapped' });
		try {
			const order = emu.createOrder(orderBody());
			const ok = await request(emu, 'POST', paths.cancel(order.fulfillments[0].id));
			expect(ok.headers['content-type']).toBe('text/plain');
			expect(ok.json).toEqual({ status: CANCEL_TEXT });
			const missing = await request(emu, 'POST', paths.cancel('nope-f1'));
			expect(missing.status).toBe(404);
			expect(missing.json).toEqual({
				response: {
					error: true,
					errorCode: 'E09',
					errorMessage: 'Could not find resource: Fulfillment nope-f1',
					userMessage: 'Not Found',
				},
				code: 404,
			});
		} finally {
			emu.configure({ cancelContentType: 'application/json', errorShape: 'flat' });
		}
	});
});

describe('POST /orders', () => {
	test('creates a READY_FOR_FULFILLMENT order with CREATED fulfillments in the documented shape', async () => {
		const body = orderBody({
			amounts: [1, 2.5],
			orderId: 'ord_shape-1@x',
			udf1: 'u-one',
			udf3: 'u-three',
		});
		const r = await request(emu, 'POST', paths.orders, { body });
		expect(r.status).toBe(200);
		const o = r.json;
		const internal = o.fulfillments[0].id.slice(0, 32);
		expect(internal).toMatch(/^[0-9a-f]{32}$/);
		const fulfillment = (n, amount) => ({
			id: `${internal}-f${n}`,
			status: 'CREATED',
			amount,
			statusUpdatedAt: o.createdAt,
			preferredMethodList: ['DUMMY_IMPS'],
			fulfillmentMethodList: ['DUMMY_IMPS'],
			merchantCustomerId: 'cth_test_1',
			beneficiaryDetails: body.fulfillments[0].beneficiaryDetails,
			additionalInfo: { remark: 'test payout', isRetriable: false, attemptThreshold: 25 },
			transactions: [],
		});
		expect(o).toEqual({
			orderId: 'ord_shape-1@x',
			status: 'READY_FOR_FULFILLMENT',
			type: 'FULFILL_ONLY',
			amount: 3.5,
			customerId: 'cth_test_1',
			createdAt: o.createdAt,
			updatedAt: o.createdAt,
			udf1: 'u-one',
			udf3: 'u-three',
			payments: [],
			refunds: [],
			fulfillments: [fulfillment(1, 1), fulfillment(2, 2.5)],
		});
		expect(o.createdAt).toMatch(ISO);
		expect(emu.getOrder('ord_shape-1@x')).toEqual(o);
	});

	const bad = (patch) => ({ ...orderBody(), ...patch });
	test.each([
		['missing orderId', bad({ orderId: undefined }), 'orderId is required'],
		[
			'orderId too short',
			bad({ orderId: 'abc' }),
			'orderId must be 4-64 characters of letters, digits, _ - @',
		],
		[
			'orderId too long',
			bad({ orderId: 'a'.repeat(65) }),
			'orderId must be 4-64 characters of letters, digits, _ - @',
		],
		[
			'orderId with a slash',
			bad({ orderId: 'ord/1234' }),
			'orderId must be 4-64 characters of letters, digits, _ - @',
		],
		[
			'orderId a number',
			bad({ orderId: 12345 }),
			'orderId must be 4-64 characters of letters, digits, _ - @',
		],
		['missing amount', bad({ amount: undefined }), 'amount is required'],
		['amount zero', bad({ amount: 0 }), 'amount must be a positive number'],
		['amount 3 decimals', bad({ amount: 1.001 }), 'amount must have at most 2 decimals'],
		['missing customerId', bad({ customerId: undefined }), 'customerId is required'],
		['wrong type', bad({ type: 'PAY_AND_FULFILL' }), 'type must be FULFILL_ONLY'],
		['no fulfillments', bad({ fulfillments: [] }), 'fulfillments must be a non-empty array'],
		[
			'amount mismatch',
			bad({ amount: 2 }),
			'Sum of fulfillment amounts must equal the order amount',
		],
		[
			'unknown method',
			orderBody({ method: 'HDFC_IMPS' }),
			'fulfillments[0].preferredMethodList: unknown method HDFC_IMPS',
		],
		[
			'bad scheduleTime',
			orderBody({ scheduleTime: 'tomorrow-ish' }),
			'fulfillments[0].additionalInfo.scheduleTime must be an ISO-8601 date-time',
		],
		['udf not a string', bad({ udf2: 7 }), 'udf2 must be a string'],
		['body an array', [], 'Request body must be a JSON object'],
	])('%s -> 400 E01', async (_name, body, message) => {
		const r = await request(emu, 'POST', paths.orders, { body });
		expect(r.status).toBe(400);
		expect(r.json).toEqual({
			error: true,
			errorCode: 'E01',
			errorMessage: message,
			userMessage: 'Bad Request',
		});
	});

	test('a duplicate orderId -> 400 E01', async () => {
		const body = orderBody();
		expect((await request(emu, 'POST', paths.orders, { body })).status).toBe(200);
		const again = await request(emu, 'POST', paths.orders, { body });
		expect(again.status).toBe(400);
		expect(again.json).toEqual({
			error: true,
			errorCode: 'E01',
			errorMessage: `Order ${body.orderId} already exists`,
			userMessage: 'Bad Request',
		});
	});

	test.each([['{"orderId":'], ['not json'], ['']])(
		'body %j is not JSON -> 400 E05',
		async (text) => {
			const r = await request(emu, 'POST', paths.orders, { body: text });
			expect(r.status).toBe(400);
			expect(r.json).toEqual({
				error: true,
				errorCode: 'E05',
				errorMessage: 'Request body must be valid JSON',
				userMessage: 'Bad Request',
			});
		},
	);

	test('amounts may be numeric strings', async () => {
		const body = { ...orderBody(), amount: '1' };
		body.fulfillments[0].amount = '1.00';
		const r = await request(emu, 'POST', paths.orders, { body });
		expect([r.status, r.json.amount, r.json.fulfillments[0].amount]).toEqual([200, 1, 1]);
	});

	test('in-process createOrder throws a JuspayError and is not logged', () => {
		let thrown;
		try {
			emu.createOrder({ orderId: 'ab' });
		} catch (err) {
			thrown = err;
		}
		expect(thrown).toBeInstanceOf(JuspayError);
		expect([thrown.status, thrown.errorCode]).toEqual([400, 'E01']);
		emu.createOrder(orderBody());
		expect(emu.requestLog).toEqual([]);
	});
});

describe('GET /orders/:orderId', () => {
	let order;
	beforeAll(() => {
		order = emu.createOrder(orderBody({ orderId: 'ord_expand-1', udf2: 'two' }));
	});

	test('without expand: the order alone, no fulfillments, payments or refunds', async () => {
		const r = await request(emu, 'GET', paths.order('ord_expand-1', null));
		expect(r.status).toBe(200);
		expect(r.json).toEqual({
			orderId: 'ord_expand-1',
			status: 'READY_FOR_FULFILLMENT',
			type: 'FULFILL_ONLY',
			amount: 1,
			customerId: 'cth_test_1',
			createdAt: order.createdAt,
			updatedAt: order.updatedAt,
			udf2: 'two',
		});
	});

	test('expand lists what to include', async () => {
		const f = await request(emu, 'GET', paths.order('ord_expand-1', 'fulfillment'));
		expect(Object.keys(f.json)).toEqual([
			...Object.keys(emu.getOrder('ord_expand-1')).filter(
				(k) => !['payments', 'refunds'].includes(k),
			),
		]);
		expect(f.json.fulfillments).toEqual(order.fulfillments);
		const all = await request(emu, 'GET', paths.order('ord_expand-1'));
		expect(all.json).toEqual(order);
		const spaced = await request(
			emu,
			'GET',
			`${paths.order('ord_expand-1', null)}?expand=payment&expand=%20refund`,
		);
		expect([spaced.json.payments, spaced.json.refunds, spaced.json.fulfillments]).toEqual([
			[],
			[],
			undefined,
		]);
	});

	test('an unknown order -> 404 E09', async () => {
		const r = await request(emu, 'GET', paths.order('ord_nope'));
		expect(r.status).toBe(404);
		expect(r.text).toBe(
			'{"error":true,"errorCode":"E09","errorMessage":"Could not find resource: Order ord_nope","userMessage":"Not Found"}',
		);
		expect(emu.getOrder('ord_nope')).toBeNull();
	});
});

describe('balance and outage', () => {
	test('GET /getways/balance (sic): every dummy gateway, balances as strings', async () => {
		const fresh = await startEmulator({ clock: 'manual', pickDelayMs: 10, gatewayDelayMs: 10 });
		try {
			const r = await request(fresh, 'GET', paths.balance);
			expect(r.status).toBe(200);
			const at = r.json.DUMMY_IMPS.lastUpdated;
			expect(at).toMatch(ISO);
			expect(r.json).toEqual({
				DUMMY_IMPS: { lastUpdated: at, balance: '9999999999' },
				DUMMY_UPI: { lastUpdated: at, balance: '9999999999' },
				DUMMY_NEFT: { lastUpdated: at, balance: '9999999999' },
			});
		} finally {
			await fresh.close();
		}
	});

	test('GET /outage: the default sample, replaceable', async () => {
		const r = await request(emu, 'GET', paths.outage);
		expect(r.status).toBe(200);
		expect(r.json).toEqual({
			beneficiarySpecificData: [
				{
					status: 'DOWN',
					bankName: 'State Bank of India',
					ifscIdentifier: 'SBIN',
					bankCode: 'SBIN',
					mode: 'IMPS',
				},
				{
					status: 'FLUCTUATE',
					bankName: 'Paytm Payments Bank',
					vpaHandler: 'paytm',
					bankCode: 'PYTM',
					mode: 'UPI',
				},
			],
			gatewaySpecificData: [{ status: 'FLUCTUATE', mode: 'NEFT', gateway: 'DUMMY_NEFT' }],
		});
		expect(r.json).toEqual(DEFAULT_OUTAGES);
		const none = {
			beneficiarySpecificData: [],
			gatewaySpecificData: [{ status: 'DOWN', mode: 'IMPS', gateway: 'DUMMY_IMPS' }],
		};
		emu.configure({ outages: none });
		expect((await request(emu, 'GET', paths.outage)).json).toEqual(none);
		emu.configure({ outages: null });
		expect((await request(emu, 'GET', paths.outage)).json).toEqual(DEFAULT_OUTAGES);
	});
});

describe('request log', () => {
	test('records every served request, lower-cased headers, parsed body, status', async () => {
		const order = emu.createOrder(orderBody());
		const id = order.fulfillments[0].id;
		const before = Date.now();
		await request(emu, 'POST', `${paths.cancel(id)}?a=1`, {
			headers: { 'X-Routing-Id': 'cth_test_1' },
		});
		await request(emu, 'GET', paths.balance, { auth: false });
		await request(emu, 'POST', paths.orders, { body: 'oops' });
		const [cancel, unauth, garbage] = emu.requestLog;
		expect(cancel).toEqual({
			seq: cancel.seq,
			at: cancel.at,
			method: 'POST',
			path: paths.cancel(id),
			query: { a: '1' },
			headers: {
				host: emu.url.slice('http://'.length),
				connection: 'close',
				'content-length': '0', // node's client sends it for a bodiless POST
				authorization: authHeaders(emu).authorization,
				'x-merchantid': 'test_merchant',
				'x-routing-id': 'cth_test_1',
			},
			body: null,
			status: 200,
			fault: null,
			fulfillmentId: id,
			orderId: null,
			inFlight: 1, // one at a time: only itself
			latencyMs: 0,
			answeredAt: cancel.answeredAt,
		});
		expect(cancel.at).toBeGreaterThanOrEqual(before);
		expect(cancel.answeredAt).toBeGreaterThanOrEqual(cancel.at);
		expect([unauth.seq, garbage.seq]).toEqual([cancel.seq + 1, cancel.seq + 2]);
		expect([unauth.status, unauth.headers.authorization, unauth.fulfillmentId]).toEqual([
			401,
			undefined,
			null,
		]);
		expect([garbage.status, garbage.body]).toEqual([400, 'oops']);
	});

	test('clearLog empties the same array', async () => {
		const log = emu.requestLog;
		await request(emu, 'GET', paths.outage);
		expect(log).toHaveLength(1);
		emu.clearLog();
		expect(emu.requestLog).toBe(log);
		expect(log).toHaveLength(0);
	});
});
