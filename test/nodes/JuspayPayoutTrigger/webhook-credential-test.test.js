'use strict';
/**
 * The Test button of the Juspay Payout Webhook API credential, at what a user pastes: spaces around the
 * custom header's name or value, a line break inside the value, and what it says when all is usable.
 * trigger.webhook.test.js covers the main cases.
 */
const { REPO_DIR } = require('../../../tools/story/fixtures');

const { JuspayPayoutTrigger } = require(
	`${REPO_DIR}/dist/nodes/JuspayPayoutTrigger/JuspayPayoutTrigger.node.js`,
);

const credentialTest = (data) =>
	new JuspayPayoutTrigger().methods.credentialTest.juspayPayoutWebhookApiTest.call(
		{},
		{ id: 'c1', name: 'Juspay webhook', type: 'juspayPayoutWebhookApi', data },
	);
const BASE = { username: 'juspay_hooks', password: 'fake-pw-1b2c' };

test('all usable: OK, and it says Juspay cannot confirm the values, so send a test webhook', async () => {
	expect(await credentialTest(BASE)).toEqual({
		status: 'OK',
		message:
			'The values are usable. Juspay cannot be asked to confirm them: send a test webhook from the Juspay dashboard to be sure.',
	});
});

test('a header name pasted with spaces around it is usable', async () => {
	const result = await credentialTest({ ...BASE, headerName: '  X-Token ', headerValue: 'fake-hv' });
	expect(result.status).toBe('OK');
});

test('a header value of spaces only, without a header name, is no custom header: usable', async () => {
	const result = await credentialTest({ ...BASE, headerName: '', headerValue: '   ' });
	expect(result.status).toBe('OK');
});

test('a line break inside the header value is refused, and the value is not repeated', async () => {
	const result = await credentialTest({ ...BASE, headerName: 'X-Token', headerValue: 'fake\nhv' });
	expect(result).toEqual({
		status: 'Error',
		message: 'The custom header value contains a control character (a pasted line break?).',
	});
});
