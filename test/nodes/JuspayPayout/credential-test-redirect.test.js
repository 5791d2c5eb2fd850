'use strict';
/**
 * The credential's Test button follows no redirect: a Base URL that answers 302 to another host must
 * not make n8n send the API key there. The "other host" is a second loopback server that records
 * whatever reaches it.
 */
const { createHarness } = require('../../harness');
const { startScriptedServer } = require('../../helpers/scripted-server');
const { testCredential } = require('../../helpers/credential-tester');
const { REPO_DIR, credentialFor } = require('../../../tools/story/fixtures');

let harness;
let elsewhere;
let redirecting;

beforeAll(async () => {
	harness = await createHarness({ packageDir: REPO_DIR });
	elsewhere = await startScriptedServer(() => ({ status: 200, body: { DUMMY_IMPS: { balance: '1' } } }));
	redirecting = await startScriptedServer(() => ({
		status: 302,
		headers: { location: `${elsewhere.url}/payout/merchant/v1/getways/balance` },
		body: '',
	}));
});

afterAll(async () => {
	await redirecting?.close();
	await elsewhere?.close();
	await harness?.close();
});

test('a 302 from the Base URL is not followed: the key goes nowhere else, and the test does not pass', async () => {
	const result = await testCredential(harness, 'juspayPayoutApi', credentialFor(redirecting.url));

	expect(redirecting.requests).toHaveLength(1);
	expect(elsewhere.requests).toEqual([]);
	expect(result.status).toBe('Error');
});
