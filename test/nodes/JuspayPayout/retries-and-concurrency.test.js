'use strict';
/**
 * Batches: requests side by side under the Concurrency bound, results in input order, and retries that
 * resend only what is worth resending (never a request that got a 2xx).
 */
const { useEngine } = require('../../helpers/engine');
const { orderBody } = require('../../../tools/story/fixtures');

const engine = useEngine({ pickDelayMs: 600000 });
let orderSeq = 0;

beforeEach(() => engine.emulator.configure({ latencyMs: 0 }));

const newFulfillmentIds = (n) =>
	Array.from(
		{ length: n },
		() => engine.emulator.createOrder(orderBody(`retry_${++orderSeq}`)).fulfillments[0].id,
	);

const runCancel = (ids, options = {}, onError = 'continueErrorOutput') =>
	engine.cancel(
		ids.map((id) => ({ id })),
		{ options, onError },
	);

const requestsFor = (id) => engine.emulator.requestLog.filter((r) => r.fulfillmentId === id);

describe('retries', () => {
	test('a 503 twice, then success: one output item that says it took 3 tries', async () => {
		const [id] = newFulfillmentIds(1);
		engine.emulator.configure({ faults: { byId: { [id]: { fault: 'http503', times: 2 } } } });

		const result = await runCancel([id]);

		expect(result.error).toEqual([]);
		expect(result.main).toHaveLength(1);
		expect(result.main[0].json).toMatchObject({
			fulfillmentId: id,
			cancellationScheduled: true,
			tries: 3,
		});
		expect(requestsFor(id).map((r) => r.status)).toEqual([503, 503, 200]);
	});

	test('a 429 is retried no sooner than its Retry-After', async () => {
		const [id] = newFulfillmentIds(1);
		engine.emulator.configure({ faults: { byId: { [id]: { fault: 'http429', times: 1 } } } });

		const result = await runCancel([id]);

		expect(result.main[0].json.tries).toBe(2);
		const [first, second] = requestsFor(id);
		expect(first.status).toBe(429);
		expect(second.at - first.at).toBeGreaterThanOrEqual(1000); // the emulator says Retry-After: 1
	});

	test('timeouts and resets are retried', async () => {
		const [slow, dropped] = newFulfillmentIds(2);
		engine.emulator.configure({
			timeoutHangMs: 3000,
			faults: {
				byId: { [slow]: { fault: 'timeout', times: 1 }, [dropped]: { fault: 'reset', times: 2 } },
			},
		});

		const result = await runCancel([slow, dropped], { timeout: 1 });

		expect(result.main.map((i) => [i.json.fulfillmentId, i.json.tries])).toEqual([
			[slow, 2],
			[dropped, 3],
		]);
	});

	test('gives up after Max Tries and says how many were sent', async () => {
		const [id] = newFulfillmentIds(1);
		engine.emulator.configure({ faults: { byId: { [id]: { fault: 'http503', times: 10 } } } });

		const result = await runCancel([id], { maxTries: 3 });

		expect(result.main).toEqual([]);
		expect(result.error[0].json.error).toMatchObject({ httpCode: 503, errorCode: 'E06', tries: 3 });
		expect(result.error[0].json.error.description).toContain(
			'The request was sent 3 times: HTTP 503 E06, HTTP 503 E06, HTTP 503 E06.',
		);
		expect(result.error[0].json.error.attempts).toEqual([
			'HTTP 503 E06',
			'HTTP 503 E06',
			'HTTP 503 E06',
		]);
		expect(requestsFor(id)).toHaveLength(3);
	});

	test('other 4xx answers are never retried', async () => {
		const result = await runCancel(['unknown-f9']);
		expect(result.error[0].json.error).toMatchObject({ httpCode: 404, tries: 1 });
		expect(requestsFor('unknown-f9')).toHaveLength(1);
	});

	test('a 2xx is never sent again, even when its body is unreadable', async () => {
		const [id] = newFulfillmentIds(1);
		engine.emulator.configure({ faults: { byId: { [id]: { fault: 'garbled', times: 1 } } } });

		const result = await runCancel([id]);

		expect(result.error[0].json.error).toMatchObject({
			reason: 'invalid_response',
			httpCode: 200,
			tries: 1,
		});
		expect(requestsFor(id)).toHaveLength(1);
	});

	test('a refused item sends nothing and counts no try', async () => {
		const result = await runCancel(['a/b']);
		expect(result.error[0].json.error).toMatchObject({ reason: 'invalid_input', tries: 0 });
		expect(engine.emulator.requestLog).toHaveLength(0);
	});
});

describe('under a rate limit', () => {
	test('a batch far faster than the limit loses nothing: 429s with Retry-After do not use up Max Tries', async () => {
		const ids = newFulfillmentIds(200);
		// far below what the node sends even on a loaded machine, so that 429s are sure to come
		engine.emulator.configure({ rateLimit: { perSecond: 25 } });

		const result = await runCancel(ids, { maxTries: 2 });

		expect(result.error.map((i) => i.json.message)).toEqual([]);
		expect(result.main.map((i) => i.json.fulfillmentId)).toEqual(ids);
		const statuses = engine.emulator.requestLog.map((r) => r.status);
		expect(statuses.filter((s) => s === 200)).toHaveLength(200);
		// Some items were deferred more often than Max Tries would allow for failures, and still got through.
		expect(Math.max(...result.main.map((i) => i.json.tries))).toBeGreaterThan(2);
		expect(statuses.filter((s) => s === 429)).toHaveLength(
			result.main.reduce((sum, i) => sum + i.json.tries - 1, 0),
		);
	});

	test('Max Tries 1 turns off retries of failures, but a 429 with Retry-After is still waited out', async () => {
		const [waited, failing] = newFulfillmentIds(2);
		engine.emulator.configure({
			faults: {
				byId: {
					[waited]: { fault: 'http429', times: 1 },
					[failing]: { fault: 'http503', times: 1 },
				},
			},
		});
		const result = await runCancel([waited, failing], { maxTries: 1 });
		expect(result.main.map((i) => [i.json.fulfillmentId, i.json.tries])).toEqual([[waited, 2]]);
		expect(
			result.error.map((i) => [
				i.json.error.fulfillmentId,
				i.json.error.reason,
				i.json.error.tries,
			]),
		).toEqual([[failing, 'juspay_error', 1]]);
		expect(requestsFor(waited).map((r) => r.status)).toEqual([429, 200]);
		expect(requestsFor(failing).map((r) => r.status)).toEqual([503]);
	});

	test('Rate Limit Wait 0: a 429 is a counted try like any temporary error', async () => {
		const [id] = newFulfillmentIds(1);
		engine.emulator.configure({ faults: { byId: { [id]: { fault: 'http429', times: 5 } } } });
		const result = await runCancel([id], { maxTries: 2, rateLimitWait: 0 });
		expect(result.error[0].json.error).toMatchObject({
			reason: 'rate_limited',
			tries: 2,
			httpCode: 429,
		});
		expect(requestsFor(id).map((r) => r.status)).toEqual([429, 429]);
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

	test.each([1, 4, 10])(
		'at most %i requests in flight, and that many used',
		async (concurrency) => {
			const ids = newFulfillmentIds(24);
			engine.emulator.configure({ latencyMs: 80 });

			const result = await runCancel(ids, { concurrency });

			expect(result.main.map((i) => i.json.fulfillmentId)).toEqual(ids);
			expect(peakInFlight(engine.emulator.requestLog, 70)).toBe(concurrency);
		},
	);

	/** The most requests the emulator had in flight at once (each log entry counts those when it arrived). */
	const serverPeak = (log) => Math.max(...log.map((r) => r.inFlight));

	test('Auto (the default, Concurrency 0): starts at 16, grows while answers are fast and clean, never past Max Concurrency', async () => {
		// Answers slow enough (200 ms) that the first 16 reach the server before any is answered, on a
		// machine however busy (a mutation run, or CI's installs beside the suite).
		const ids = newFulfillmentIds(160);
		engine.emulator.configure({ latencyMs: 200 });

		const result = await runCancel(ids, { maxConcurrency: 24 });

		expect(result.main.map((i) => i.json.fulfillmentId)).toEqual(ids);
		const log = engine.emulator.requestLog;
		// The first 16 go out together; the 17th waits for an answer.
		expect(log[16].at - log[0].at).toBeGreaterThanOrEqual(150);
		expect(Math.max(...log.slice(0, 16).map((r) => r.inFlight))).toBe(16);
		expect(serverPeak(log)).toBeGreaterThan(16);
		expect(serverPeak(log)).toBeLessThanOrEqual(24);
		expect(peakInFlight(log, 30)).toBeLessThanOrEqual(24);
	});

	test('Auto against a rate limit: every item done, with far fewer 429s than a fixed Concurrency at the same bound', async () => {
		// Answers in 100 ms: Auto's one request at a time into a closed window finds out about 10 times a
		// second, a fixed 16 up to 160; and 50/s is less than even a busy machine sends at 16 in flight.
		engine.emulator.configure({ latencyMs: 100 });
		const count429 = () => engine.emulator.requestLog.filter((r) => r.status === 429).length;

		// 150 items at 50/s: about three windows; a fixed 16 sends every waiting item into each full one.
		engine.emulator.configure({ rateLimit: { perSecond: 50 } });
		const fixedIds = newFulfillmentIds(150);
		const fixed = await runCancel(fixedIds, { concurrency: 16 });
		const fixed429 = count429();
		engine.emulator.clearLog();

		await new Promise((resolve) => setTimeout(resolve, 1100)); // let the last window close
		engine.emulator.configure({ rateLimit: { perSecond: 50 } });
		const autoIds = newFulfillmentIds(150);
		const auto = await runCancel(autoIds, { maxConcurrency: 16 });
		const auto429 = count429();
		engine.emulator.configure({ rateLimit: null });

		expect(fixed.main.map((i) => i.json.fulfillmentId)).toEqual(fixedIds);
		expect(auto.main.map((i) => i.json.fulfillmentId)).toEqual(autoIds);
		expect(auto.error).toEqual([]);
		expect(fixed429).toBeGreaterThan(0);
		// Auto starts at the bound here (16), so its first window is the fixed one's; after it, it meets a
		// closed window with one request at a time. 40–44 against 86–116 here, idle or with every core busy;
		// beside a fresh clone's installs (CI's first minutes) 30 against 49 and 40 against 64: the fixed
		// run's requests go out slower there, so the bound leaves room above those 0.61–0.63.
		expect(auto429).toBeLessThan(fixed429 * 0.75);
	});

	test('results stay in input order when early items are slow', async () => {
		const ids = newFulfillmentIds(6);
		engine.emulator.configure({ faults: { byId: { [ids[0]]: { fault: 'http503', times: 1 } } } });

		const result = await runCancel(ids, { concurrency: 6 });

		expect(result.main.map((i) => i.json.fulfillmentId)).toEqual(ids);
		expect(result.main.map((i) => i.pairedItem.item)).toEqual([0, 1, 2, 3, 4, 5]);
		// The slow first item answered last, yet comes out first.
		expect(engine.emulator.requestLog.at(-1).fulfillmentId).toBe(ids[0]);
	});

	test('with the default On Error, the run stops at the earliest failed item and starts no new ones', async () => {
		const ids = newFulfillmentIds(30);
		ids[2] = 'missing-f1';

		const result = await runCancel(ids, { concurrency: 1 }, 'stopWorkflow');

		expect(result.status).toBe('error');
		expect(result.stopError.message).toContain('"missing-f1"');
		expect(result.stopError.context.itemIndex).toBe(2);
		// concurrency 1: items 0, 1 and the failing 2 were sent; nothing after it.
		expect(engine.emulator.requestLog.map((r) => r.fulfillmentId)).toEqual(ids.slice(0, 3));
	});
});
