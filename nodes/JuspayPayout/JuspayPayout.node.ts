import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as fulfillment from './actions/fulfillment';
import { router } from './actions/router';

export class JuspayPayout implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Juspay Payout',
		name: 'juspayPayout',
		icon: { light: 'file:juspayPayout.svg', dark: 'file:juspayPayout.dark.svg' },
		group: ['transform'],
		version: [1],
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Cancel Juspay Payout fulfillments',
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
				options: [{ name: 'Fulfillment', value: 'fulfillment' }],
				default: 'fulfillment',
			},
			...fulfillment.description,
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
							'How many times one request may be sent when Juspay is busy (429), has a temporary error (502, 503, 504, E06, E90), times out or drops the connection. Other errors are never retried, and neither is a request Juspay accepted.',
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
