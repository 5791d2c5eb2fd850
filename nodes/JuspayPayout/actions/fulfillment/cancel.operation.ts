import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { FailureSubject } from '../../helpers/errors';
import { whyUnsafeHeaderValue, whyUnsafePathSegment } from '../../helpers/pathSegment';
import type { JuspayConnection } from '../../transport';
import { juspayApiRequest } from '../../transport';
import type { ItemResult } from '../types';

const showForCancel = { show: { resource: ['fulfillment'], operation: ['cancel'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Fulfillment ID',
		name: 'fulfillmentId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. f46f9b8d843416e8c746c3e306a5f4-f1',
		description:
			"Juspay's ID of the fulfillment to cancel, as found in the order's fulfillments (it ends in -f1, -f2, …). Not your own order ID.",
		displayOptions: showForCancel,
	},
	{
		displayName: 'Routing ID',
		name: 'routingId',
		type: 'string',
		default: '',
		placeholder: 'e.g. customer_1122',
		description: 'Sent as the X-Routing-ID header. Juspay recommends it on every call.',
		hint: 'The customer ID: use the same value for all calls about one customer (for a guest, the order or cart ID)',
		displayOptions: showForCancel,
	},
];

/**
 * Asks Juspay to cancel one fulfillment. Juspay only schedules the cancellation: a payout already picked
 * for an attempt still goes out, so the item says "scheduled", never "cancelled".
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: JuspayConnection,
): Promise<ItemResult> {
	const rawId: unknown = this.getNodeParameter('fulfillmentId', itemIndex);
	const fulfillmentId = typeof rawId === 'number' ? String(rawId) : rawId;
	const routingId = String(this.getNodeParameter('routingId', itemIndex, '') ?? '');
	const subject: FailureSubject = {
		resource: 'fulfillment',
		id: typeof fulfillmentId === 'string' ? fulfillmentId : undefined,
		environment: connection.environment,
		timeoutMs: connection.timeoutMs,
	};

	const refuse = (detail: string): ItemResult => ({
		ok: false,
		failure: { reason: 'invalid_input', detail },
		subject,
	});
	if (typeof fulfillmentId !== 'string') return refuse('the Fulfillment ID is not text');
	const unsafeId = whyUnsafePathSegment(fulfillmentId);
	if (unsafeId) return refuse(`the Fulfillment ID ${unsafeId.replace(/^it /, '')}`);
	const unsafeRouting = whyUnsafeHeaderValue(routingId);
	if (unsafeRouting) return refuse(`the Routing ID ${unsafeRouting.replace(/^it /, '')}`);

	const result = await juspayApiRequest.call(this, connection, {
		method: 'POST',
		path: `/payout/merchant/v1/fulfillment/${encodeURIComponent(fulfillmentId)}/cancel`,
		routingId: routingId || undefined,
	});
	if (!result.ok) return { ok: false, failure: result.failure, subject };

	return {
		ok: true,
		json: {
			fulfillmentId,
			// Juspay's words, verbatim: "Fulfillment is scheduled for cancelation. Please check order status…"
			status: typeof result.body.status === 'string' ? result.body.status : null,
			cancellationScheduled: true,
			tries: result.tries,
		},
	};
}
