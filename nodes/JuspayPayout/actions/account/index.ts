import type { INodeProperties } from 'n8n-workflow';

import { toolDescriptionProperty } from '../shared';

import * as getBalance from './getBalance.operation';

export { getBalance };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Balance',
				value: 'getBalance',
				action: 'Get the account balance',
				description:
					'Get the payout balance available for each payout method (such as IMPS, UPI, NEFT). Read-only; Juspay refreshes it about every 30 minutes.',
			},
		],
		default: 'getBalance',
	},
	toolDescriptionProperty(
		{ resource: ['account'], operation: ['getBalance'] },
		"Get the merchant's payout balance for each payout method (such as IMPS, UPI, NEFT). Read-only; needs no ID. Juspay refreshes balances about every 30 minutes, so recent payouts may not show yet.",
	),
	...getBalance.description,
];
