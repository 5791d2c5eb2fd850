/**
 * The webhook events Juspay Payout documents: the envelope's `label` (what the event is about) and
 * `value` (what happened to it). The trigger names an event `LABEL.VALUE`, e.g.
 * `FULFILLMENT_ORDER.CANCELLED`. Juspay may send values it has not documented yet: they pass only when
 * the trigger listens to all events.
 */
export const ALL_EVENTS = '*';

/** Words only the editor shows (an event's description, a label's name): no run reads them. */
type EditorText = string;

export const EVENT_CATALOG: Record<string, Record<string, EditorText>> = {
	ORDER: {
		FULFILLMENTS_SCHEDULED: 'The order was handed to Juspay’s scheduler',
		FULFILLED_PARTIALLY: 'One of the order’s fulfillments finished, others did not',
		FULFILLMENTS_FAILURE: 'Every payout attempt of the order failed',
		FULFILLMENTS_SUCCESSFUL: 'The order was paid out',
		FULFILLMENTS_MANUAL_REVIEW: 'One of the order’s fulfillments waits for a manual review',
		FULFILLMENTS_CANCELLED: 'The order’s fulfillments were cancelled by the merchant',
	},
	FULFILLMENT_ORDER: {
		INITIATED: 'A fulfillment (payout) was created at Juspay',
		SUCCESS: 'A fulfillment was paid out',
		FAILURE: 'A fulfillment failed',
		CANCELLED: 'A fulfillment was cancelled before it was attempted',
		DISCARDED: 'A fulfillment was discarded by the merchant',
		MANUAL_REVIEW: 'A fulfillment waits for a manual review',
	},
	FULFILLMENT_TXN: {
		INITIATED: 'A payout attempt was sent to the payment gateway',
		SUCCESS: 'A payout attempt succeeded',
		FAILURE: 'A payout attempt failed',
		REVERSED: 'The gateway turned a successful attempt into a failure',
		CONFLICTED: 'The gateway turned a failed attempt into a success',
		MANUAL_REVIEW: 'A payout attempt is stuck pending at the gateway',
	},
	VALIDATION_V2: {
		VALID: 'A beneficiary was validated',
		INVALID: 'A beneficiary turned out invalid',
		ERROR: 'A beneficiary could not be validated',
	},
};

const LABEL_NAMES: Record<string, EditorText> = {
	ORDER: 'Order',
	FULFILLMENT_ORDER: 'Fulfillment',
	FULFILLMENT_TXN: 'Transaction',
	VALIDATION_V2: 'Beneficiary Validation',
};

function titleCase(constant: string): string {
	return constant
		.toLowerCase()
		.split('_')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}

export interface EventOption {
	name: string;
	value: string;
	description: string;
}

/** Every documented event as a multi-select option, sorted by name (n8n's lint wants them sorted). */
export function eventOptions(): EventOption[] {
	const options: EventOption[] = [];
	for (const [label, values] of Object.entries(EVENT_CATALOG)) {
		for (const [value, description] of Object.entries(values)) {
			options.push({
				name: `${LABEL_NAMES[label]} ${titleCase(value)}`,
				value: `${label}.${value}`,
				description: `${description} (${label}.${value})`,
			});
		}
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

/** Whether an event named `LABEL.VALUE` is one the user chose. */
export function isSelected(selected: readonly string[], event: string): boolean {
	return selected.includes(ALL_EVENTS) || selected.includes(event);
}
