import type { INodeProperties } from 'n8n-workflow';

/** The Routing ID parameter, shown for the given resource/operation pairs. */
export function routingIdProperty(show: { resource: string[]; operation: string[] }): INodeProperties {
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
