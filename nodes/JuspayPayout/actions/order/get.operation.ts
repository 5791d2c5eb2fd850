import type { INodeProperties } from 'n8n-workflow';

import { isOrderAnswer, simplifyOrder } from '../../helpers/order';
import { juspayApiRequest } from '../../transport';
import { ORDER_EXPAND, ORDER_STATUS_PATH } from '../../transport/endpoints';
import { readItemTarget } from '../parameters';
import { orderIdProperty, routingIdProperty } from '../shared';
import type { JuspayOperation } from '../types';

const showFor = { resource: ['order'], operation: ['get'] };

/** The id this operation sends, as readItemTarget reads it. */
const ORDER_ID = { resource: 'order', parameter: 'orderId', label: 'Order ID' };

export const description: INodeProperties[] = [
	orderIdProperty(showFor, 'Your own order ID, the one you chose when creating the payout order'),
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
export const execute: JuspayOperation['execute'] = async function (itemIndex, session) {
	const target = readItemTarget(this, session, itemIndex, ORDER_ID);
	if (!target.ok) return target.refused;
	const { id: orderId, routingId, subject } = target;

	const result = await juspayApiRequest.call(this, session, {
		method: 'GET',
		path: ORDER_STATUS_PATH(orderId),
		qs: ORDER_EXPAND,
		routingId,
		isExpectedAnswer: isOrderAnswer,
	});
	if (!result.ok) return { ok: false, failure: result.failure, subject };

	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return { ok: true, json: simplify ? simplifyOrder(result.body) : result.body };
};
