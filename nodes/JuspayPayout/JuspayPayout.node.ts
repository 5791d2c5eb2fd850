import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account';
import * as fulfillment from './actions/fulfillment';
import * as order from './actions/order';
import * as outage from './actions/outage';
import { optionsProperty } from './actions/options';
import { router } from './actions/router';

export class JuspayPayout implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Juspay Payout',
		name: 'juspayPayout',
		icon: { light: 'file:juspayPayout.svg', dark: 'file:juspayPayout.dark.svg' },
		group: ['transform'],
		version: [1],
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Cancel Juspay payouts and see what became of them: order status, balance, outages',
		defaults: { name: 'Juspay Payout' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'juspayPayoutApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Account',
						value: 'account',
						description: 'Your payout balance per payout method',
					},
					{
						name: 'Fulfillment',
						value: 'fulfillment',
						description: 'One payout of an order: cancel it',
					},
					{
						name: 'Order',
						value: 'order',
						description: 'A payout order and the status of its fulfillments',
					},
					{
						name: 'Outage',
						value: 'outage',
						description: 'Banks and gateways that are down or fluctuating',
					},
				],
				default: 'fulfillment',
			},
			...account.description,
			...fulfillment.description,
			...order.description,
			...outage.description,
			optionsProperty,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
