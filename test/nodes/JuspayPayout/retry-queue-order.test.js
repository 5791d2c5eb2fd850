'use strict';
/**
 * A request refused with 429 goes back to the front of the queue once its Retry-After has passed, ahead
 * of items that have not been sent yet: the refused item is not starved by the items behind it.
 */
const { useEngine } = require('../../helpers/engine');
const { orderBody } = require('../../../tools/story/fixtures');

const engine = useEngine({ pickDelayMs: 600000 });

test('at Concurrency 1, a 429 retried after its Retry-After goes before the items still waiting', async () => {
	const ids = Array.from(
		{ length: 6 },
		(_, k) => engine.emulator.createOrder(orderBody(`queue_order_${k}`)).fulfillments[0].id,
	);
	// Every answer takes 1.2 s. The first item is refused (Retry-After: 1): its retry is due about 2.2 s
	// in, while the second item is in flight (1.2 to 2.4 s) and the third waits for the slot. An answer
	// longer than the Retry-After keeps that so however slowly n8n sends each request on a busy machine
	// (each delay pushes the third item's turn later than the retry's, never earlier).
	engine.emulator.configure({ latencyMs: 1200, faults: { byId: { [ids[0]]: { fault: 'http429', times: 1 } } } });

	const result = await engine.cancel(
		ids.map((id) => ({ id })),
		{ options: { concurrency: 1 }, onError: 'continueErrorOutput' },
	);

	expect(result.main.map((item) => item.json.fulfillmentId)).toEqual(ids);
	expect(engine.emulator.requestLog.map((r) => r.fulfillmentId)).toEqual([
		ids[0],
		ids[1],
		ids[0],
		ids[2],
		ids[3],
		ids[4],
		ids[5],
	]);
}, 60_000);

test('at Concurrency 3, items waiting for a slot are sent in item order', async () => {
	const ids = Array.from(
		{ length: 12 },
		(_, k) => engine.emulator.createOrder(orderBody(`queue_fifo_${k}`)).fulfillments[0].id,
	);
	// Every answer takes 300 ms: while 3 are in flight, the next 3 items queue for a slot, and each slot
	// that frees goes to the one that has waited longest.
	engine.emulator.configure({ latencyMs: 300 });

	const result = await engine.cancel(
		ids.map((id) => ({ id })),
		{ options: { concurrency: 3 }, onError: 'continueErrorOutput' },
	);

	expect(result.main.map((item) => item.json.fulfillmentId)).toEqual(ids);
	// Sent in four waves 300 ms apart, three at a time; within a wave the three go out on three
	// connections at almost the same instant, so only which items make each wave is compared.
	const waves = (list) => [0, 3, 6, 9].map((start) => list.slice(start, start + 3).sort());
	expect(waves(engine.emulator.requestLog.map((r) => r.fulfillmentId))).toEqual(waves(ids));
}, 60_000);
