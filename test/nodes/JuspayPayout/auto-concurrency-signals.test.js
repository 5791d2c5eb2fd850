'use strict';
/**
 * What each kind of answer tells Concurrency Auto, seen from the server's side in a real node run: a
 * 5xx is pushback (the requests in flight are halved at once), a 4xx other than 429 is a timely answer
 * like a 2xx (the limit keeps growing), and every item still comes out exactly once.
 * concurrency-limit-rules.test.js has the limit's own rules; this is the node feeding it.
 */
const { useEngine } = require('../../helpers/engine');
const { orderBody } = require('../../../tools/story/fixtures');

const engine = useEngine({ pickDelayMs: 600000 });
let orderSeq = 0;

const newFulfillmentIds = (n) =>
	Array.from(
		{ length: n },
		() => engine.emulator.createOrder(orderBody(`signals_${++orderSeq}`)).fulfillments[0].id,
	);

/** The most requests in flight at the server among those that arrived from `from` (epoch ms) on. */
const peakFrom = (from) =>
	Math.max(0, ...engine.emulator.requestLog.filter((r) => r.at >= from).map((r) => r.inFlight));

test('a burst of 503s halves the requests in flight at once; every item still comes out once', async () => {
	const ids = newFulfillmentIds(48);
	const faults = Object.fromEntries(ids.slice(0, 8).map((id) => [id, { fault: 'http503', times: 1 }]));
	engine.emulator.configure({ latencyMs: 40, faults: { byId: faults } });

	const result = await engine.cancel(
		ids.map((id) => ({ id })),
		{ options: { maxConcurrency: 8 }, onError: 'continueErrorOutput' },
	);

	expect(result.error).toEqual([]);
	expect(result.main.map((i) => i.json.fulfillmentId)).toEqual(ids);
	const log = engine.emulator.requestLog;
	// Auto starts at 8 (the bound here): the first 8 go out together and are all refused.
	expect(log.slice(0, 8).map((r) => r.status)).toEqual(Array(8).fill(503));
	expect(Math.max(...log.slice(0, 8).map((r) => r.inFlight))).toBe(8);
	// From the first refusal on, half as many (doubling back to half of 8 after pushback, then
	// probing in eighths: no further than 6 over these 40 answers).
	const firstRefused = Math.min(...log.slice(0, 8).map((r) => r.answeredAt));
	expect(peakFrom(firstRefused + 5)).toBeLessThanOrEqual(6);
	expect(peakFrom(firstRefused + 5)).toBeGreaterThanOrEqual(4);
});

test('404s (fulfillments Juspay does not know) are timely answers: the limit grows as on 2xx', async () => {
	const ids = Array.from({ length: 120 }, (_, k) => `unknown_signals_${k}`);
	// Slow enough answers (200 ms) that the requests Auto allows are all at the server together, on a
	// machine however busy.
	engine.emulator.configure({ latencyMs: 200, faults: {} });

	const result = await engine.cancel(
		ids.map((id) => ({ id })),
		{ options: { maxConcurrency: 20 }, onError: 'continueErrorOutput' },
	);

	expect(result.main).toEqual([]);
	expect(result.error.map((i) => i.json.error.httpCode)).toEqual(Array(120).fill(404));
	// Slow start: 16, then the bound once a round of 16 answers came back fast.
	expect(Math.max(...engine.emulator.requestLog.map((r) => r.inFlight))).toBeGreaterThan(16);
});
