import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readItemTarget } from '../../helpers/items';
import { isOrderAnswer, ORDER_EXPAND, ORDER_STATUS_PATH, simplifyOrder } from '../../helpers/order';
import type { JuspayConnection } from '../../transport';
import { juspayApiRequest } from '../../transport';
import { routingIdProperty } from '../shared';
import type { ItemResult } from '../types';

const showFor = { resource: ['order'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. refund_7781',
		description: 'Your own order ID, the one you chose when creating the payout order',
		displayOptions: { show: showFor },
	},
	routingIdProperty(showFor),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return only the order ID and status and, per fulfillment, its ID, status, amount, method and last update, instead of the full order',
		displayOptions: { show: showFor },
	},
];

/** Reads one payout order with its fulfillments and their transactions: where each payout stands. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: JuspayConnection,
): Promise<ItemResult> {
	const target = readItemTarget(this, connection, itemIndex, {
		resource: 'order',
		parameter: 'orderId',
		label: 'Order ID',
	});
	if (!target.ok) return target.refused;
	const { id: orderId, routingId, subject } = target;

	const result = await juspayApiRequest.call(this, connection, {
		method: 'GET',
		path: ORDER_STATUS_PATH(orderId),
		qs: ORDER_EXPAND,
		routingId,
		isExpectedAnswer: isOrderAnswer,
	});
	if (!result.ok) return { ok: false, failure: result.failure, subject };

	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return { ok: true, json: simplify ? simplifyOrder(result.body) : result.body };
}
