'use strict';
/**
 * As an AI agent's tool (n8n's `…Tool` variant of the node), the model knows an operation only from its
 * Tool Description. Each operation has exactly one, shown for that resource and operation only, and it
 * tells the model what a model most needs: which ID goes in and what the answer means, and, for
 * Cancel, that it moves money and only schedules. Read from the loaded node type, as n8n builds the
 * tool from it (the end-to-end AI suite runs the tools in real n8n).
 */
const { loadNodeDescription } = require('../../helpers/node-description');

let properties;

beforeAll(async () => {
	({ properties } = await loadNodeDescription());
});

/** [resource, operation, what the description must say]. */
const EXPECTED = [
	['account', 'getBalance', [/payout balance/i, /Read-only/, /needs no ID/]],
	['fulfillment', 'cancel', [/fulfillment ID/, /-f1/, /order ID does not work here/, /only schedules/, /Changes money movements/]],
	['order', 'get', [/merchant's own order ID/]],
	['outage', 'get', [/down or fluctuating/, /Read-only/]],
];

test('every tool description belongs to exactly one operation, and each operation has one', () => {
	const shown = properties
		.filter((p) => p.name === 'toolDescription')
		.map((p) => p.displayOptions.show);
	expect(shown).toEqual(
		EXPECTED.map(([resource, operation]) => ({ '@tool': [true], resource: [resource], operation: [operation] })),
	);
});

test.each(EXPECTED)('%s → %s: the model is told what it needs', (resource, operation, mustSay) => {
	const [property] = properties.filter(
		(p) => p.name === 'toolDescription' && p.displayOptions.show.resource[0] === resource,
	);
	expect(property).toMatchObject({ type: 'string', required: true });
	for (const phrase of mustSay) expect(property.default).toMatch(phrase);
});
