'use strict';
/**
 * The trigger's webhook() inside n8n-core's real WebhookContext (parameters with n8n's defaults,
 * credentials through the credentials helper, static data as n8n's ObservableObject and saved back
 * like n8n's database): verification, parsing, filtering, dedupe, output. Real n8n runs the same
 * cases end to end in test/e2e.
 */
const fc = require('fast-check');
const { createWebhookHarness } = require('../../harness/webhook');
const { REPO_DIR } = require('../../../tools/story/fixtures');

const RUNS = Number(process.env.PROPERTY_RUNS || 100);
const CREDENTIAL = { username: 'juspay_hooks', password: 'fake-webhook-pass-93f1' };
const WITH_HEADER = {
	...CREDENTIAL,
	headerName: 'X-Juspay-Token',
	headerValue: 'fake-header-token-5c2e',
};
const basic = (u, p) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const AUTH = { authorization: basic(CREDENTIAL.username, CREDENTIAL.password) };

let harness;
beforeAll(async () => {
	harness = await createWebhookHarness({ packageDir: REPO_DIR });
});
afterAll(async () => harness?.close());

let eventCounter = 0;
function cancelledEvent(overrides = {}) {
	eventCounter++;
	return {
		id: `evt_${eventCounter}`,
		category: 'PAYOUT',
		label: 'FULFILLMENT_ORDER',
		value: 'CANCELLED',
		info: {
			id: `ord${eventCounter}-f1`,
			orderId: `order_${eventCounter}`,
			status: 'CANCELLED',
			amount: 15,
		},
		...overrides,
	};
}

function trigger({ credential = CREDENTIAL, events } = {}) {
	return harness.savedWorkflow({
		nodeType: 'juspayPayoutTrigger',
		parameters: events ? { events } : {},
		credentials: { juspayPayoutWebhookApi: credential },
	});
}

describe('verification: 401 and no execution', () => {
	test.each([
		['no Authorization', {}],
		['wrong password', { authorization: basic(CREDENTIAL.username, 'guess') }],
		['wrong username', { authorization: basic('juspay', CREDENTIAL.password) }],
		['Bearer instead of Basic', { authorization: `Bearer ${CREDENTIAL.password}` }],
		['password sent as the username', { authorization: basic(CREDENTIAL.password, '') }],
	])('%s', async (_name, headers) => {
		const answer = await trigger().call({ headers, body: cancelledEvent() });
		expect(answer.status).toBe(401);
		expect(answer.started).toBe(false);
		expect(answer.headers['www-authenticate']).toMatch(/^Basic /);
		const text = JSON.stringify(answer.body);
		for (const secret of Object.values(CREDENTIAL)) expect(text).not.toContain(secret);
	});

	test('with a custom header set: the right Basic auth alone is not enough', async () => {
		const wf = trigger({ credential: WITH_HEADER });
		expect((await wf.call({ headers: AUTH, body: cancelledEvent() })).status).toBe(401);
		expect(
			(await wf.call({ headers: { ...AUTH, 'x-juspay-token': 'nope' }, body: cancelledEvent() }))
				.status,
		).toBe(401);
		const ok = await wf.call({
			headers: { ...AUTH, 'x-juspay-token': WITH_HEADER.headerValue },
			body: cancelledEvent(),
		});
		expect(ok.status).toBe(200);
		expect(ok.started).toBe(true);
	});

	test('a refused call records nothing: the same event with the right auth still starts', async () => {
		const wf = trigger();
		const event = cancelledEvent();
		await wf.call({ headers: {}, body: event });
		expect(wf.saves()).toBe(0);
		expect((await wf.call({ headers: AUTH, body: event })).started).toBe(true);
	});

	test('any wrong Basic auth is refused, the right one always accepted', async () => {
		await fc.assert(
			fc.asyncProperty(fc.string({ maxLength: 20 }), fc.string({ maxLength: 30 }), async (u, p) => {
				fc.pre(!u.includes(':'));
				const right = u === CREDENTIAL.username && p === CREDENTIAL.password;
				const answer = await trigger().call({
					headers: { authorization: basic(u, p) },
					body: cancelledEvent(),
				});
				expect(answer.status).toBe(right ? 200 : 401);
				expect(answer.started).toBe(right);
			}),
			{ numRuns: RUNS },
		);
	});
});

describe('parsing: 400 and no execution for a body that is not a Juspay event', () => {
	test.each([
		['empty object', {}],
		['no id', { label: 'ORDER', value: 'FULFILLMENTS_SCHEDULED' }],
		['no label', { id: 'e', value: 'SUCCESS' }],
		['no value', { id: 'e', label: 'ORDER' }],
		['plain text', 'hello'],
	])('%s', async (_name, body) => {
		const answer = await trigger().call({ headers: AUTH, body });
		expect(answer.status).toBe(400);
		expect(answer.body.message).toMatch(/^Not a Juspay Payout event: /);
		expect(answer.started).toBe(false);
	});
});

describe('events parameter', () => {
	test('default: all events, including ones Juspay has not documented', async () => {
		const answer = await trigger().call({
			headers: AUTH,
			body: cancelledEvent({ label: 'NEW_THING', value: 'HAPPENED' }),
		});
		expect(answer.started).toBe(true);
		expect(answer.items[0].json.event).toBe('NEW_THING.HAPPENED');
	});

	test('an event not selected: 200, nothing started, and its id is not remembered', async () => {
		const wf = trigger({ events: ['FULFILLMENT_ORDER.CANCELLED'] });
		const success = cancelledEvent({ value: 'SUCCESS' });
		const answer = await wf.call({ headers: AUTH, body: success });
		expect(answer.status).toBe(200);
		expect(answer.started).toBe(false);
		expect(answer.body).toEqual({
			received: true,
			eventId: success.id,
			started: false,
			reason: 'FULFILLMENT_ORDER.SUCCESS is not selected',
		});
		expect(wf.saves()).toBe(0);
		expect((await wf.call({ headers: AUTH, body: cancelledEvent() })).started).toBe(true);
	});
});

describe('never twice', () => {
	test('the same event id again: 200, nothing started; static data holds the id', async () => {
		const wf = trigger();
		const event = cancelledEvent();
		expect((await wf.call({ headers: AUTH, body: event })).started).toBe(true);
		const again = await wf.call({ headers: AUTH, body: { ...event, value: 'CANCELLED' } });
		expect(again.status).toBe(200);
		expect(again.started).toBe(false);
		expect(again.body.reason).toBe('this event id was already received');
		const stored = wf.staticData()['node:Juspay Payout Trigger'].seenEventIds;
		expect(stored.map(([id]) => id)).toEqual([event.id]);
	});

	test('after a restart (a new process: only static data knows) the repeat is still caught', async () => {
		const before = trigger();
		const event = cancelledEvent();
		await before.call({ headers: AUTH, body: event });
		const after = trigger(); // another workflow id: nothing in this process's memory for it
		after.setStaticData(before.staticData());
		expect((await after.call({ headers: AUTH, body: event })).started).toBe(false);
		expect((await after.call({ headers: AUTH, body: cancelledEvent() })).started).toBe(true);
	});

	test('two copies arriving at the same time start one execution', async () => {
		const wf = trigger();
		const event = cancelledEvent();
		const answers = await Promise.all([1, 2, 3].map(() => wf.call({ headers: AUTH, body: event })));
		expect(answers.filter((a) => a.started)).toHaveLength(1);
		expect(answers.every((a) => a.status === 200)).toBe(true);
	});

	test('concurrent different events overwrite each other in static data, yet every repeat is caught', async () => {
		const wf = trigger();
		const events = Array.from({ length: 5 }, () => cancelledEvent());
		const first = await Promise.all(events.map((event) => wf.call({ headers: AUTH, body: event })));
		expect(first.every((a) => a.started)).toBe(true);
		const repeats = await Promise.all(
			events.map((event) => wf.call({ headers: AUTH, body: event })),
		);
		expect(repeats.filter((a) => a.started)).toHaveLength(0);
	});

	test('"Listen for test event" (manual mode): the same sample may start again', async () => {
		const wf = trigger();
		const event = cancelledEvent();
		expect((await wf.call({ headers: AUTH, body: event }, { mode: 'manual' })).started).toBe(true);
		expect((await wf.call({ headers: AUTH, body: event }, { mode: 'manual' })).started).toBe(true);
	});
});

describe('output', () => {
	test('one item per event, the documented fields, payload without secrets', async () => {
		const wf = trigger({ credential: WITH_HEADER });
		const event = cancelledEvent({
			date_created: '2026-11-30T09:59:59Z',
			info: {
				id: 'f46f9b8d843416e8c746c3e306a5f4-f1',
				orderId: 'order_77',
				status: 'CANCELLED',
				amount: 15,
				createdAt: '2026-11-30T09:00:00Z',
				updatedAt: '2026-11-30T09:59:58Z',
				additionalInfo: {
					webhookDetails: {
						username: 'juspay_hooks',
						password: WITH_HEADER.password,
						customHeader: 'x',
					},
				},
				note: WITH_HEADER.headerValue,
			},
		});
		const before = Date.now();
		const answer = await wf.call({
			headers: { ...AUTH, 'x-juspay-token': WITH_HEADER.headerValue },
			body: event,
		});
		expect(answer.items).toHaveLength(1);
		const { json } = answer.items[0];
		expect(json).toMatchObject({
			eventId: event.id,
			event: 'FULFILLMENT_ORDER.CANCELLED',
			label: 'FULFILLMENT_ORDER',
			value: 'CANCELLED',
			orderId: 'order_77',
			fulfillmentId: 'f46f9b8d843416e8c746c3e306a5f4-f1',
			status: 'CANCELLED',
			amount: 15,
			createdAt: '2026-11-30T09:00:00Z',
			updatedAt: '2026-11-30T09:59:58Z',
			eventCreatedAt: '2026-11-30T09:59:59Z',
		});
		expect(Date.parse(json.receivedAt)).toBeGreaterThanOrEqual(before - 1);
		expect(json.payload.info.orderId).toBe('order_77');
		const text = JSON.stringify(answer.items);
		expect(text).not.toContain(WITH_HEADER.password);
		expect(text).not.toContain(WITH_HEADER.headerValue);
		expect(text).not.toContain(AUTH.authorization);
	});
});

describe('credential test (testedBy)', () => {
	const { JuspayPayoutTrigger } = require(
		`${REPO_DIR}/dist/nodes/JuspayPayoutTrigger/JuspayPayoutTrigger.node.js`,
	);
	const credentialTest = (data) =>
		new JuspayPayoutTrigger().methods.credentialTest.juspayPayoutWebhookApiTest.call(
			{},
			{ id: 'c1', name: 'Juspay webhook', type: 'juspayPayoutWebhookApi', data },
		);
	const PW = 'pw-7d1e0b';
	const HV = 'hv-44a9c1';

	test.each([
		[{ username: 'u', password: PW }, 'OK'],
		[{ username: 'u', password: PW, headerName: 'X-Token', headerValue: HV }, 'OK'],
		[{ username: '', password: PW }, 'Error'],
		[{ username: 'u', password: '' }, 'Error'],
		[{ username: 'a:b', password: PW }, 'Error'],
		[{ username: 'u', password: `${PW}\n` }, 'Error'],
		[{ username: 'u', password: PW, headerName: 'X Token', headerValue: HV }, 'Error'],
		[{ username: 'u', password: PW, headerName: 'Authorization', headerValue: HV }, 'Error'],
		[{ username: 'u', password: PW, headerName: 'X-Token', headerValue: '' }, 'Error'],
		[{ username: 'u', password: PW, headerName: '', headerValue: HV }, 'Error'],
	])('%j: %s, without echoing a secret', async (data, status) => {
		const result = await credentialTest(data);
		expect(result.status).toBe(status);
		expect(result.message).not.toContain(PW);
		expect(result.message).not.toContain(HV);
	});
});
