'use strict';
/**
 * What `npm run dev`, the screenshots and the browser test share: the editor's owner and credential, and
 * the emulator timings and orders behind the editor's copy of the "cancel, then notify" example.
 */
const { waitFor } = require('../process');
const { orderBody } = require('./fixtures');
const { EXAMPLE_CREDENTIAL } = require('./examples');

/** A local, fake account for an editor on loopback; it protects nothing. */
const EDITOR_OWNER = Object.freeze({
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Demo-local-Passw0rd',
});
/** The emulator's own fake key and merchant for the editor's credential. */
const EDITOR_API_KEY = 'dev_key_fake_1d2e3v';
const EDITOR_MERCHANT_ID = 'dev_merchant';

/** The credential the examples refer to (fixed id), pointing at the emulator at `emulatorUrl`. */
function editorCredential(emulatorUrl) {
	return {
		...EXAMPLE_CREDENTIAL,
		type: 'juspayPayoutApi',
		data: {
			apiKey: EDITOR_API_KEY,
			merchantId: EDITOR_MERCHANT_ID,
			environment: 'custom',
			baseUrl: emulatorUrl,
		},
	};
}

/** Slow enough that the listed payouts stay cancellable while someone clicks around the editor. */
const EDITOR_TIMINGS = Object.freeze({
	pickDelayMs: 30 * 60 * 1000,
	gatewayDelayMs: 1000,
	cancelDelayMs: 300,
});

/**
 * Orders for the example's list: two payouts still cancellable (-> cancelled), one already paid out
 * (-> went ahead), one stuck in manual review (-> still pending when Max Wait runs out) and one unknown
 * fulfillment (-> error output, "could not cancel"). `expected` names the branch each should reach.
 * `create` makes one more order with the same naming, for callers that need others.
 * With `waitForBank`, returns only once the emulator's bank has answered the two picked payouts.
 */
async function createEditorStory(
	emulator,
	{ pickDelayMs = EDITOR_TIMINGS.pickDelayMs, waitForBank = false } = {},
) {
	let seq = 0;
	const stamp = new Date().toISOString().slice(11, 19).replace(/:/g, '');
	const create = (customerId, amount = 1) => {
		const orderId = `refund_${stamp}_${++seq}`;
		const order = emulator.createOrder(orderBody(orderId, { amount, customerId }));
		return { fulfillmentId: order.fulfillments[0].id, orderId, customerId };
	};
	emulator.configure({ pickDelayMs: 0 }); // picked for a transfer at once, before anyone can cancel
	let paid;
	let inReview;
	try {
		paid = create('cust_meera', 1);
		inReview = create('cust_kiran', 21); // the dummy gateways keep 21-22 in MANUAL_REVIEW
	} finally {
		emulator.configure({ pickDelayMs });
	}
	if (waitForBank) {
		const statusOf = (o) => emulator.getOrder(o.orderId).fulfillments[0].status;
		await waitFor(
			() => statusOf(paid) === 'SUCCESS' && statusOf(inReview) === 'MANUAL_REVIEW',
			15000,
			'the emulator orders to reach SUCCESS / MANUAL_REVIEW',
			50,
		);
	}
	const list = [
		{ ...create('cust_asha'), email: 'asha@example.com', expected: 'cancelled' },
		{ ...create('cust_ravi', 2), email: 'ravi@example.com', expected: 'cancelled' },
		{ ...paid, email: 'meera@example.com', expected: 'not_cancelled' },
		{ ...inReview, email: 'kiran@example.com', expected: 'undetermined' },
		{
			fulfillmentId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9-f1',
			orderId: 'refund_from_production_77',
			customerId: 'cust_lena',
			email: 'lena@example.com',
			expected: 'error',
		},
	];
	return { list, create };
}

module.exports = {
	EDITOR_OWNER,
	EDITOR_API_KEY,
	EDITOR_MERCHANT_ID,
	EDITOR_TIMINGS,
	editorCredential,
	createEditorStory,
};
