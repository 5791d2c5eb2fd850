'use strict';
/**
 * Reading Juspay's webhook bodies: what counts as an event (else 400), the output item, and that no
 * secret reaches the item. Examples from Juspay's documented envelope plus generated bodies.
 */
const path = require('node:path');
const fc = require('fast-check');
const { REPO_DIR } = require('../../../tools/story/fixtures');

const { parseEvent, toOutputJson, redact, MAX_EVENT_ID_LENGTH } = require(
	path.join(REPO_DIR, 'dist/nodes/JuspayPayoutTrigger/event.js'),
);
const { eventOptions, EVENT_CATALOG, isSelected } = require(
	path.join(REPO_DIR, 'dist/nodes/JuspayPayoutTrigger/events.js'),
);

const RUNS = Number(process.env.PROPERTY_RUNS || 300);
const RECEIVED = new Date('2026-11-30T10:00:00.000Z');

const fulfillmentEvent = (details = {}) => ({
	id: 'evt_7f3a',
	category: 'PAYOUT',
	label: 'FULFILLMENT_ORDER',
	value: 'CANCELLED',
	date_created: '2026-11-30T09:59:59Z',
	info: {
		id: 'f46f9b8d843416e8c746c3e306a5f4-f1',
		orderId: 'order_1001',
		merchantCustomerId: 'cust_42',
		status: 'CANCELLED',
		amount: 12.5,
		createdAt: '2026-11-30T09:00:00Z',
		updatedAt: '2026-11-30T09:59:58Z',
		...details,
	},
});

describe('parseEvent', () => {
	test.each([
		['not an object', 'hello', 'the body is not a JSON object'],
		['an array', [{ id: 'e', label: 'ORDER', value: 'X' }], 'the body is not a JSON object'],
		['null', null, 'the body is not a JSON object'],
		['no id', { label: 'ORDER', value: 'FULFILLMENTS_SCHEDULED' }, 'the event has no usable "id"'],
		['blank id', { id: '  ', label: 'ORDER', value: 'X' }, 'the event has no usable "id"'],
		['object id', { id: { a: 1 }, label: 'ORDER', value: 'X' }, 'the event has no usable "id"'],
		[
			'huge id',
			{ id: 'e'.repeat(MAX_EVENT_ID_LENGTH + 1), label: 'ORDER', value: 'X' },
			'the event has no usable "id"',
		],
		['no label', { id: 'e1', value: 'SUCCESS' }, 'the event has no usable "label"'],
		[
			'label with spaces inside',
			{ id: 'e1', label: 'FULFILLMENT ORDER', value: 'SUCCESS' },
			'the event has no usable "label"',
		],
		['no value', { id: 'e1', label: 'ORDER' }, 'the event has no usable "value"'],
		['numeric value', { id: 'e1', label: 'ORDER', value: 5 }, 'the event has no usable "value"'],
	])('%s: a problem, no event', (_name, body, problem) => {
		expect(parseEvent(body)).toEqual({ problem });
	});

	test('details under "info" or "payoutInfo"; JSON sent as text is read too; labels are upper-cased', () => {
		const info = { id: 'f1', status: 'SUCCESS' };
		const a = parseEvent({ id: 'e1', label: 'FULFILLMENT_ORDER', value: 'SUCCESS', info });
		const b = parseEvent({
			id: 'e1',
			label: 'fulfillment_order',
			value: 'success',
			payoutInfo: info,
		});
		const c = parseEvent(
			JSON.stringify({ id: 7, label: 'FULFILLMENT_ORDER', value: 'SUCCESS', info }),
		);
		for (const parsed of [a, b, c]) {
			expect(parsed.event.name).toBe('FULFILLMENT_ORDER.SUCCESS');
			expect(parsed.event.details).toEqual(info);
		}
		expect(c.event.id).toBe('7');
	});

	test('any JSON body: never throws; an event exactly when id, label and value are usable', () => {
		const envelope = fc.record(
			{
				id: fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null), fc.object()),
				label: fc.oneof(
					fc.constantFrom(...Object.keys(EVENT_CATALOG)),
					fc.string({ maxLength: 10 }),
					fc.integer(),
				),
				value: fc.oneof(
					fc.constantFrom('SUCCESS', 'CANCELLED', 'failure'),
					fc.string({ maxLength: 10 }),
				),
				info: fc.oneof(fc.object(), fc.string(), fc.constant(null)),
			},
			{ requiredKeys: [] },
		);
		fc.assert(
			fc.property(fc.oneof(envelope, fc.jsonValue()), (body) => {
				const parsed = parseEvent(body);
				const usable = (s) =>
					typeof s === 'string' && /^[A-Z0-9_]{1,64}$/.test(s.trim().toUpperCase());
				const ok =
					typeof body === 'object' &&
					body !== null &&
					!Array.isArray(body) &&
					((typeof body.id === 'string' && body.id.trim() !== '') || Number.isFinite(body.id)) &&
					usable(body.label) &&
					usable(body.value);
				expect('event' in parsed).toBe(ok);
				if (ok) {
					expect(parsed.event.name).toBe(
						`${body.label.trim().toUpperCase()}.${body.value.trim().toUpperCase()}`,
					);
					expect(typeof parsed.event.details).toBe('object');
				}
			}),
			{ numRuns: RUNS },
		);
	});
});

describe('toOutputJson', () => {
	test('a fulfillment event: ids, status, amount, Juspay timestamps, receivedAt, the whole payload', () => {
		const body = fulfillmentEvent();
		const json = toOutputJson(parseEvent(body).event, RECEIVED, []);
		expect(json).toEqual({
			eventId: 'evt_7f3a',
			event: 'FULFILLMENT_ORDER.CANCELLED',
			label: 'FULFILLMENT_ORDER',
			value: 'CANCELLED',
			category: 'PAYOUT',
			orderId: 'order_1001',
			fulfillmentId: 'f46f9b8d843416e8c746c3e306a5f4-f1',
			transactionId: null,
			customerId: 'cust_42',
			status: 'CANCELLED',
			amount: 12.5,
			createdAt: '2026-11-30T09:00:00Z',
			updatedAt: '2026-11-30T09:59:58Z',
			eventCreatedAt: '2026-11-30T09:59:59Z',
			receivedAt: '2026-11-30T10:00:00.000Z',
			payload: body,
		});
	});

	test('an order event names the order only; a transaction event the transaction and its fulfillment', () => {
		const order = toOutputJson(
			parseEvent({
				id: 'e2',
				label: 'ORDER',
				value: 'FULFILLMENTS_CANCELLED',
				payoutInfo: {
					id: 'juspay_internal_9',
					merchantOrderId: 'order_1001',
					status: 'FULFILLMENTS_CANCELLED',
					amount: '12.50',
				},
			}).event,
			RECEIVED,
			[],
		);
		expect(order).toMatchObject({
			orderId: 'order_1001',
			fulfillmentId: null,
			transactionId: null,
			amount: '12.50',
		});
		const txn = toOutputJson(
			parseEvent({
				id: 'e3',
				label: 'FULFILLMENT_TXN',
				value: 'SUCCESS',
				info: { transactionRef: 'tx9', fulfillmentId: 'f1', orderId: 'o1', status: 'SUCCESS' },
			}).event,
			RECEIVED,
			[],
		);
		expect(txn).toMatchObject({
			orderId: 'o1',
			fulfillmentId: 'f1',
			transactionId: 'tx9',
			status: 'SUCCESS',
		});
	});

	test('no details at all: ids and timestamps null, status is the event value', () => {
		const json = toOutputJson(
			parseEvent({ id: 'e4', label: 'VALIDATION_V2', value: 'VALID' }).event,
			RECEIVED,
			[],
		);
		expect(json).toMatchObject({
			orderId: null,
			fulfillmentId: null,
			status: 'VALID',
			amount: null,
			createdAt: null,
		});
	});

	test("the webhook's own password in the order's webhookDetails never reaches the item", () => {
		const body = fulfillmentEvent({
			additionalInfo: {
				webhookDetails: {
					url: 'https://n8n.example/webhook/x/webhook',
					username: 'juspay',
					password: 's3cret!',
					customHeader: '{"x-token":"t0k"}',
				},
			},
			remark: 's3cret!',
		});
		const json = toOutputJson(parseEvent(body).event, RECEIVED, ['s3cret!', 't0k']);
		const text = JSON.stringify(json);
		expect(text).not.toContain('s3cret!');
		expect(text).not.toContain('t0k');
		expect(json.payload.info.additionalInfo.webhookDetails).toEqual({
			url: 'https://n8n.example/webhook/x/webhook',
			username: 'juspay',
			password: '[redacted]',
			customHeader: '[redacted]',
		});
	});
});

describe('redact', () => {
	const SECRET_KEYS = [
		'password',
		'apiKey',
		'api_key',
		'clientSecret',
		'authorization',
		'customHeader',
		'accessToken',
	];
	test('any JSON: same shape, no secret value left, secret-named keys redacted, "__proto__" kept as data', () => {
		const secret = fc.string({ minLength: 4, maxLength: 12 });
		const key = fc.oneof(
			fc.string({ maxLength: 8 }),
			fc.constantFrom(...SECRET_KEYS, '__proto__', 'constructor'),
		);
		const json = fc.letrec((tie) => ({
			value: fc.oneof(
				{ depthSize: 'small' },
				fc.string(),
				fc.integer(),
				fc.boolean(),
				fc.constant(null),
				tie('array'),
				tie('object'),
			),
			array: fc.array(tie('value'), { maxLength: 4 }),
			object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
		})).value;
		fc.assert(
			fc.property(json, secret, (value, s) => {
				// Plant the secret as a value somewhere predictable too.
				const input = JSON.parse(JSON.stringify({ a: value, b: s }));
				const out = redact(input, [s]);
				const walk = (x, y, keyName) => {
					if (typeof x === 'string') {
						expect(y).toBe(x === s ? '[redacted]' : x);
					} else if (Array.isArray(x)) {
						expect(Array.isArray(y)).toBe(true);
						x.forEach((e, i) => walk(e, y[i]));
					} else if (x && typeof x === 'object') {
						expect(Object.getPrototypeOf(y)).toBe(Object.prototype);
						expect(Object.keys(y)).toEqual(Object.keys(x));
						for (const k of Object.keys(x)) {
							const secretish =
								/password|passwd|secret|token|api[-_]?key|authorization|custom[-_]?header/i.test(k);
							if (secretish && x[k] !== null) expect(y[k]).toBe('[redacted]');
							else walk(x[k], y[k], k);
						}
					} else {
						expect(y).toBe(x);
					}
					return keyName;
				};
				walk(input, out);
				expect(input).toEqual(JSON.parse(JSON.stringify({ a: value, b: s }))); // input untouched
			}),
			{ numRuns: RUNS },
		);
	});

	test('a body nested deeper than 64 levels is cut there, without a stack overflow', () => {
		let deep = { password: 'x' };
		for (let i = 0; i < 10_000; i++) deep = { d: deep };
		const out = redact(deep, []);
		let node = out;
		let depth = 0;
		while (typeof node === 'object') {
			node = node.d;
			depth++;
		}
		expect(node).toBe('[nested too deep]');
		expect(depth).toBe(64);
	});
});

describe('events', () => {
	test('every documented LABEL.VALUE is an option, sorted by name, each value once', () => {
		const options = eventOptions();
		const values = options.map((o) => o.value);
		const documented = Object.entries(EVENT_CATALOG).flatMap(([label, vals]) =>
			Object.keys(vals).map((v) => `${label}.${v}`),
		);
		expect(values.sort()).toEqual(documented.sort());
		expect(new Set(values).size).toBe(values.length);
		const names = eventOptions().map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(values).toContain('FULFILLMENT_ORDER.CANCELLED');
		expect(values).toContain('ORDER.FULFILLMENTS_CANCELLED');
	});

	test('selection: "*" takes everything, undocumented events included; otherwise exact names only', () => {
		expect(isSelected(['*'], 'NEW_LABEL.NEW_VALUE')).toBe(true);
		expect(isSelected(['FULFILLMENT_ORDER.CANCELLED'], 'FULFILLMENT_ORDER.CANCELLED')).toBe(true);
		expect(isSelected(['FULFILLMENT_ORDER.CANCELLED'], 'FULFILLMENT_TXN.CANCELLED')).toBe(false);
		expect(isSelected([], 'ORDER.FULFILLMENTS_SCHEDULED')).toBe(false);
	});
});
