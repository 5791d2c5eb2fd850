import type { INodeProperties } from 'n8n-workflow';

import { toolDescriptionProperty } from '../shared';

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
	toolDescriptionProperty(
		{ resource: ['fulfillment'], operation: ['cancel'] },
		"Request the cancellation of one payout (fulfillment) by Juspay's fulfillment ID, which ends in -f1, -f2, …, e.g. f46f9b8d843416e8c746c3e306a5f4-f1. The merchant's order ID does not work here: look the order up first to find its fulfillment IDs. Juspay only schedules the cancellation, and a payout already picked for an attempt still goes out, so this answer does not mean the payout was cancelled (unless it carries an outcome): look the order up afterwards and report the fulfillment's status from there. Changes money movements; call it only when the user asked to cancel that payout.",
	),
	...cancel.description,
];
