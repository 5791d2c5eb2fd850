import type { INodeProperties } from 'n8n-workflow';

type Show = { resource: string[]; operation: string[]; waitForOutcome?: boolean[] };

/** The merchant's own Order ID parameter (order status, Wait for Outcome), with what it is used for. */
export function orderIdProperty(show: Show, description: string): INodeProperties {
	return {
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. refund_7781',
		description,
		displayOptions: { show },
	};
}

/** The Routing ID parameter, shown for the given resource/operation pairs. */
export function routingIdProperty(show: Show): INodeProperties {
	return {
		displayName: 'Routing ID',
		name: 'routingId',
		type: 'string',
		default: '',
		placeholder: 'e.g. customer_1122',
		description: 'Sent as the X-Routing-ID header. Juspay recommends it on every call.',
		hint: 'The customer ID: use the same value for all calls about one customer (for a guest, the order or cart ID)',
		displayOptions: { show },
	};
}
