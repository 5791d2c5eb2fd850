'use strict';
// Stand-in for n8n's Manual Trigger that emits given items, so the node under test receives them
// through a real upstream connection. That matters: WorkflowExecute derives `pairedItem` lineage
// and `handleNodeErrorOutput` merges error items over the *paired input item* only when items
// arrive from a parent node's run data.
//
// It is an ordinary node with `execute()` (not `trigger()`), so it runs the same in every
// execution mode: n8n passes a real trigger's data through without running it outside 'manual'.

const TRIGGER_PACKAGE = 'n8n-harness';
const TRIGGER_NAME = 'itemsTrigger';
const TRIGGER_TYPE = `${TRIGGER_PACKAGE}.${TRIGGER_NAME}`;

class ItemsTrigger {
	constructor() {
		this.description = {
			displayName: 'Items Trigger (harness)',
			name: TRIGGER_NAME,
			group: ['trigger'],
			version: 1,
			description: 'Emits the items given in its "items" parameter (JSON array of {json} items)',
			defaults: { name: 'Items Trigger' },
			inputs: [],
			outputs: ['main'],
			properties: [
				// A JSON string, not an expression: it must not start with "=".
				{ displayName: 'Items', name: 'items', type: 'json', default: '[]' },
			],
		};
	}

	async execute() {
		const raw = this.getNodeParameter('items', 0);
		const items = typeof raw === 'string' ? JSON.parse(raw) : raw;
		// pairedItem to the single (empty) start item, as n8n's own trigger output has.
		return [items.map((item) => ({ ...item, json: item.json ?? {}, pairedItem: { item: 0 } }))];
	}
}

module.exports = { ItemsTrigger, TRIGGER_TYPE, TRIGGER_PACKAGE, TRIGGER_NAME };
