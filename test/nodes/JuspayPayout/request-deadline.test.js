'use strict';
/**
 * A request with a deadline (Wait for Outcome's status reads): when its retry cannot get a request slot
 * before the deadline, it fails as its last try did, the same as when the retry's pause would not fit.
 * Before, it came back "expired", and a wait whose reads had all timed out ended with no lastCheckError
 * (seen once in CI, when a retry's pause ended a few milliseconds before the deadline).
 */
const path = require('node:path');

const { REPO_DIR } = require('../../../tools/story/fixtures');

const { juspayApiRequest } = require(path.join(REPO_DIR, 'dist/nodes/JuspayPayout/transport/index.js'));
const { RequestSlots } = require(path.join(REPO_DIR, 'dist/nodes/JuspayPayout/transport/requestSlots.js'));
const { FixedConcurrencyLimit } = require(path.join(REPO_DIR, 'dist/nodes/JuspayPayout/transport/concurrencyLimit.js'));

/** A context whose HTTP helper answers every request with Juspay's 503 and counts what it was sent. */
function answering503(sent) {
	return {
		helpers: {
			httpRequestWithAuthentication: async (_type, options) => {
				sent.push(options.url);
				return {
					statusCode: 503,
					headers: {},
					body: JSON.stringify({ error: true, errorCode: 'E06', errorMessage: 'Service unavailable' }),
				};
			},
		},
	};
}

function sessionWith(slots) {
	return {
		baseUrl: 'http://127.0.0.1:9',
		environment: 'custom',
		timeoutMs: 1000,
		maxTries: 5,
		rateLimitWaitMs: 0,
		slots,
		haltOnFailure: false,
		secrets: [],
		cancelSignal: undefined,
		credentials: { id: '', name: 'juspayPayoutApi', type: 'juspayPayoutApi', data: {} },
	};
}

const read = (notAfter) => ({
	method: 'GET',
	path: '/payout/merchant/v1/orders/ord_1',
	isExpectedAnswer: () => true,
	notAfter,
	endsItem: false,
});

test('a retry still waiting for a slot at the deadline reports the last try: a 503, tried once', async () => {
	const slots = new RequestSlots(new FixedConcurrencyLimit(1));
	const sent = [];
	let releaseBlocker;
	const context = answering503(sent);
	const answer503 = context.helpers.httpRequestWithAuthentication;
	// While the first try is in flight, another request queues for the one slot and holds it past the
	// deadline: the retry (first back-off pause 0.5–1 s, which fits in 1.1 s) finds no free slot in time.
	context.helpers.httpRequestWithAuthentication = async (...args) => {
		if (sent.length === 0) {
			void slots.run(() => new Promise((resolve) => (releaseBlocker = resolve)));
		}
		return answer503(...args);
	};
	const started = Date.now();
	const result = await juspayApiRequest.call(context, sessionWith(slots), read(started + 1100));
	releaseBlocker();
	expect(sent).toHaveLength(1);
	expect(result.ok).toBe(false);
	expect(result.failure).toMatchObject({ reason: 'juspay_error', httpCode: 503, tries: 1 });
	expect(Date.now() - started).toBeGreaterThanOrEqual(1100 - 5);
});

test('a request that never got a slot before the deadline reports "expired", tried 0 times', async () => {
	const slots = new RequestSlots(new FixedConcurrencyLimit(1));
	let releaseBlocker;
	void slots.run(() => new Promise((resolve) => (releaseBlocker = resolve)));
	const sent = [];
	const result = await juspayApiRequest.call(answering503(sent), sessionWith(slots), read(Date.now() + 200));
	releaseBlocker();
	expect(sent).toEqual([]);
	expect(result).toMatchObject({ ok: false, failure: { reason: 'expired', tries: 0 } });
});
