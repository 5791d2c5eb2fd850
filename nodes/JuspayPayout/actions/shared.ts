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

/**
 * What an AI agent's model is told about the operation when the node is one of its tools. n8n sends a
 * tool node's `toolDescription` parameter as the tool's description; a node without one gets n8n's own
 * "Set Automatically" description, which is only the action name ("Cancel a fulfillment in Juspay
 * Payout") and says nothing about which ID the operation needs or what its answer means. One property
 * per operation, shown only on the tool: the text follows the chosen operation, and a user's own text
 * is kept (it is saved only when it differs from the default).
 */
export function toolDescriptionProperty(
	show: { resource: string[]; operation: string[] },
	text: string,
): INodeProperties {
	return {
		displayName: 'Tool Description',
		name: 'toolDescription',
		type: 'string',
		required: true,
		default: text,
		typeOptions: { rows: 4 },
		description:
			'What the AI model reads about this tool, written for a model: what it does, which ID it needs and in which form, and what its answer means. Adapt it to your agent if you like.',
		displayOptions: { show: { '@tool': [true], ...show } },
	};
}
