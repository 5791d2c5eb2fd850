import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';

export { cancel };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['fulfillment'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				action: 'Cancel a fulfillment',
				description:
					'Ask Juspay to stop a payout (fulfillment) that has not been picked for an attempt yet. Juspay only schedules the cancellation; turn on Wait for Outcome to learn whether the payout was really cancelled.',
			},
		],
		default: 'cancel',
	},
	...cancel.description,
];
