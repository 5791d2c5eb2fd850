'use strict';
/**
 * The trigger's webhook() inside n8n-core's real WebhookContext, at the edges trigger.webhook.test.js
 * leaves: what a refusal carries (which answer asks for credentials), a credential missing its secrets
 * (refused, and said in n8n's log), a credential saved without the custom-header fields, a header value
 * saved with spaces around it, empty strings in an event, and what activating the trigger asks of Juspay.
 */
const { createWebhookHarness } = require('../../harness/webhook');
const { REPO_DIR } = require('../../../tools/story/fixtures');

// n8n-core's own copies: the logger a node's `this.logger` resolves to.
const fromCore = (name) => require(require.resolve(name, { paths: [require.resolve('n8n-core')] }));
const { Container } = fromCore('@n8n/di');
const { Logger } = fromCore('@n8n/backend-common');

const CREDENTIAL = { username: 'juspay_hooks', password: 'fake-webhook-pass-93f1' };
const basic = (u, p) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const AUTH = { authorization: basic(CREDENTIAL.username, CREDENTIAL.password) };

let harness;
beforeAll(async () => {
	harness = await createWebhookHarness({ packageDir: REPO_DIR });
});
afterAll(async () => harness?.close());
afterEach(() => jest.restoreAllMocks());

let counter = 0;
const event = (info = {}) => ({
	id: `evt_edge_${++counter}`,
	label: 'FULFILLMENT_ORDER',
	value: 'CANCELLED',
	info: { orderId: `order_${counter}`, status: 'CANCELLED', ...info },
});

const trigger = (credential = CREDENTIAL) =>
	harness.savedWorkflow({
		nodeType: 'juspayPayoutTrigger',
		credentials: { juspayPayoutWebhookApi: credential },
	});

test('a refused caller gets 401 "Unauthorized" with a Basic challenge; a bad body gets 400 without one', async () => {
	const wf = trigger();
	const refused = await wf.call({ headers: {}, body: event() });
	expect(refused.status).toBe(401);
	expect(refused.body).toEqual({ message: 'Unauthorized' });
	expect(refused.headers['www-authenticate']).toBe('Basic realm="Juspay Payout webhook"');

	const bad = await wf.call({ headers: AUTH, body: { hello: 'world' } });
	expect(bad.status).toBe(400);
	expect(bad.body).toEqual({ message: 'Not a Juspay Payout event: the event has no usable "id"' });
	expect(bad.headers).not.toHaveProperty('www-authenticate');
	expect(bad.started).toBe(false);
});

test.each([
	['no password', { username: 'juspay_hooks', password: '' }],
	['no username', { username: '', password: 'fake-webhook-pass-93f1' }],
])('a credential with %s: every call refused, and n8n logs why', async (_name, credential) => {
	const warn = jest.spyOn(Container.get(Logger), 'warn').mockImplementation(() => {});
	const answer = await trigger(credential).call({
		headers: { authorization: basic(credential.username, credential.password) },
		body: event(),
	});
	expect(answer.status).toBe(401);
	expect(warn).toHaveBeenCalledWith(
		'Juspay Payout Trigger: its credential has no username or password, so every call is refused',
	);
});

test('a complete credential logs no warning', async () => {
	const warn = jest.spyOn(Container.get(Logger), 'warn').mockImplementation(() => {});
	expect((await trigger().call({ headers: AUTH, body: event() })).started).toBe(true);
	expect(warn).not.toHaveBeenCalled();
});

test('a credential saved without the custom-header fields needs no custom header', async () => {
	const answer = await trigger({ ...CREDENTIAL }).call({ headers: AUTH, body: event() });
	expect(answer.started).toBe(true);
});

test('a credential with a header name but no saved value wants that header, empty', async () => {
	const wf = trigger({ ...CREDENTIAL, headerName: 'X-Token' });
	expect((await wf.call({ headers: AUTH, body: event() })).status).toBe(401);
	expect((await wf.call({ headers: { ...AUTH, 'x-token': '' }, body: event() })).started).toBe(true);
});

test('a header value saved with spaces around it is redacted from the payload as Juspay sends it', async () => {
	const wf = trigger({ ...CREDENTIAL, headerName: 'X-Token', headerValue: '  fake-token-77aa  ' });
	const answer = await wf.call({
		headers: { ...AUTH, 'x-token': 'fake-token-77aa' },
		body: event({ note: 'fake-token-77aa' }),
	});
	expect(answer.items[0].json.payload.info.note).toBe('[redacted]');
});

test('empty strings in an event stay empty strings (an empty secret redacts nothing)', async () => {
	const answer = await trigger().call({ headers: AUTH, body: event({ reason: '', remarks: [''] }) });
	expect(answer.items[0].json.payload.info).toMatchObject({ reason: '', remarks: [''] });
});

describe('the node as n8n lists and activates it', () => {
	const { JuspayPayoutTrigger } = require(
		`${REPO_DIR}/dist/nodes/JuspayPayoutTrigger/JuspayPayoutTrigger.node.js`,
	);
	const node = new JuspayPayoutTrigger();

	test('it is in the editor\'s trigger group', () => {
		expect(node.description.group).toEqual(['trigger']);
	});

	test('activating and deactivating register nothing at Juspay, and never fail', async () => {
		// Juspay has no API to register a webhook URL: the merchant pastes it into the dashboard.
		const hooks = node.webhookMethods.default;
		expect(await hooks.checkExists.call({})).toBe(true);
		expect(await hooks.create.call({})).toBe(true);
		expect(await hooks.delete.call({})).toBe(true);
	});
});
