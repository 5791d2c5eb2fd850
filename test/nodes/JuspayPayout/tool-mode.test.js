'use strict';
/**
 * As an AI agent's tool (n8n runs a usableAsTool node as `<name>Tool`), a failure must reach the model as
 * a result it can act on, whatever the node's On Error says: thrown, it ends the whole agent run (seen on
 * n8n 2.8.4 and 1.123.81; the end-to-end AI story shows it in real n8n). Here the same node type runs under
 * its tool name in n8n-core's engine with On Error = stop, next to the plain node, which stops.
 */
const { useEngine } = require('../../helpers/engine');
const { credentialFor } = require('../../../tools/story/fixtures');

const engine = useEngine();

function cancelUnknown(nodeType) {
	return engine.harness.runNode({
		nodeType,
		parameters: { resource: 'fulfillment', operation: 'cancel', fulfillmentId: 'no_such_order-f1' },
		onError: 'stopWorkflow',
		credentials: { juspayPayoutApi: credentialFor(engine.emulator.url) },
	});
}

test('as a tool, an unknown fulfillment comes back as an item the agent can read, not a stopped run', async () => {
	const result = await cancelUnknown('juspayPayoutTool');

	expect(result.status).toBe('success');
	expect(result.main).toHaveLength(1);
	expect(result.main[0].json.error).toMatchObject({ httpCode: 404, errorCode: 'E09', tries: 1 });
	expect(result.main[0].json.message).toMatch(/no_such_order-f1/);
	expect(engine.emulator.requestLog).toHaveLength(1);
});

test('the same failure in the plain node under On Error = stop stops the run', async () => {
	const result = await cancelUnknown('juspayPayout');

	expect(result.status).toBe('error');
	expect(result.stopError.httpCode).toBe('404');
	expect(result.main).toEqual([]);
});
