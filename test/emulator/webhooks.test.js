'use strict';
/**
 * The emulator's Juspay webhooks: which events each state change sends, with what auth and body; to the
 * start-time destination and to an order's webhookDetails; retries with back-off; duplicate delivery;
 * replays; the CLI flags. A loopback receiver records what arrives.
 */
const http = require('node:http');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startEmulator } = require('../../tools/emulator');
const { request, orderBody, paths, sleep } = require('./helpers');

/** A receiver on 127.0.0.1 that answers with `statuses` in turn (then 200) and records every request. */
async function startReceiver({ statuses = [] } = {}) {
	const received = [];
	const answers = [...statuses];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			received.push({
				at: Date.now(),
				path: req.url,
				headers: req.headers,
				body: JSON.parse(text),
			});
			res.writeHead(answers.length ? answers.shift() : 200).end();
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}/hook`,
		received,
		events: () => received.map((r) => `${r.body.label}.${r.body.value}`),
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

async function until(check, ms = 3000) {
	const deadline = Date.now() + ms;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('timed out waiting');
		await sleep(5);
	}
}

const basic = (u, p) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
let emu;
let receiver;
afterEach(async () => {
	await emu?.close();
	await receiver?.close();
	emu = receiver = undefined;
});

test('a fulfillment cancelled before pick-up: INITIATED, then CANCELLED and the order FULFILLMENTS_CANCELLED', async () => {
	receiver = await startReceiver();
	emu = await startEmulator({
		clock: 'manual',
		pickDelayMs: 1000,
		cancelDelayMs: 10,
		webhook: {
			url: receiver.url,
			username: 'juspay_hooks',
			password: 'fake-pass',
			header: 'X-Juspay-Token: fake-token',
		},
	});
	const order = emu.createOrder(orderBody());
	const fulfillmentId = order.fulfillments[0].id;
	expect((await request(emu, 'POST', paths.cancel(fulfillmentId))).status).toBe(200);
	emu.advance(10);
	await until(() => receiver.received.length === 3);
	expect(new Set(receiver.events())).toEqual(
		new Set([
			'FULFILLMENT_ORDER.INITIATED',
			'FULFILLMENT_ORDER.CANCELLED',
			'ORDER.FULFILLMENTS_CANCELLED',
		]),
	);
	for (const r of receiver.received) {
		expect(r.headers.authorization).toBe(basic('juspay_hooks', 'fake-pass'));
		expect(r.headers['x-juspay-token']).toBe('fake-token');
		expect(r.headers['content-type']).toBe('application/json');
		expect(r.body).toMatchObject({ id: expect.stringMatching(/^evt_/), category: 'PAYOUT' });
		expect(Date.parse(r.body.date_created)).not.toBeNaN();
	}
	const cancelled = receiver.received.find((r) => r.body.value === 'CANCELLED').body;
	expect(cancelled.info).toMatchObject({
		id: fulfillmentId,
		orderId: order.orderId,
		status: 'CANCELLED',
	});
	const orderEvent = receiver.received.find((r) => r.body.label === 'ORDER').body;
	expect(orderEvent.info).toMatchObject({
		orderId: order.orderId,
		status: 'FULFILLMENTS_CANCELLED',
	});
	expect(new Set(receiver.received.map((r) => r.body.id)).size).toBe(3); // one id per event
	// Nothing more: the pick that would have come is off.
	emu.advance(5000);
	await sleep(30);
	expect(receiver.received).toHaveLength(3);
});

test('a payout that went ahead: every documented step, transaction included, and nothing for PENDING', async () => {
	receiver = await startReceiver();
	emu = await startEmulator({
		clock: 'manual',
		pickDelayMs: 100,
		gatewayDelayMs: 100,
		webhook: { url: receiver.url, username: 'u', password: 'p' },
	});
	const order = emu.createOrder(orderBody({ amounts: [5] }));
	emu.advance(100); // pick
	emu.advance(100); // gateway: success
	await until(() => receiver.received.length === 6);
	expect(new Set(receiver.events())).toEqual(
		new Set([
			'FULFILLMENT_ORDER.INITIATED',
			'FULFILLMENT_TXN.INITIATED',
			'ORDER.FULFILLMENTS_SCHEDULED',
			'FULFILLMENT_TXN.SUCCESS',
			'FULFILLMENT_ORDER.SUCCESS',
			'ORDER.FULFILLMENTS_SUCCESSFUL',
		]),
	);
	const txn = receiver.received.find(
		(r) => r.body.label === 'FULFILLMENT_TXN' && r.body.value === 'SUCCESS',
	).body;
	expect(txn.info).toMatchObject({
		transactionRef: `${order.fulfillments[0].id}-t1`,
		fulfillmentId: order.fulfillments[0].id,
		orderId: order.orderId,
		status: 'SUCCESS',
	});
	await sleep(30);
	expect(receiver.received).toHaveLength(6);
});

test("an order's own webhookDetails: its events go there, with its credentials; a bad url is 400 E01", async () => {
	receiver = await startReceiver();
	emu = await startEmulator({ clock: 'manual', cancelDelayMs: 1 });
	const details = {
		url: receiver.url,
		username: 'order_user',
		password: 'order-pass',
		customHeader: '{"x-hook":"h1"}',
	};
	const order = emu.createOrder(orderBody({ additionalInfo: { webhookDetails: details } }));
	emu.createOrder(orderBody()); // no webhookDetails, no start-time destination: sends nothing
	await until(() => receiver.received.length === 1);
	expect(receiver.received[0].headers.authorization).toBe(basic('order_user', 'order-pass'));
	expect(receiver.received[0].headers['x-hook']).toBe('h1');
	expect(receiver.received[0].body.info.orderId).toBe(order.orderId);
	const bad = await request(emu, 'POST', paths.orders, {
		body: orderBody({ additionalInfo: { webhookDetails: { url: 'not a url' } } }),
	});
	expect(bad.status).toBe(400);
	expect(bad.json.errorCode).toBe('E01');
	expect(bad.json.errorMessage).toMatch(/webhookDetails/);
});

test('non-2xx answers and refused connections are retried with back-off, then given up', async () => {
	receiver = await startReceiver({ statuses: [500, 503] });
	emu = await startEmulator({
		clock: 'manual',
		webhook: { url: receiver.url },
		webhookRetryDelaysMs: [40, 80],
	});
	emu.createOrder(orderBody());
	await until(() => emu.webhookLog.some((e) => e.ok));
	expect(emu.webhookLog.map((e) => [e.attempt, e.status, e.ok])).toEqual([
		[1, 500, false],
		[2, 503, false],
		[3, 200, true],
	]);
	const [t1, t2, t3] = receiver.received.map((r) => r.at);
	expect(t2 - t1).toBeGreaterThanOrEqual(35);
	expect(t3 - t2).toBeGreaterThanOrEqual(75);
	expect(new Set(receiver.received.map((r) => r.body.id)).size).toBe(1); // the same event each time

	// Nobody listening: three tries (two retries), then it gives up.
	await receiver.close();
	emu.createOrder(orderBody());
	await until(() => emu.webhookLog.filter((e) => e.status === null).length === 3);
	await sleep(150);
	expect(emu.webhookLog.filter((e) => e.status === null)).toHaveLength(3);
	expect(emu.webhookLog.at(-1).error).toBe('ECONNREFUSED');
	receiver = undefined;
});

test('webhookCopies 2 delivers each event twice with the same id; redeliver() replays one', async () => {
	receiver = await startReceiver();
	emu = await startEmulator({ clock: 'manual', webhook: { url: receiver.url }, webhookCopies: 2 });
	emu.createOrder(orderBody());
	await until(() => receiver.received.length === 2);
	expect(receiver.received[0].body).toEqual(receiver.received[1].body);
	const [event] = emu.webhookEvents();
	emu.configure({ webhookCopies: 1 });
	await emu.redeliver(event.id);
	expect(receiver.received).toHaveLength(3);
	expect(receiver.received[2].body).toEqual(event);
	expect(emu.webhookLog.map((e) => e.copy)).toEqual([1, 2, 'redelivery']);
	expect(() => emu.redeliver('evt_unknown')).toThrow(/no event/);
});

test('the log never holds a webhook password; bad settings are refused', async () => {
	receiver = await startReceiver();
	emu = await startEmulator({
		clock: 'manual',
		webhook: { url: receiver.url, username: 'u', password: 'fake-secret-77' },
	});
	emu.createOrder(orderBody());
	await until(() => emu.webhookLog.length === 1);
	expect(JSON.stringify(emu.webhookLog)).not.toContain('fake-secret-77');
	expect(() => emu.configure({ webhook: { url: 'ftp://x' } })).toThrow(/http/);
	expect(() => emu.configure({ webhook: { url: receiver.url, header: 'no colon' } })).toThrow(
		/Name: value/,
	);
	expect(() => emu.configure({ webhookCopies: 0 })).toThrow(/webhookCopies/);
	expect(() => emu.configure({ webhookRetryDelaysMs: [-1] })).toThrow(/>= 0/);
});

test('CLI: --webhook-* flags send events there; the banner says so without the password', async () => {
	receiver = await startReceiver();
	const cli = spawn(
		process.execPath,
		[
			path.join(__dirname, '..', '..', 'tools', 'emulator', 'cli.js'),
			'--port=0',
			'--pick-delay-ms=60000',
			`--webhook-url=${receiver.url}`,
			'--webhook-username=juspay_hooks',
			'--webhook-password=fake-cli-pass',
			'--webhook-header=X-Juspay-Token: t0k',
			'--webhook-copies=2',
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let out = '';
	cli.stdout.on('data', (d) => (out += d));
	try {
		await until(() => /stop with Ctrl\+C/.test(out), 10_000);
		expect(out).toContain(
			`  webhooks to ${receiver.url} as juspay_hooks (password set) + custom header, each event 2 times\n`,
		);
		expect(out).not.toContain('fake-cli-pass');
		const url = /listening on (\S+)/.exec(out)[1];
		const res = await request(
			{ url, apiKey: 'test_key_fake_123', merchantId: 'test_merchant' },
			'POST',
			paths.orders,
			{ body: orderBody() },
		);
		expect(res.status).toBe(200);
		await until(() => receiver.received.length === 2);
		expect(receiver.received[0].headers.authorization).toBe(basic('juspay_hooks', 'fake-cli-pass'));
		expect(receiver.received[0].headers['x-juspay-token']).toBe('t0k');
	} finally {
		cli.kill('SIGTERM');
		await new Promise((resolve) => cli.once('exit', resolve));
	}
});
