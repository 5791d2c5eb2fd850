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
		displayOptions: { show: { resource: ['outage'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get current outages',
				description:
					'Get the banks, UPI handles and payout gateways that Juspay reports as down or fluctuating right now. Read-only; use it before sending payouts or to explain a failure.',
			},
		],
		default: 'get',
	},
	toolDescriptionProperty(
		{ resource: ['outage'], operation: ['get'] },
		'List the banks, UPI handles and payout gateways that Juspay reports as down or fluctuating right now. Read-only; needs no ID. Use it to explain failed or slow payouts, or before promising one.',
	),
	...get.description,
];
