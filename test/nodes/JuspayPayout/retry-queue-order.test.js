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
	// Every answer takes 400 ms. The first item is refused (Retry-After: 1): its retry is due about
	// 1.4 s in, while the fourth item is in flight (1.2 to 1.6 s) and the fifth waits for the slot.
	engine.emulator.configure({ latencyMs: 400, faults: { byId: { [ids[0]]: { fault: 'http429', times: 1 } } } });

	const result = await engine.cancel(
		ids.map((id) => ({ id })),
		{ options: { concurrency: 1 }, onError: 'continueErrorOutput' },
	);

	expect(result.main.map((item) => item.json.fulfillmentId)).toEqual(ids);
	expect(engine.emulator.requestLog.map((r) => r.fulfillmentId)).toEqual([
		ids[0],
		ids[1],
		ids[2],
		ids[3],
		ids[0],
		ids[4],
		ids[5],
	]);
}, 60_000);
