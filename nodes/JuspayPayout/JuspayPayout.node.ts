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
import { router } from './actions/router';

export class JuspayPayout implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Juspay Payout',
		name: 'juspayPayout',
		icon: { light: 'file:juspayPayout.svg', dark: 'file:juspayPayout.dark.svg' },
		group: ['transform'],
		version: [1],
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Cancel Juspay payouts and see what became of them: order status, balance, outages',
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
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Concurrency',
						name: 'concurrency',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 100 },
						default: 10,
						description:
							'The most requests to Juspay in flight at once for this node, across all items and retries. Lower it if Juspay answers 429 (too many requests) often.',
					},
					{
						displayName: 'Max Tries',
						name: 'maxTries',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 10 },
						default: 4,
						description:
							'How many times one request may be sent when Juspay has a temporary error (502, 503, 504, E06, E90), times out or drops the connection. Other errors are never retried, and neither is a request Juspay accepted. 1 turns retries off.',
					},
					{
						displayName: 'Rate Limit Wait (Seconds)',
						name: 'rateLimitWait',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 3600 },
						default: 300,
						description:
							'How long one request may keep waiting when Juspay answers 429 (too many requests) with a time to come back. These waits do not count as tries, so a big batch under a rate limit loses no item. 0 treats a 429 like any other temporary error.',
					},
					{
						displayName: 'Timeout (Seconds)',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 300 },
						default: 30,
						description:
							'How long to wait for Juspay to answer one try. A request that times out may still have been processed.',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
