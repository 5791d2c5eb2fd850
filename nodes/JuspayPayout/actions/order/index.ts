import type { INodeProperties } from 'n8n-workflow';

import { toolDescriptionProperty } from '../shared';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an order',
				description:
					'Get a payout order by your order ID, with the status of each of its fulfillments (payouts) and their transactions. Use it to learn whether a payout succeeded, failed or was cancelled.',
			},
		],
		default: 'get',
	},
	toolDescriptionProperty(
		{ resource: ['order'], operation: ['get'] },
		"Look up a Juspay payout order by the merchant's own order ID: the ID chosen when the payout order was created, e.g. refund_7781 (not a fulfillment ID ending in -f1). Returns the order status and each of its fulfillments (payouts) with Juspay's fulfillment ID (ending in -f1, -f2, …), status, amount and method. Read-only. Use it to tell where a payout stands, to find the fulfillment ID a cancellation needs, and to check after a cancellation request whether the payout was really cancelled (fulfillment status CANCELLED).",
	),
	...get.description,
];
