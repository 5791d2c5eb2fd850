/**
 * Every Juspay Payout API path the package calls, in one place. Ids are encoded here; callers check them
 * first (helpers/pathSegment.ts), so an encoded id is always exactly one path segment.
 */
const BASE = '/payout/merchant/v1';

export const CANCEL_FULFILLMENT_PATH = (fulfillmentId: string) =>
	`${BASE}/fulfillment/${encodeURIComponent(fulfillmentId)}/cancel`;

export const ORDER_STATUS_PATH = (orderId: string) =>
	`${BASE}/orders/${encodeURIComponent(orderId)}`;

/** Asks for everything an order holds; without it Juspay leaves the fulfillments out. */
export const ORDER_EXPAND = { expand: 'fulfillment,payment,refund' };

/** (sic) Juspay's path says "getways". Read-only: the credential test calls it too. */
export const BALANCE_PATH = `${BASE}/getways/balance`;

export const OUTAGE_PATH = `${BASE}/outage`;
