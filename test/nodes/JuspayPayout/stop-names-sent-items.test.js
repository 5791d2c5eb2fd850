'use strict';
/**
 * When a run stops on one item's failure, the stop error names every other item that had reached Juspay
 * (its result is lost with the failed run), including one whose own answer was an error: it was sent,
 * so "check its status" holds for it too. Two unknown fulfillments sent side by side: both are answered
 * 404, the run stops on item 0, and item 1 is named.
 */
const { useEngine } = require('../../helpers/engine');

const engine = useEngine();

test('under stop, an item sent alongside the failing one is named even though its answer was an error', async () => {
	const result = await engine.cancel([{ id: 'unknown_a-f1' }, { id: 'unknown_b-f1' }], {
		options: { concurrency: 2, maxTries: 1 },
		onError: 'stopWorkflow',
	});

	expect(result.status).toBe('error');
	expect(result.stopError.context.itemIndex).toBe(0);
	expect(engine.emulator.requestLog.map((request) => request.fulfillmentId).sort()).toEqual([
		'unknown_a-f1',
		'unknown_b-f1',
	]);
	expect(result.stopError.description).toContain(
		'Before the run stopped, 1 other item had already been sent to Juspay (item 1); their results are not in the output',
	);
});
