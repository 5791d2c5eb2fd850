'use strict';
/** The order/fulfillment/transaction state machine, on the manual clock (plus one run in real time). */
const { startEmulator } = require('../../tools/emulator');
const { request, orderBody, paths, sleep } = require('./helpers');

const PICK = 100;
const GATEWAY = 50;
const CANCEL = 10;

let emu;
beforeEach(async () => {
	emu = await startEmulator({
		clock: 'manual',
		pickDelayMs: PICK,
		gatewayDelayMs: GATEWAY,
		cancelDelayMs: CANCEL,
	});
});
afterEach(() => emu.close());

const statusOf = (orderId) => {
	const o = emu.getOrder(orderId);
	return {
		order: o.status,
		fulfillments: o.fulfillments.map((f) => f.status),
		transactions: o.fulfillments.map((f) => f.transactions.map((t) => t.status)),
	};
};
const cancel = (id) => request(emu, 'POST', paths.cancel(id));

describe('pick and gateway', () => {
	test('CREATED -> PENDING with t1 INITIATED at pickDelayMs -> SUCCESS at +gatewayDelayMs', () => {
		const o = emu.createOrder(orderBody({ amounts: [10] }));
		const id = o.fulfillments[0].id;
		emu.advance(PICK - 1);
		expect(statusOf(o.orderId)).toEqual({
			order: 'READY_FOR_FULFILLMENT',
			fulfillments: ['CREATED'],
			transactions: [[]],
		});
		emu.advance(1);
		expect(statusOf(o.orderId)).toEqual({
			order: 'FULFILLMENTS_SCHEDULED',
			fulfillments: ['PENDING'],
			transactions: [['INITIATED']],
		});
		const t1 = emu.getOrder(o.orderId).fulfillments[0].transactions[0];
		expect(t1).toEqual({
			transactionRef: `${id}-t1`,
			status: 'INITIATED',
			fulfillmentMethod: 'DUMMY_IMPS',
			amount: 10,
			createdAt: t1.createdAt,
			updatedAt: t1.createdAt,
		});
		emu.advance(GATEWAY);
		expect(statusOf(o.orderId)).toEqual({
			order: 'FULFILLMENTS_SUCCESSFUL',
			fulfillments: ['SUCCESS'],
			transactions: [['SUCCESS']],
		});
	});

	test('timestamps follow the clock (whole seconds, no milliseconds)', () => {
		emu.configure({ pickDelayMs: 60_000, gatewayDelayMs: 120_000 });
		const o = emu.createOrder(orderBody());
		const t0 = Date.parse(o.createdAt);
		emu.advance(60_000);
		const picked = emu.getOrder(o.orderId);
		expect(Date.parse(picked.updatedAt) - t0).toBe(60_000);
		expect(Date.parse(picked.fulfillments[0].statusUpdatedAt) - t0).toBe(60_000);
		expect(Date.parse(picked.fulfillments[0].transactions[0].createdAt) - t0).toBe(60_000);
		emu.advance(120_000);
		const done = emu.getOrder(o.orderId);
		expect(Date.parse(done.fulfillments[0].transactions[0].updatedAt) - t0).toBe(180_000);
		expect(done.createdAt).toBe(o.createdAt);
	});

	test('a future scheduleTime delays the pick until then; a past one does not', () => {
		const now = Date.now(); // the manual clock started at real now, and has not moved much
		const later = emu.createOrder(
			orderBody({ scheduleTime: new Date(now + 60_000).toISOString() }),
		);
		const past = emu.createOrder(orderBody({ scheduleTime: now - 60_000 }));
		emu.advance(PICK);
		expect(statusOf(later.orderId).fulfillments).toEqual(['CREATED']);
		expect(statusOf(past.orderId).fulfillments).toEqual(['PENDING']);
		emu.advance(60_000);
		expect(statusOf(later.orderId).fulfillments).toEqual(['SUCCESS']);
	});

	test.each([
		// method, amount, fulfillment, transactions, order
		['DUMMY_UPI', 5, 'SUCCESS', ['SUCCESS'], 'FULFILLMENTS_SUCCESSFUL'],
		['DUMMY_UPI', 5.01, 'FAILURE', ['FAILURE'], 'FULFILLMENTS_FAILURE'],
		['DUMMY_IMPS', 0.01, 'SUCCESS', ['SUCCESS'], 'FULFILLMENTS_SUCCESSFUL'],
		['DUMMY_IMPS', 10, 'SUCCESS', ['SUCCESS'], 'FULFILLMENTS_SUCCESSFUL'],
		['DUMMY_IMPS', 10.01, 'FAILURE', ['FAILURE'], 'FULFILLMENTS_FAILURE'],
		['DUMMY_NEFT', 20, 'SUCCESS', ['SUCCESS'], 'FULFILLMENTS_SUCCESSFUL'],
		['DUMMY_NEFT', 20.5, 'FAILURE', ['FAILURE'], 'FULFILLMENTS_FAILURE'],
		['DUMMY_IMPS', 21, 'MANUAL_REVIEW', ['MANUAL_REVIEW'], 'FULFILLMENTS_MANUAL_REVIEW'],
		['DUMMY_UPI', 22, 'MANUAL_REVIEW', ['MANUAL_REVIEW'], 'FULFILLMENTS_MANUAL_REVIEW'],
		['DUMMY_IMPS', 23, 'SUCCESS', ['FAILURE', 'SUCCESS'], 'FULFILLMENTS_SUCCESSFUL'],
		['DUMMY_NEFT', 24, 'SUCCESS', ['FAILURE', 'SUCCESS'], 'FULFILLMENTS_SUCCESSFUL'],
		['DUMMY_IMPS', 25, 'FAILURE', ['FAILURE'], 'FULFILLMENTS_FAILURE'],
		['DUMMY_IMPS', 28, 'FAILURE', ['FAILURE'], 'FULFILLMENTS_FAILURE'],
		['DUMMY_IMPS', 98, 'FAILURE', ['REVERSED'], 'FULFILLMENTS_FAILURE'],
		['DUMMY_IMPS', 50, 'FAILURE', ['FAILURE'], 'FULFILLMENTS_FAILURE'],
	])(
		'%s amount %d ends %s with transactions %j',
		(method, amount, fulfillment, transactions, order) => {
			const o = emu.createOrder(orderBody({ amounts: [amount], method }));
			emu.advance(PICK + 10 * GATEWAY);
			expect(statusOf(o.orderId)).toEqual({
				order,
				fulfillments: [fulfillment],
				transactions: [transactions],
			});
			const refs = emu
				.getOrder(o.orderId)
				.fulfillments[0].transactions.map((t) => t.transactionRef);
			expect(refs).toEqual(transactions.map((_, i) => `${o.fulfillments[0].id}-t${i + 1}`));
		},
	);

	test('23: t1 fails at the gateway and t2 starts at once, succeeding one gateway delay later', () => {
		const o = emu.createOrder(orderBody({ amounts: [23] }));
		emu.advance(PICK + GATEWAY);
		expect(statusOf(o.orderId)).toEqual({
			order: 'FULFILLMENTS_SCHEDULED',
			fulfillments: ['PENDING'],
			transactions: [['FAILURE', 'INITIATED']],
		});
		emu.advance(GATEWAY);
		expect(statusOf(o.orderId).transactions).toEqual([['FAILURE', 'SUCCESS']]);
	});

	test('28: stays pending two more gateway delays, then fails', () => {
		const o = emu.createOrder(orderBody({ amounts: [28] }));
		emu.advance(PICK + 2 * GATEWAY);
		expect(statusOf(o.orderId)).toEqual({
			order: 'FULFILLMENTS_SCHEDULED',
			fulfillments: ['PENDING'],
			transactions: [['INITIATED']],
		});
		emu.advance(GATEWAY);
		expect(statusOf(o.orderId)).toEqual({
			order: 'FULFILLMENTS_FAILURE',
			fulfillments: ['FAILURE'],
			transactions: [['FAILURE']],
		});
	});

	test('98: succeeds, then the transaction is reversed and the balance restored', async () => {
		const o = emu.createOrder(orderBody({ amounts: [98] }));
		emu.advance(PICK + GATEWAY);
		expect(statusOf(o.orderId)).toEqual({
			order: 'FULFILLMENTS_SUCCESSFUL',
			fulfillments: ['SUCCESS'],
			transactions: [['SUCCESS']],
		});
		expect((await request(emu, 'GET', paths.balance)).json.DUMMY_IMPS.balance).toBe('9999999901');
		emu.advance(GATEWAY);
		expect(statusOf(o.orderId)).toEqual({
			order: 'FULFILLMENTS_FAILURE',
			fulfillments: ['FAILURE'],
			transactions: [['REVERSED']],
		});
		expect((await request(emu, 'GET', paths.balance)).json.DUMMY_IMPS.balance).toBe('9999999999');
	});

	test('successful payouts reduce that gateway balance, in rupee strings', async () => {
		emu.createOrder(orderBody({ amounts: [10] }));
		emu.createOrder(orderBody({ amounts: [2.5], method: 'DUMMY_UPI' }));
		emu.createOrder(orderBody({ amounts: [50], method: 'DUMMY_NEFT' })); // fails: no debit
		emu.advance(PICK + GATEWAY);
		const b = (await request(emu, 'GET', paths.balance)).json;
		expect([b.DUMMY_IMPS.balance, b.DUMMY_UPI.balance, b.DUMMY_NEFT.balance]).toEqual([
			'9999999989',
			'9999999996.50',
			'9999999999',
		]);
	});
});

describe('cancel', () => {
	test('before the pick: scheduled, then CANCELLED / FULFILLMENTS_CANCELLED, never picked', async () => {
		const o = emu.createOrder(orderBody());
		const r = await cancel(o.fulfillments[0].id);
		expect(r.status).toBe(200);
		expect(statusOf(o.orderId).fulfillments).toEqual(['CREATED']); // scheduled, not done
		emu.advance(CANCEL);
		expect(statusOf(o.orderId)).toEqual({
			order: 'FULFILLMENTS_CANCELLED',
			fulfillments: ['CANCELLED'],
			transactions: [[]],
		});
		emu.advance(10_000);
		expect(statusOf(o.orderId)).toEqual({
			order: 'FULFILLMENTS_CANCELLED',
			fulfillments: ['CANCELLED'],
			transactions: [[]],
		});
		expect((await cancel(o.fulfillments[0].id)).status).toBe(200); // repeat: still 200
	});

	test('after the pick: 200 all the same, and the payout goes on to SUCCESS', async () => {
		const o = emu.createOrder(orderBody());
		emu.advance(PICK);
		expect(statusOf(o.orderId).fulfillments).toEqual(['PENDING']);
		const r = await cancel(o.fulfillments[0].id);
		expect(r.json).toEqual({
			status:
				'Fulfillment is scheduled for cancelation. Please check order status for final status.',
		});
		emu.advance(10_000);
		expect(statusOf(o.orderId)).toEqual({
			order: 'FULFILLMENTS_SUCCESSFUL',
			fulfillments: ['SUCCESS'],
			transactions: [['SUCCESS']],
		});
	});

	test('after a final state: 200, nothing changes', async () => {
		const o = emu.createOrder(orderBody({ amounts: [50] }));
		emu.advance(PICK + GATEWAY);
		expect((await cancel(o.fulfillments[0].id)).status).toBe(200);
		emu.advance(10_000);
		expect(statusOf(o.orderId).fulfillments).toEqual(['FAILURE']);
	});

	test('a pick that comes before the cancel takes effect wins', async () => {
		emu.configure({ cancelDelayMs: 50 });
		const o = emu.createOrder(orderBody());
		emu.advance(PICK - 20);
		await cancel(o.fulfillments[0].id);
		emu.advance(50); // the cancel's moment: picked 30 ms before, so it stays PENDING
		expect(statusOf(o.orderId)).toEqual({
			order: 'FULFILLMENTS_SCHEDULED',
			fulfillments: ['PENDING'],
			transactions: [['INITIATED']],
		});
		emu.advance(10_000);
		expect(statusOf(o.orderId).fulfillments).toEqual(['SUCCESS']);
	});

	test('a future scheduleTime keeps the cancel window open past pickDelayMs', async () => {
		const o = emu.createOrder(
			orderBody({ scheduleTime: new Date(Date.now() + 60_000).toISOString() }),
		);
		emu.advance(PICK * 10);
		await cancel(o.fulfillments[0].id);
		emu.advance(CANCEL);
		expect(statusOf(o.orderId).order).toBe('FULFILLMENTS_CANCELLED');
	});

	test('multi-fulfillment orders: the order status follows all fulfillments', async () => {
		const partly = emu.createOrder(orderBody({ amounts: [1, 2] }));
		const failed = emu.createOrder(orderBody({ amounts: [1, 50] }));
		const waiting = emu.createOrder(orderBody({ amounts: [1, 2] }));
		await cancel(partly.fulfillments[1].id);
		await cancel(failed.fulfillments[0].id);
		await cancel(waiting.fulfillments[0].id);
		emu.advance(CANCEL);
		expect(statusOf(waiting.orderId)).toEqual({
			order: 'READY_FOR_FULFILLMENT',
			fulfillments: ['CANCELLED', 'CREATED'],
			transactions: [[], []],
		});
		emu.advance(PICK + GATEWAY);
		expect(statusOf(partly.orderId)).toEqual({
			order: 'FULFILLED_PARTIALLY',
			fulfillments: ['SUCCESS', 'CANCELLED'],
			transactions: [['SUCCESS'], []],
		});
		expect(statusOf(failed.orderId)).toEqual({
			order: 'FULFILLMENTS_FAILURE',
			fulfillments: ['CANCELLED', 'FAILURE'],
			transactions: [[], ['FAILURE']],
		});
	});

	test('configure(pickDelayMs) applies to orders created afterwards', () => {
		emu.configure({ pickDelayMs: 1000 });
		const o = emu.createOrder(orderBody());
		emu.advance(PICK);
		expect(statusOf(o.orderId).fulfillments).toEqual(['CREATED']);
		emu.advance(1000 - PICK);
		expect(statusOf(o.orderId).fulfillments).toEqual(['PENDING']);
	});

	test('advance() needs the manual clock', async () => {
		const real = await startEmulator();
		try {
			expect(() => real.advance(10)).toThrow("advance() needs startEmulator({ clock: 'manual' })");
		} finally {
			await real.close();
		}
	});
});

describe('real time (the default clock)', () => {
	test('a cancel before the pick wins, an untouched order is paid, all within a few seconds', async () => {
		// The cancel has a second to arrive before the pick: a busy CI core once took longer than 80 ms.
		const real = await startEmulator({ pickDelayMs: 1000, gatewayDelayMs: 30, cancelDelayMs: 10 });
		try {
			const cancelled = await request(real, 'POST', paths.orders, { body: orderBody() });
			const paid = await request(real, 'POST', paths.orders, { body: orderBody() });
			await request(real, 'POST', paths.cancel(cancelled.json.fulfillments[0].id));
			const final = new Set(['FULFILLMENTS_CANCELLED', 'FULFILLMENTS_SUCCESSFUL']);
			const deadline = Date.now() + 5000;
			let a;
			let b;
			do {
				await sleep(20);
				a = (await request(real, 'GET', paths.order(cancelled.json.orderId))).json;
				b = (await request(real, 'GET', paths.order(paid.json.orderId))).json;
			} while (!(final.has(a.status) && final.has(b.status)) && Date.now() < deadline);
			expect([a.status, a.fulfillments[0].status, a.fulfillments[0].transactions]).toEqual([
				'FULFILLMENTS_CANCELLED',
				'CANCELLED',
				[],
			]);
			expect([b.status, b.fulfillments[0].transactions.map((t) => t.status)]).toEqual([
				'FULFILLMENTS_SUCCESSFUL',
				['SUCCESS'],
			]);
		} finally {
			await real.close();
		}
	});
});
