import type { INodeProperties } from 'n8n-workflow';

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
	...get.description,
];
