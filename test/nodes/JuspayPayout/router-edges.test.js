'use strict';
/**
 * The router's promises at its edges: every input item exactly once on one output, or the run fails
 * naming it. Here: an item whose parameter cannot even be read (a failing expression) under both On
 * Error modes; a run that stops with more items than are worked on at once (500), some never started;
 * what the stop error says was already sent; and a resource/operation pair the node does not have.
 */
const { useEngine } = require('../../helpers/engine');

const engine = useEngine();

// Items with an `id` give it; for one without, the expression reads a node that does not exist, which
// n8n throws as an ExpressionError. (n8n swallows plain JavaScript errors in expressions: undefined.)
const ID_OR_FAIL = "={{ $json.id ?? $('No Such Node').item.json.id }}";

test('an item whose id expression fails is an error item under continue; the others are sent', async () => {
	const good = [engine.newOrder().fulfillmentId, engine.newOrder().fulfillmentId];
	const result = await engine.cancel([{ id: good[0] }, { other: 1 }, { id: good[1] }], {
		parameters: { fulfillmentId: ID_OR_FAIL },
	});

	expect(result.main.map((item) => [item.pairedItem.item, item.json.fulfillmentId])).toEqual([
		[0, good[0]],
		[2, good[1]],
	]);
	expect(result.error.map((item) => item.pairedItem.item)).toEqual([1]);
	expect(result.error[0].json.error).toMatchObject({ reason: 'node_error', tries: 0 });
	expect(result.error[0].json.message).toBe("Referenced node doesn't exist");
	expect(engine.emulator.requestLog.map((request) => request.fulfillmentId).sort()).toEqual([...good].sort());
});

test('under stop, a failing expression stops the run at its item, naming anything already sent', async () => {
	const good = engine.newOrder().fulfillmentId;
	const result = await engine.cancel([{ other: 1 }, { id: good }], {
		parameters: { fulfillmentId: ID_OR_FAIL },
		options: { concurrency: 1 },
		onError: 'stopWorkflow',
	});

	expect(result.status).toBe('error');
	expect(result.stopError.message).toBe("Referenced node doesn't exist");
	expect(result.stopError.context.itemIndex).toBe(0);
	// Item 1 starts alongside item 0 and may be on its way before item 0 fails; if it was sent, the
	// error must say so, since its result is lost with the failed run.
	const sent = engine.emulator.requestLog.map((request) => request.fulfillmentId);
	expect(sent.filter((id) => id !== good)).toEqual([]);
	const named = result.stopError.description.includes('1 other item had already been sent to Juspay (item 1)');
	expect({ sent: sent.length, named }).toEqual({ sent: sent.length, named: sent.length === 1 });
});

test('a stop with 600 items: nothing after the failure is sent, and the error names what was', async () => {
	// More items than are worked on at once (500). One request at a time and a refused id at item 1,
	// read while item 0 is in flight: only item 0 may reach Juspay (issue 15's planted bug sent all the
	// others).
	const ids = Array.from({ length: 600 }, (_, index) => `never-sent-${index}-f1`);
	ids[0] = engine.newOrder().fulfillmentId;
	ids[1] = 'a/b';
	const result = await engine.cancel(
		ids.map((id) => ({ id })),
		{ options: { concurrency: 1 }, onError: 'stopWorkflow' },
	);

	expect(result.status).toBe('error');
	expect(result.stopError.message).toBe('Nothing was sent for fulfillment "a/b": the Fulfillment ID contains a slash "/"');
	expect(result.stopError.context.itemIndex).toBe(1);
	expect(engine.emulator.requestLog.map((request) => request.fulfillmentId)).toEqual([ids[0]]);
	// Item 0 reached Juspay (its answer is lost with the failed run); item 2 was held back, never sent.
	expect(result.stopError.description).toContain(
		'Before the run stopped, 1 other item had already been sent to Juspay (item 0); their results are not in the output',
	);
});

test('a resource and operation the node does not have: a clear error, nothing sent', async () => {
	const result = await engine.runJuspay({
		parameters: { resource: 'fulfillment', operation: 'create' },
		onError: 'stopWorkflow',
	});
	expect(result.status).toBe('error');
	expect(result.stopError.message).toBe('The operation "create" of resource "fulfillment" is not supported');
	expect(result.stopError.description).toBe('Open the node and choose a resource and operation from the lists again.');
	expect(engine.emulator.requestLog).toHaveLength(0);
});
