'use strict';
/**
 * How the editor shows the node's fields, where that changes what a user can do: the Resource and
 * Operation selectors of every resource take no expression (n8n would otherwise offer the "Expression"
 * toggle on them, and an expression there decides the operation per item, which the node's router does
 * not support), and every Tool Description is a multi-line box (it holds a paragraph a user is invited
 * to adapt). Read from the loaded node type, as the editor reads it.
 */
const { loadNodeDescription } = require('../../helpers/node-description');

let properties;

beforeAll(async () => {
	({ properties } = await loadNodeDescription());
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
