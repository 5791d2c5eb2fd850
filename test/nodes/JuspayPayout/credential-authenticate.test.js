'use strict';
/**
 * The credential's `authenticate` is a function (n8n calls it for every request of this node, of the HTTP
 * Request node with this credential, and of the credential test): what it adds to a request, and what it
 * leaves alone. That real n8n applies it is shown end to end (the e2e suites check the Authorization and
 * x-merchantid headers the emulator saw, and the credential test).
 */
const path = require('node:path');
const { REPO_DIR, API_KEY, MERCHANT_ID } = require('../../../tools/story/fixtures');

const { JuspayPayoutApi } = require(
	path.join(REPO_DIR, 'dist/credentials/JuspayPayoutApi.credentials.js'),
);

const credentials = {
	apiKey: API_KEY,
	merchantId: MERCHANT_ID,
	environment: 'sandbox',
	baseUrl: '',
};

test('HTTP Basic with the key as username and an empty password, and x-merchantid; the other headers kept', async () => {
	const { authenticate } = new JuspayPayoutApi(); // n8n may call it unbound
	const request = {
		method: 'POST',
		url: 'https://sandbox.juspay.in/payout/merchant/v1/fulfillment/f-1/cancel',
		headers: { Accept: 'application/json', 'x-routing-id': 'cust_1' },
		timeout: 30000,
	};
	const before = JSON.parse(JSON.stringify(request));
	const out = await authenticate(credentials, request);
	expect(out).toEqual({
		...before,
		auth: { username: API_KEY, password: '' },
		headers: { Accept: 'application/json', 'x-routing-id': 'cust_1', 'x-merchantid': MERCHANT_ID },
	});
	expect(request).toEqual(before); // the caller's options are not changed under it
});

test('a request without headers gets them; values that are not text become text, missing ones empty', async () => {
	const { authenticate } = new JuspayPayoutApi();
	const out = await authenticate({ apiKey: 12345, merchantId: undefined }, { url: 'https://x' });
	expect(out.auth).toEqual({ username: '12345', password: '' });
	expect(out.headers).toEqual({ 'x-merchantid': '' });
});
