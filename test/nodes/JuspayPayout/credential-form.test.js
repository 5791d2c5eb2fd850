'use strict';
/**
 * The Juspay Payout API credential's form as n8n reads it. A field typed as a password is masked in the
 * form, and n8n's credential API blanks it whenever it sends a saved credential back to the browser
 * (n8n's CredentialsService.redactValues): the API key must be one. A required field cannot be saved
 * empty. A new credential starts from the defaults (Sandbox, empty fields). The field names are what
 * users' saved credentials hold: renaming one breaks them.
 */
const { createHarness } = require('../../harness');
const { credentialField, credentialFormFields } = require('../../helpers/credential-form');
const { REPO_DIR } = require('../../../tools/story/fixtures');

let harness;

beforeAll(async () => {
	harness = await createHarness({ packageDir: REPO_DIR });
});

afterAll(async () => {
	await harness?.close();
});

test('the API key is the one secret field; the key and the merchant ID cannot be saved empty; Sandbox by default', () => {
	expect(credentialFormFields(harness, 'juspayPayoutApi')).toEqual([
		{ name: 'apiKey', secret: true, required: true, default: '' },
		{ name: 'merchantId', secret: false, required: true, default: '' },
		{ name: 'environment', secret: false, required: false, default: 'sandbox' },
		{ name: 'baseUrl', secret: false, required: false, default: '' },
	]);
});

test('Environment offers Sandbox, Production and Custom Base URL, and a new credential starts on Sandbox', () => {
	// The values are what saved credentials hold (a rename breaks them); the default must be one of
	// them, or a new credential's Environment list shows no choice at all.
	const environment = credentialField(harness, 'juspayPayoutApi', 'environment');
	expect(environment.options.map(({ name, value }) => ({ name, value }))).toEqual([
		{ name: 'Sandbox', value: 'sandbox' },
		{ name: 'Production', value: 'production' },
		{ name: 'Custom Base URL', value: 'custom' },
	]);
	const chosen = environment.options.filter((option) => option.value === environment.default);
	expect(chosen.map((option) => option.name)).toEqual(['Sandbox']);
});
