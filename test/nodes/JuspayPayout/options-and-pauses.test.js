'use strict';
/**
 * Options and parameters set by expression are checked before anything is sent; pauses have a floor; Max
 * Wait bounds a wait; numbers that cannot be exact ids are refused.
 */
const { useEngine } = require('../../helpers/engine');
const { CANCEL_PATH } = require('../../../tools/story/fixtures');

const engine = useEngine({ pickDelayMs: 3_600_000, timeoutHangMs: 5000 });
const newOrder = () => engine.newOrder();

/** Cancel of each item's `id`; `extra` adds parameters (Wait for Outcome and its fields). */
const cancel = (items, { extra, ...rest } = {}) =>
	engine.cancel(items, { parameters: extra, ...rest });

describe('options set by expression are checked once, before anything is sent', () => {
	test.each([
		[
			'concurrency',
			'={{ "ten" }}',
			'"Concurrency" must be a whole number from 0 to 100, not "ten"',
		],
		['concurrency', '={{ 2.5 }}', '"Concurrency" must be a whole number from 0 to 100, not 2.5'],
		['concurrency', 101, '"Concurrency" must be a whole number from 0 to 100, not 101'],
		['concurrency', -1, '"Concurrency" must be a whole number from 0 to 100, not -1'],
		['maxConcurrency', 0, '"Max Concurrency" must be a whole number from 1 to 100, not 0'],
		[
			'maxConcurrency',
			'={{ "lots" }}',
			'"Max Concurrency" must be a whole number from 1 to 100, not "lots"',
		],
		['maxTries', '={{ NaN }}', '"Max Tries" must be a whole number from 1 to 10, not NaN'],
		['maxTries', 0, '"Max Tries" must be a whole number from 1 to 10, not 0'],
		[
			'rateLimitWait',
			'={{ "x" }}',
			'"Rate Limit Wait (Seconds)" must be a number from 0 to 3600, not "x"',
		],
		['timeout', 0, '"Timeout (Seconds)" must be a number from 1 to 300, not 0'],
		[
			'timeout',
			'={{ Infinity }}',
			'"Timeout (Seconds)" must be a number from 1 to 300, not Infinity',
		],
	])(
		'%s = %p: the run stops naming it; with Continue every item says so',
		async (name, value, problem) => {
			const ids = [newOrder().fulfillmentId, newOrder().fulfillmentId];
			const stopped = await cancel(
				ids.map((id) => ({ id })),
				{ options: { [name]: value }, onError: 'stopWorkflow' },
			);
			expect(stopped.status).toBe('error');
			expect(stopped.stopError.message).toBe(`The option ${problem}`);
			expect(stopped.stopError.description).toMatch(/^Nothing was sent to Juspay/);

			const continued = await cancel(
				ids.map((id) => ({ id })),
				{ options: { [name]: value } },
			);
			expect(continued.main).toEqual([]);
			expect(continued.error.map((i) => [i.pairedItem.item, i.json.message])).toEqual([
				[0, `The option ${problem}`],
				[1, `The option ${problem}`],
			]);
			expect(engine.emulator.requestLog).toEqual([]);
		},
	);

	test('numbers given as text are numbers: Concurrency "3" works', async () => {
		const { fulfillmentId } = newOrder();
		const result = await cancel([{ id: fulfillmentId }], {
			options: { concurrency: '={{ "3" }}', maxTries: '={{ "2" }}' },
		});
		expect(result.main.map((i) => i.json.tries)).toEqual([1]);
	});

	test('Max Wait and Wait for Outcome are checked per item: a bad one refuses that item only, sending nothing for it', async () => {
		const good = newOrder();
		const badWait = newOrder();
		const badFlag = newOrder();
		const result = await cancel(
			[
				{ id: good.fulfillmentId, orderId: good.orderId, maxWait: 2, wait: true },
				{ id: badWait.fulfillmentId, orderId: badWait.orderId, maxWait: 'soon', wait: true },
				{ id: badFlag.fulfillmentId, orderId: badFlag.orderId, maxWait: 2, wait: 'yes' },
			],
			{
				extra: {
					waitForOutcome: '={{ $json.wait }}',
					orderId: '={{ $json.orderId }}',
					maxWaitSeconds: '={{ $json.maxWait }}',
				},
			},
		);
		expect(result.main.map((i) => [i.pairedItem.item, i.json.outcome])).toEqual([[0, 'cancelled']]);
		expect(
			result.error.map((i) => [i.pairedItem.item, i.json.error.reason, i.json.message]),
		).toEqual([
			[
				1,
				'invalid_input',
				`Nothing was sent for fulfillment "${badWait.fulfillmentId}": "Max Wait (Seconds)" must be a number from 1 to 900, not "soon"`,
			],
			[
				2,
				'invalid_input',
				`Nothing was sent for fulfillment "${badFlag.fulfillmentId}": Wait for Outcome is not true or false`,
			],
		]);
		for (const bad of [badWait, badFlag]) {
			expect(
				engine.emulator.requestLog.filter(
					(e) => e.fulfillmentId === bad.fulfillmentId || e.orderId === bad.orderId,
				),
			).toEqual([]);
		}
	});
});

describe('ids given as numbers', () => {
	test('a whole number is sent as its digits; one too large to be exact is refused, not rounded to another id', async () => {
		const result = await cancel([{ id: 12345 }, { id: 12345678901234567890 }]);
		expect(
			result.error.map((i) => [i.pairedItem.item, i.json.error.reason, i.json.error.tries]),
		).toEqual([
			[0, 'juspay_error', 1], // sent: Juspay has no fulfillment "12345"
			[1, 'invalid_input', 0],
		]);
		expect(result.error[1].json.message).toContain('cannot be an exact ID');
		expect(engine.emulator.requestLog.map((e) => e.path)).toEqual([CANCEL_PATH('12345')]);
	});
});

describe('pauses', () => {
	const scripted = (respond) => engine.scripted(respond);

	test('Retry-After: 0 forever is not a storm: one request a second at most, then the item fails when the wait is used up', async () => {
		const server = await scripted(() => ({
			status: 429,
			headers: { 'retry-after': '0' },
			body: { error: true, errorMessage: 'slow down' },
		}));
		const started = Date.now();
		const result = await cancel([{ id: 'storm-f1' }], {
			baseUrl: server.url,
			options: { rateLimitWait: 4 },
		});
		const elapsed = Date.now() - started;
		const times = server.requests.map((r) => r.at);
		// 1 s pauses (plus jitter) fit 3 times in 4 s: 4 requests, and never two within a second
		expect(server.requests).toHaveLength(4);
		expect(
			times
				.slice(1)
				.map((t, k) => t - times[k])
				.filter((gap) => gap < 1000),
		).toEqual([]);
		expect(elapsed).toBeLessThan(6000);
		expect(result.error[0].json.error).toMatchObject({
			reason: 'rate_limited',
			retryAfterSeconds: 0,
			tries: 4,
		});
		expect(result.error[0].json.error.description).toMatch(/longer than the node may still wait/);
	});

	test('a 429 without Retry-After is a counted try with back-off: Max Tries requests, the first pause at least 0.5 s', async () => {
		const server = await scripted(() => ({ status: 429, body: { error: true } }));
		const result = await cancel([{ id: 'nora-f1' }], {
			baseUrl: server.url,
			options: { maxTries: 3 },
		});
		const times = server.requests.map((r) => r.at);
		expect(server.requests).toHaveLength(3);
		expect(times[1] - times[0]).toBeGreaterThanOrEqual(500);
		expect(times[2] - times[1]).toBeGreaterThanOrEqual(1000);
		expect(result.error[0].json.error).toMatchObject({ reason: 'rate_limited', tries: 3 });
	});

	test('Max Wait bounds the wait from the accepted cancel: status reads that hang end within Max Wait plus one Timeout', async () => {
		const order = newOrder();
		// the check before the cancel passes; every status read after it hangs past the Timeout
		engine.emulator.configure({
			faults: { byId: { [order.orderId]: { fault: 'timeout', skip: 1 } } },
		});
		const started = Date.now();
		const result = await cancel([{ id: order.fulfillmentId, orderId: order.orderId }], {
			options: { timeout: 1, maxTries: 10 },
			extra: { waitForOutcome: true, orderId: '={{ $json.orderId }}', maxWaitSeconds: 3 },
		});
		const elapsed = Date.now() - started;
		const [item] = result.main;
		expect(item.json).toMatchObject({ outcome: 'undetermined', lastCheckError: 'timeout' });
		expect(item.json.waitedSeconds).toBeLessThanOrEqual(3 + 1 + 0.3);
		expect(elapsed).toBeLessThan(3000 + 1000 + 1500); // plus the check and the cancel themselves
		// no status read started after the deadline
		const cancelAt = engine.emulator.requestLog.find((e) => e.method === 'POST').at;
		const reads = engine.emulator.requestLog.filter(
			(e) => e.orderId === order.orderId && e.at > cancelAt,
		);
		expect(reads.filter((e) => e.at > cancelAt + 3000 + 100)).toEqual([]);
	});
});
