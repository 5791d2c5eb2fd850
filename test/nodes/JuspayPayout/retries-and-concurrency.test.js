'use strict';
/**
 * Batches: requests side by side under the Concurrency bound, results in input order, and retries that
 * resend only what is worth resending (never a request that got a 2xx).
 */
const { createHarness } = require('../../harness');
const { startEmulator } = require('../../emulator');
const { REPO_DIR, API_KEY, MERCHANT_ID, credentialFor, orderBody } = require('../../helpers/fixtures');

let harness;
let emulator;
let orderSeq = 0;

beforeAll(async () => {
	harness = await createHarness({ packageDir: REPO_DIR });
	emulator = await startEmulator({ apiKey: API_KEY, merchantId: MERCHANT_ID, pickDelayMs: 600000 });
});

afterAll(async () => {
	await emulator?.close();
	await harness?.close();
});

beforeEach(() => {
	emulator.clearLog();
	emulator.configure({ faults: null, latencyMs: 0, rateLimit: null });
});

const newFulfillmentIds = (n) =>
	Array.from({ length: n }, () => emulator.createOrder(orderBody(`retry_${++orderSeq}`)).fulfillments[0].id);

function runCancel(ids, options = {}, onError = 'continueErrorOutput') {
	return harness.runNode({
		nodeType: 'juspayPayout',
		parameters: { resource: 'fulfillment', operation: 'cancel', fulfillmentId: '={{ $json.id }}', options },
		items: ids.map((id) => ({ json: { id } })),
		onError,
		credentials: { juspayPayoutApi: credentialFor(emulator.url) },
	});
}

const requestsFor = (id) => emulator.requestLog.filter((r) => r.fulfillmentId === id);

describe('retries', () => {
	test('a 503 twice, then success: one output item that says it took 3 tries', async () => {
		const [id] = newFulfillmentIds(1);
		emulator.configure({ faults: { byId: { [id]: { fault: 'http503', times: 2 } } } });

		const result = await runCancel([id]);

		expect(result.error).toEqual([]);
		expect(result.main).toHaveLength(1);
		expect(result.main[0].json).toMatchObject({ fulfillmentId: id, cancellationScheduled: true, tries: 3 });
		expect(requestsFor(id).map((r) => r.status)).toEqual([503, 503, 200]);
	});

	test('a 429 is retried no sooner than its Retry-After', async () => {
		const [id] = newFulfillmentIds(1);
		emulator.configure({ faults: { byId: { [id]: { fault: 'http429', times: 1 } } } });

		const result = await runCancel([id]);

		expect(result.main[0].json.tries).toBe(2);
		const [first, second] = requestsFor(id);
		expect(first.status).toBe(429);
		expect(second.at - first.at).toBeGreaterThanOrEqual(1000); // the emulator says Retry-After: 1
	});

	test('timeouts and resets are retried', async () => {
		const [slow, dropped] = newFulfillmentIds(2);
		emulator.configure({
			timeoutHangMs: 3000,
			faults: { byId: { [slow]: { fault: 'timeout', times: 1 }, [dropped]: { fault: 'reset', times: 2 } } },
		});

		const result = await runCancel([slow, dropped], { timeout: 1 });

		expect(result.main.map((i) => [i.json.fulfillmentId, i.json.tries])).toEqual([[slow, 2], [dropped, 3]]);
	});

	test('gives up after Max Tries and says how many were sent', async () => {
		const [id] = newFulfillmentIds(1);
		emulator.configure({ faults: { byId: { [id]: { fault: 'http503', times: 10 } } } });

		const result = await runCancel([id], { maxTries: 3 });

		expect(result.main).toEqual([]);
		expect(result.error[0].json.error).toMatchObject({ httpCode: 503, errorCode: 'E06', tries: 3 });
		expect(result.error[0].json.error.description).toContain('sent 3 times and failed every time');
		expect(requestsFor(id)).toHaveLength(3);
	});

	test('other 4xx answers are never retried', async () => {
		const result = await runCancel(['unknown-f9']);
		expect(result.error[0].json.error).toMatchObject({ httpCode: 404, tries: 1 });
		expect(requestsFor('unknown-f9')).toHaveLength(1);
	});

	test('a 2xx is never sent again, even when its body is unreadable', async () => {
		const [id] = newFulfillmentIds(1);
		emulator.configure({ faults: { byId: { [id]: { fault: 'garbled', times: 1 } } } });

		const result = await runCancel([id]);

		expect(result.error[0].json.error).toMatchObject({ reason: 'invalid_response', httpCode: 200, tries: 1 });
		expect(requestsFor(id)).toHaveLength(1);
	});

	test('a refused item sends nothing and counts no try', async () => {
		const result = await runCancel(['a/b']);
		expect(result.error[0].json.error).toMatchObject({ reason: 'invalid_input', tries: 0 });
		expect(emulator.requestLog).toHaveLength(0);
	});
});

describe('under a rate limit', () => {
	test('a batch far faster than the limit loses nothing: 429s with Retry-After do not use up Max Tries', async () => {
		// 20/s: far below what the node sends even on a busy machine (at 50/s a loaded CI box sent too
		// slowly to be deferred more than once).
		const ids = newFulfillmentIds(100);
		emulator.configure({ rateLimit: { perSecond: 20 } });

		const result = await runCancel(ids, { maxTries: 2 });

		expect(result.error.map((i) => i.json.message)).toEqual([]);
		expect(result.main.map((i) => i.json.fulfillmentId)).toEqual(ids);
		const statuses = emulator.requestLog.map((r) => r.status);
		expect(statuses.filter((s) => s === 200)).toHaveLength(100);
		// Some items were deferred more often than Max Tries would allow for failures, and still got through.
		expect(Math.max(...result.main.map((i) => i.json.tries))).toBeGreaterThan(2);
		expect(statuses.filter((s) => s === 429)).toHaveLength(
			result.main.reduce((sum, i) => sum + i.json.tries - 1, 0),
		);
	});

	test('Max Tries 1 means no retry at all, 429 included', async () => {
		const [id] = newFulfillmentIds(1);
		emulator.configure({ faults: { byId: { [id]: { fault: 'http429', times: 1 } } } });
		const result = await runCancel([id], { maxTries: 1 });
		expect(result.error[0].json.error).toMatchObject({ reason: 'rate_limited', tries: 1 });
	});
});

describe('concurrency', () => {
	/** The most requests that arrived within `windowMs` of each other: with a fixed latency longer than
	 * the window, that is how many were in flight at once. */
	function peakInFlight(log, windowMs) {
		const times = log.map((r) => r.at).sort((a, b) => a - b);
		let peak = 0;
		for (let i = 0, j = 0; i < times.length; i++) {
			while (times[i] - times[j] >= windowMs) j++;
			peak = Math.max(peak, i - j + 1);
		}
		return peak;
	}

	test.each([1, 4, 10])('at most %i requests in flight, and that many used', async (concurrency) => {
		const ids = newFulfillmentIds(24);
		emulator.configure({ latencyMs: 80 });

		const result = await runCancel(ids, { concurrency });

		expect(result.main.map((i) => i.json.fulfillmentId)).toEqual(ids);
		expect(peakInFlight(emulator.requestLog, 70)).toBe(concurrency);
	});

	test('results stay in input order when early items are slow', async () => {
		const ids = newFulfillmentIds(6);
		emulator.configure({ faults: { byId: { [ids[0]]: { fault: 'http503', times: 1 } } } });

		const result = await runCancel(ids, { concurrency: 6 });

		expect(result.main.map((i) => i.json.fulfillmentId)).toEqual(ids);
		expect(result.main.map((i) => i.pairedItem.item)).toEqual([0, 1, 2, 3, 4, 5]);
		// The slow first item answered last, yet comes out first.
		expect(emulator.requestLog.at(-1).fulfillmentId).toBe(ids[0]);
	});

	test('with the default On Error, the run stops at the earliest failed item and starts no new ones', async () => {
		const ids = newFulfillmentIds(30);
		ids[2] = 'missing-f1';

		const result = await runCancel(ids, { concurrency: 1 }, 'stopWorkflow');

		expect(result.status).toBe('error');
		expect(result.stopError.message).toContain('"missing-f1"');
		expect(result.stopError.context.itemIndex).toBe(2);
		// concurrency 1: items 0, 1 and the failing 2 were sent; nothing after it.
		expect(emulator.requestLog.map((r) => r.fulfillmentId)).toEqual(ids.slice(0, 3));
	});
});
