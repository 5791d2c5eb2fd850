'use strict';
/**
 * Reading a webhook body at its edges: the longest id, numbers JSON cannot hold, labels with spaces
 * around them, empty or numeric ids in the details, null where an object is expected, secrets under
 * the custom header's key, arrays nested too deep, and what the Events list calls each event.
 * event.test.js covers the documented envelope and generated bodies.
 */
const path = require('node:path');
const { REPO_DIR } = require('../../../tools/story/fixtures');

const { parseEvent, toOutputJson, redact, MAX_EVENT_ID_LENGTH } = require(
	path.join(REPO_DIR, 'dist/nodes/JuspayPayoutTrigger/event.js'),
);
const { eventOptions } = require(path.join(REPO_DIR, 'dist/nodes/JuspayPayoutTrigger/events.js'));

const RECEIVED = new Date('2026-11-30T10:00:00.000Z');

/** The output item of a body that must parse. */
function itemOf(body, secrets = []) {
	const parsed = parseEvent(body);
	expect(parsed).toHaveProperty('event');
	return toOutputJson(parsed.event, RECEIVED, secrets);
}

test(`an id of exactly ${MAX_EVENT_ID_LENGTH} characters is an event id; one more is not`, () => {
	const id = 'e'.repeat(MAX_EVENT_ID_LENGTH);
	expect(parseEvent({ id, label: 'ORDER', value: 'SUCCESS' }).event.id).toBe(id);
	expect(parseEvent({ id: `${id}e`, label: 'ORDER', value: 'SUCCESS' })).toEqual({
		problem: 'the event has no usable "id"',
	});
});

test('a numeric id too large for a number (JSON 1e400 reads as Infinity) is no event id', () => {
	expect(parseEvent('{"id":1e400,"label":"ORDER","value":"SUCCESS"}')).toEqual({
		problem: 'the event has no usable "id"',
	});
	expect(parseEvent('{"id":12,"label":"ORDER","value":"SUCCESS"}').event.id).toBe('12');
});

test('label and value are read with the spaces around them trimmed', () => {
	const parsed = parseEvent({ id: 'e1', label: ' fulfillment_order ', value: '\tCANCELLED\n' });
	expect(parsed.event.name).toBe('FULFILLMENT_ORDER.CANCELLED');
});

test('null details, or a null fulfillment, give null ids instead of failing the call', () => {
	expect(parseEvent(null)).toEqual({ problem: 'the body is not a JSON object' });
	expect(parseEvent('null')).toEqual({ problem: 'the body is not a JSON object' });
	const txn = itemOf({
		id: 'e2',
		label: 'FULFILLMENT_TXN',
		value: 'SUCCESS',
		info: null,
		payoutInfo: null,
	});
	expect(txn).toMatchObject({ orderId: null, fulfillmentId: null, transactionId: null, status: 'SUCCESS' });
	const withNullFulfillment = itemOf({
		id: 'e3',
		label: 'FULFILLMENT_TXN',
		value: 'SUCCESS',
		info: { fulfillment: null, transactionRef: 'txn_9' },
	});
	expect(withNullFulfillment).toMatchObject({ fulfillmentId: null, transactionId: 'txn_9' });
});

test('an empty id in the details gives way to the next place Juspay puts it', () => {
	const item = itemOf({
		id: 'e4',
		label: 'FULFILLMENT_ORDER',
		value: 'SUCCESS',
		info: { merchantOrderId: '', orderId: 'order_5', fulfillmentId: '', id: 'order_5-f1' },
	});
	expect(item).toMatchObject({ orderId: 'order_5', fulfillmentId: 'order_5-f1' });
});

test('numeric ids in the details become text; a number JSON cannot hold is skipped', () => {
	const item = itemOf(
		'{"id":"e5","label":"FULFILLMENT_TXN","value":"SUCCESS","orderId":77,' +
			'"info":{"fulfillmentId":1e400,"fulfillment":{"id":31},"transactionId":1e400,"transactionRef":"ref_1","amount":5}}',
	);
	expect(item).toMatchObject({
		orderId: '77',
		fulfillmentId: '31',
		transactionId: 'ref_1',
		amount: 5,
	});
	const noIds = itemOf({ id: 'e6', label: 'ORDER', value: 'SUCCESS', info: { fulfillmentId: true } });
	expect(noIds.fulfillmentId).toBeNull();
});

test('values under the custom header key are redacted, spelled with "-", "_" or nothing', () => {
	const body = {
		webhookDetails: { 'custom-header': 'v1', custom_header: 'v2', customHeader: 'v3', username: 'u' },
	};
	expect(redact(body, [])).toEqual({
		webhookDetails: {
			'custom-header': '[redacted]',
			custom_header: '[redacted]',
			customHeader: '[redacted]',
			username: 'u',
		},
	});
});

test('arrays nested deeper than 64 levels are cut there too', () => {
	let deep = 'bottom';
	for (let i = 0; i < 100; i++) deep = [deep];
	const copy = redact(deep, []);
	let depth = 0;
	let cursor = copy;
	while (Array.isArray(cursor)) {
		cursor = cursor[0];
		depth++;
	}
	expect(depth).toBe(64);
	expect(cursor).toBe('[nested too deep]');
});

test('the payload is plain data: later nodes can change and delete its fields', () => {
	const item = itemOf({ id: 'e7', label: 'ORDER', value: 'SUCCESS', info: { status: 'SUCCESS' } });
	item.payload.info.status = 'changed';
	expect(item.payload.info.status).toBe('changed');
	delete item.payload.info.status;
	expect(item.payload.info).toEqual({});
});

test('the Events list names each event by its label and value in words', () => {
	const names = new Map(eventOptions().map((o) => [o.value, o.name]));
	expect(names.get('FULFILLMENT_ORDER.CANCELLED')).toBe('Fulfillment Cancelled');
	expect(names.get('ORDER.FULFILLMENTS_SCHEDULED')).toBe('Order Fulfillments Scheduled');
	expect(names.get('FULFILLMENT_TXN.SUCCESS')).toBe('Transaction Success');
});
