'use strict';
/**
 * The demo's story (scripts/demo.js): six customers' refunds, one fulfillment each, and the emulator orders
 * behind them. `setup`: 'waiting' (created just before the run, still cancellable), 'picked' (created first
 * and picked for a transfer at once), 'typo' (a real order, a fulfillment ID that is not in it), 'unknown' (an
 * order and fulfillment Juspay has never seen). `expect` is what the table should show; a different result is
 * reported, not hidden.
 */
const { waitFor } = require('../../tools/process');
const { orderBody } = require('../../tools/story/fixtures');

/** Short, visible timings: a cancel sent within 4 s of an order's creation wins; the bank answers in 1 s. */
const TIMINGS = Object.freeze({ pickDelayMs: 4000, gatewayDelayMs: 1000, cancelDelayMs: 300 });
const API_KEY = 'demo_key_fake_0d3m0'; // the emulator's own fake key, nothing real
const MERCHANT_ID = 'demo_merchant';

const STORIES = Object.freeze([
	{
		customerId: 'cust_asha',
		email: 'asha@example.com',
		story: 'refund not paid out yet',
		setup: 'waiting',
		amount: 1,
		expect: { branch: 'main', result: 'cancelled' },
	},
	{
		customerId: 'cust_ravi',
		email: 'ravi@example.com',
		story: 'refund not paid out yet',
		setup: 'waiting',
		amount: 2,
		expect: { branch: 'main', result: 'cancelled' },
	},
	{
		customerId: 'cust_meera',
		email: 'meera@example.com',
		story: 'already paid out',
		setup: 'picked',
		amount: 1,
		expect: { branch: 'main', result: 'not_cancelled SUCCESS' },
	},
	{
		customerId: 'cust_kiran',
		email: 'kiran@example.com',
		story: 'held in manual review at the bank',
		setup: 'picked',
		amount: 21, // the dummy gateways keep 21-22 in MANUAL_REVIEW: never final
		expect: { branch: 'main', result: 'undetermined' },
	},
	{
		customerId: 'cust_dev',
		email: 'dev@example.com',
		story: 'fulfillment ID with a typo',
		setup: 'typo',
		amount: 1,
		expect: { branch: 'error', result: 'not_in_order' },
	},
	{
		customerId: 'cust_lena',
		email: 'lena@example.com',
		story: 'ID from another environment',
		setup: 'unknown',
		amount: 1,
		expect: { branch: 'error', result: 'E09' },
	},
]);

/** The story's orders in an emulator, in two acts: the payouts under way first, then the waiting ones. */
function createDemoStory(emulator, log) {
	const stories = STORIES.map((s) => ({ ...s }));
	const withSetup = (setup) => stories.filter((s) => s.setup === setup);
	let orderSeq = 1000;
	const newOrder = (s) => {
		s.orderId = `refund_${++orderSeq}`;
		const order = emulator.createOrder(
			orderBody(s.orderId, { amount: s.amount, customerId: s.customerId }),
		);
		s.fulfillmentId = order.fulfillments[0].id;
	};
	return {
		stories,
		/** The payouts already under way: picked for a transfer at once, long before anyone cancels. */
		async payoutsUnderWay() {
			emulator.configure({ pickDelayMs: 0 });
			try {
				withSetup('picked').forEach(newOrder);
				const picked = (s) => emulator.getOrder(s.orderId).fulfillments[0].status !== 'CREATED';
				await waitFor(
					() => withSetup('picked').every(picked),
					5000,
					'the early payouts to be picked',
					20,
				);
			} finally {
				emulator.configure({ pickDelayMs: TIMINGS.pickDelayMs });
			}
			for (const s of withSetup('picked'))
				log(`order ${s.orderId} (${s.customerId}, ₹${s.amount}): ${s.story}, payout under way`);
		},
		/** The payouts still waiting (created now, so the workflow's cancel comes before their pick), the bad IDs. */
		afterN8n() {
			for (const s of withSetup('waiting')) {
				newOrder(s);
				log(`order ${s.orderId} (${s.customerId}, ₹${s.amount}): ${s.story}`);
			}
			const target = withSetup('waiting')[0];
			for (const s of withSetup('typo')) {
				s.orderId = target.orderId;
				s.fulfillmentId = target.fulfillmentId.replace(/^(.{5})./, (_, a) => `${a}0`);
				if (s.fulfillmentId === target.fulfillmentId)
					s.fulfillmentId = target.fulfillmentId.replace(/^(.{5})./, (_, a) => `${a}1`);
			}
			for (const s of withSetup('unknown')) {
				s.orderId = 'refund_from_production_77';
				s.fulfillmentId = '0a1b2c3d4e5f60718293a4b5c6d7e8f9-f1';
			}
			return stories.map(({ fulfillmentId, orderId, customerId, email }) => ({
				fulfillmentId,
				orderId,
				customerId,
				email,
			}));
		},
	};
}

module.exports = { TIMINGS, API_KEY, MERCHANT_ID, STORIES, createDemoStory };
