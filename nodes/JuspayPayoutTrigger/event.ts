import type { IDataObject } from 'n8n-workflow';

/**
 * A Juspay Payout webhook body: an envelope `{ id, category, label, value, info: {…} }`. Juspay's samples
 * put the order / fulfillment / transaction under `info`; one open-source consumer reads it as
 * `payoutInfo`. Both are accepted, and the whole body is kept (secrets redacted) under `payload`.
 */
export interface JuspayEvent {
	id: string;
	label: string;
	value: string;
	/** `LABEL.VALUE`, the name the Events parameter uses */
	name: string;
	/** The order, fulfillment or transaction the event is about (`info` or `payoutInfo`) */
	details: IDataObject;
	body: IDataObject;
}

export type ParsedEvent = { event: JuspayEvent } | { problem: string };

/** Longer ids are no Juspay event id; the bound keeps what the trigger remembers per event small. */
export const MAX_EVENT_ID_LENGTH = 512;

function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as an object: n8n parses JSON bodies; a sender that labels JSON as text/plain gets a string. */
function bodyObject(body: unknown): IDataObject | undefined {
	if (isPlainObject(body)) return body;
	if (typeof body !== 'string') return undefined;
	try {
		const parsed: unknown = JSON.parse(body);
		return isPlainObject(parsed) ? parsed : undefined;
	} catch {
		return undefined; // not JSON: the caller answers 400
	}
}

function eventIdOf(raw: unknown): string | undefined {
	if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
	if (typeof raw !== 'string') return undefined;
	const id = raw.trim();
	return id === '' || id.length > MAX_EVENT_ID_LENGTH ? undefined : id;
}

function nameOf(raw: unknown): string | undefined {
	if (typeof raw !== 'string') return undefined;
	const name = raw.trim().toUpperCase();
	return /^[A-Z0-9_]{1,64}$/.test(name) ? name : undefined;
}

/** Reads a webhook body as a Juspay event, or says what makes it none. */
export function parseEvent(rawBody: unknown): ParsedEvent {
	const body = bodyObject(rawBody);
	if (!body) return { problem: 'the body is not a JSON object' };
	const id = eventIdOf(body.id);
	if (id === undefined) return { problem: 'the event has no usable "id"' };
	const label = nameOf(body.label);
	if (label === undefined) return { problem: 'the event has no usable "label"' };
	const value = nameOf(body.value);
	if (value === undefined) return { problem: 'the event has no usable "value"' };
	const info = body.info ?? body.payoutInfo;
	const details = isPlainObject(info) ? info : {};
	return { event: { id, label, value, name: `${label}.${value}`, details, body } };
}

function text(...candidates: unknown[]): string | null {
	for (const candidate of candidates) {
		if (typeof candidate === 'string' && candidate !== '') return candidate;
		if (typeof candidate === 'number' && Number.isFinite(candidate)) return String(candidate);
	}
	return null;
}

/** The ids an event names, by what the event is about (its label). */
function idsOf(event: JuspayEvent): IDataObject {
	const d = event.details;
	const fulfillment = isPlainObject(d.fulfillment) ? d.fulfillment : {};
	const orderId = text(d.merchantOrderId, d.orderId, event.body.orderId);
	switch (event.label) {
		case 'FULFILLMENT_ORDER':
			return { orderId, fulfillmentId: text(d.fulfillmentId, d.id), transactionId: null };
		case 'FULFILLMENT_TXN':
			return {
				orderId,
				fulfillmentId: text(d.fulfillmentId, fulfillment.id),
				transactionId: text(d.transactionId, d.transactionRef, d.id),
			};
		default:
			return { orderId, fulfillmentId: text(d.fulfillmentId), transactionId: null };
	}
}

const SECRET_KEY = /password|passwd|secret|token|api[-_]?key|authorization|custom[-_]?header/i;
const REDACTED = '[redacted]';
const MAX_DEPTH = 64;

/**
 * A copy of `value` without secrets: values under secret-looking keys (an order's `webhookDetails`
 * carries the webhook password) and any string equal to one of `secrets` become "[redacted]".
 */
export function redact(value: unknown, secrets: readonly string[], depth = 0): unknown {
	if (typeof value === 'string') return secrets.includes(value) ? REDACTED : value;
	if (typeof value !== 'object' || value === null) return value;
	if (depth >= MAX_DEPTH) return '[nested too deep]';
	if (Array.isArray(value)) return value.map((entry) => redact(entry, secrets, depth + 1));
	const copy: IDataObject = {};
	for (const [key, entry] of Object.entries(value)) {
		// defineProperty: a key named "__proto__" stays data instead of replacing the prototype.
		Object.defineProperty(copy, key, {
			value: SECRET_KEY.test(key) && entry !== null ? REDACTED : redact(entry, secrets, depth + 1),
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return copy;
}

/** The trigger's output item for one event. */
export function toOutputJson(
	event: JuspayEvent,
	receivedAt: Date,
	secrets: readonly string[],
): IDataObject {
	const d = event.details;
	const amount = typeof d.amount === 'number' || typeof d.amount === 'string' ? d.amount : null;
	return {
		eventId: event.id,
		event: event.name,
		label: event.label,
		value: event.value,
		category: text(event.body.category),
		...idsOf(event),
		customerId: text(d.merchantCustomerId, d.customerId),
		status: text(d.status) ?? event.value,
		amount,
		createdAt: text(d.createdAt),
		updatedAt: text(d.updatedAt, d.statusUpdatedAt),
		eventCreatedAt: text(event.body.date_created, event.body.createdAt),
		receivedAt: receivedAt.toISOString(),
		payload: redact(event.body, secrets) as IDataObject,
	};
}
