'use strict';
/**
 * How the editor shows the node's fields, where that changes what a user can do: the Resource and
 * Operation selectors of every resource take no expression (n8n would otherwise offer the "Expression"
 * toggle on them, and an expression there decides the operation per item, which the node's router does
 * not support), every Tool Description is a multi-line box (it holds a paragraph a user is invited
 * to adapt), and each operation shows, and saves, its own fields only. Read from the loaded node type, as
 * the editor reads it.
 */
const { NodeHelpers } = require('n8n-workflow');

const { loadNodeDescription } = require('../../helpers/node-description');

let description;
let properties;

beforeAll(async () => {
	description = await loadNodeDescription();
	({ properties } = description);
});

test('Resource and every resource\'s Operation selector: no expressions', () => {
	const selectors = properties
		.filter((p) => p.name === 'resource' || p.name === 'operation')
		.map((p) => ({ name: p.name, resource: p.displayOptions?.show?.resource?.[0], noDataExpression: p.noDataExpression }));
	expect(selectors).toEqual([
		{ name: 'resource', resource: undefined, noDataExpression: true },
		{ name: 'operation', resource: 'account', noDataExpression: true },
		{ name: 'operation', resource: 'fulfillment', noDataExpression: true },
		{ name: 'operation', resource: 'order', noDataExpression: true },
		{ name: 'operation', resource: 'outage', noDataExpression: true },
	]);
});

test('every Tool Description is a box of 4 lines', () => {
	const boxes = properties.filter((p) => p.name === 'toolDescription').map((p) => p.typeOptions);
	expect(boxes).toEqual([{ rows: 4 }, { rows: 4 }, { rows: 4 }, { rows: 4 }]);
});

test('Cancel\'s fields show only under Fulfillment → Cancel, and Order ID and Max Wait only with Wait for Outcome on', () => {
	const cancel = { resource: ['fulfillment'], operation: ['cancel'] };
	const fields = ['fulfillmentId', 'routingId', 'waitForOutcome', 'orderId', 'maxWaitSeconds'].map((name) => {
		const matching = properties.filter((p) => p.name === name && p.displayOptions?.show?.operation?.includes('cancel'));
		expect(matching).toHaveLength(1);
		return { name, show: matching[0].displayOptions.show };
	});
	expect(fields).toEqual([
		{ name: 'fulfillmentId', show: cancel },
		{ name: 'routingId', show: cancel },
		{ name: 'waitForOutcome', show: cancel },
		{ name: 'orderId', show: { ...cancel, waitForOutcome: [true] } },
		{ name: 'maxWaitSeconds', show: { ...cancel, waitForOutcome: [true] } },
	]);
	// and nothing else shows Wait for Outcome
	expect(properties.filter((p) => p.name === 'waitForOutcome')).toHaveLength(1);
});

test('every field of Cancel says what to enter (its description, under the field)', () => {
	const cancelFields = properties.filter(
		(p) => p.displayOptions?.show?.resource?.[0] === 'fulfillment' && p.displayOptions?.show?.operation?.[0] === 'cancel' && p.type !== 'notice',
	);
	const described = cancelFields.map((p) => ({ name: p.name, described: typeof p.description === 'string' && p.description.length >= 30 }));
	expect(described.filter((field) => !field.described)).toEqual([]);
	expect(described.length).toBeGreaterThanOrEqual(5);
});

test('each operation keeps its own fields, with their defaults, and no other operation’s (as n8n saves a node set to it)', () => {
	// n8n keeps only the parameters a node's displayOptions show for its values (getNodeParameters, as the
	// editor calls it): a field shown for the wrong operation is saved with the node, and an expression in
	// it would be evaluated for nothing.
	const node = { name: 'Juspay Payout', type: 'juspayPayout', typeVersion: 1, position: [0, 0], parameters: {} };
	const saved = (values) =>
		NodeHelpers.getNodeParameters(properties, values, true, false, node, description);
	expect(saved({ resource: 'fulfillment', operation: 'cancel' })).toEqual({
		resource: 'fulfillment',
		operation: 'cancel',
		fulfillmentId: '',
		routingId: '',
		waitForOutcome: false,
		options: {},
	});
	expect(saved({ resource: 'order', operation: 'get' })).toEqual({
		resource: 'order',
		operation: 'get',
		orderId: '',
		routingId: '',
		simplify: true,
		options: {},
	});
	expect(saved({ resource: 'account', operation: 'getBalance' })).toEqual({
		resource: 'account',
		operation: 'getBalance',
		options: {},
	});
	expect(saved({ resource: 'outage', operation: 'get' })).toEqual({
		resource: 'outage',
		operation: 'get',
		routingId: '',
		options: {},
	});
});
