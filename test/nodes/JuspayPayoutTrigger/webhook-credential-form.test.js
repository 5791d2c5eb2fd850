'use strict';
/**
 * The Juspay Payout Webhook API credential's form as n8n reads it. A field typed as a password is masked
 * in the form, and n8n's credential API blanks it whenever it sends a saved credential back to the
 * browser (n8n's CredentialsService.redactValues): the webhook password and the custom header's value
 * are shared secrets. A required field cannot be saved empty: without a username and password the
 * trigger could not tell Juspay from anyone else. The field names are what users' saved credentials
 * hold: renaming one breaks them. A new credential starts with every field empty.
 */
const { createHarness } = require('../../harness');
const { credentialFormFields } = require('../../helpers/credential-form');
const { REPO_DIR } = require('../../../tools/story/fixtures');

let harness;

beforeAll(async () => {
	harness = await createHarness({ packageDir: REPO_DIR });
});

afterAll(async () => {
	await harness?.close();
});

test('the password and the custom header value are secret; the username and password cannot be saved empty', () => {
	expect(credentialFormFields(harness, 'juspayPayoutWebhookApi')).toEqual([
		{ name: 'username', secret: false, required: true, default: '' },
		{ name: 'password', secret: true, required: true, default: '' },
		{ name: 'headerName', secret: false, required: false, default: '' },
		{ name: 'headerValue', secret: true, required: false, default: '' },
	]);
});
