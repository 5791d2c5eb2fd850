/** Reading Juspay's order object (order status with expand=fulfillment): pure functions of its JSON. */
import type { IDataObject } from 'n8n-workflow';

/** Fulfillment states after which nothing changes. MANUAL_REVIEW is not one: a review ends in one of these. */
const FINAL_FULFILLMENT_STATUSES = new Set(['SUCCESS', 'FAILURE', 'CANCELLED', 'DISCARDED']);

export function isFinalStatus(status: unknown): boolean {
	return typeof status === 'string' && FINAL_FULFILLMENT_STATUSES.has(status);
}

/** Whether a 2xx answer is an order (Juspay's order status always names the order and its status). */
export function isOrderAnswer(body: IDataObject): boolean {
	return (
		typeof body.status === 'string' &&
		(typeof body.orderId === 'string' || typeof body.orderId === 'number')
	);
}

function asObjects(value: unknown): IDataObject[] {
	return Array.isArray(value)
		? value.filter(
				(v): v is IDataObject => v !== null && typeof v === 'object' && !Array.isArray(v),
			)
		: [];
}

function fulfillmentsOf(order: IDataObject): IDataObject[] {
	return asObjects(order.fulfillments);
}

export function findFulfillment(
	order: IDataObject,
	fulfillmentId: string,
): IDataObject | undefined {
	return fulfillmentsOf(order).find((f) => f.id === fulfillmentId);
}

/** The method a fulfillment is paid out by: its latest transaction's, else the first planned one. */
function methodOf(fulfillment: IDataObject): string | null {
	const transactions = asObjects(fulfillment.transactions);
	const latest = transactions[transactions.length - 1];
	const planned = [fulfillment.fulfillmentMethodList, fulfillment.preferredMethodList]
		.map((list) => (Array.isArray(list) ? list[0] : undefined))
		.find((m) => typeof m === 'string');
	const method = latest?.fulfillmentMethod ?? planned;
	return typeof method === 'string' ? method : null;
}

/** The few fields a workflow needs. */
export function simplifyOrder(order: IDataObject): IDataObject {
	return {
		orderId: order.orderId ?? null,
		status: order.status ?? null,
		fulfillments: fulfillmentsOf(order).map((f) => ({
			id: f.id ?? null,
			status: f.status ?? null,
			amount: f.amount ?? null,
			method: methodOf(f),
			statusUpdatedAt: f.statusUpdatedAt ?? f.updatedAt ?? null,
		})),
	};
}
