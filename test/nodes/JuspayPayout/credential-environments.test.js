'use strict';
/**
 * The Juspay Payout API credential: which host each environment reaches (the node's calls and the
 * credential's Test button alike), what the Test button asks for, and what it says about Juspay's
 * refusals. Sandbox and production are real hosts this machine must not reach: their DNS look-ups
 * fail in-process (test/helpers/failing-dns.js) and the host names asked for are recorded.
 */
const { createHarness } = require('../../harness');
const { startScriptedServer } = require('../../helpers/scripted-server');
const { credentialField } = require('../../helpers/credential-form');
const { testCredential } = require('../../helpers/credential-tester');
const { withFailingDns } = require('../../helpers/failing-dns');
const { REPO_DIR, API_KEY, MERCHANT_ID, credentialFor } = require('../../../tools/story/fixtures');

const BALANCE_PATH = '/payout/merchant/v1/getways/balance';

let harness;
let server;
let answer;

beforeAll(async () => {
	harness = await createHarness({ packageDir: REPO_DIR });
	server = await startScriptedServer(() => answer);
});

afterAll(async () => {
	await server?.close();
	await harness?.close();
});

beforeEach(() => {
	answer = { status: 200, body: { DUMMY_IMPS: { balance: '10', lastUpdated: '2024-03-01T10:00:00Z' } } };
	server.requests.length = 0;
});

function getBalance(credential) {
	return harness.runNode({
		nodeType: 'juspayPayout',
		parameters: { resource: 'account', operation: 'getBalance', options: { maxTries: 1 } },
		onError: 'continueErrorOutput',
		credentials: { juspayPayoutApi: credential },
	});
}

describe('which Juspay each environment reaches', () => {
	/** The value the credential form stores when the user picks the option with this label. */
	function environmentValue(label) {
		return credentialField(harness, 'juspayPayoutApi', 'environment').options.find((o) => o.name === label).value;
	}

	test.each([
		['Sandbox', 'sandbox.juspay.in'],
		['Production', 'api.juspay.in'],
	])('picking "%s" in the form, the node calls %s, and says it could not reach Juspay', async (label, host) => {
		const environment = environmentValue(label);

		const { hosts, result } = await withFailingDns(() =>
			getBalance({ apiKey: API_KEY, merchantId: MERCHANT_ID, environment }),
		);

		expect(hosts).toEqual([host]);
		expect(result.main).toEqual([]);
		expect(result.error[0].json.error.reason).toBe('network');
	});

	test('the form asks for a Base URL only when "Custom Base URL" is picked', () => {
		const baseUrl = credentialField(harness, 'juspayPayoutApi', 'baseUrl');
		expect(baseUrl.displayOptions).toEqual({ show: { environment: [environmentValue('Custom Base URL')] } });
	});

	test('picking "Custom Base URL", the node calls the Base URL, trailing slashes dropped, and nothing else', async () => {
		const environment = environmentValue('Custom Base URL');

		const { hosts, result } = await withFailingDns(() =>
			getBalance({ apiKey: API_KEY, merchantId: MERCHANT_ID, environment, baseUrl: `${server.url}//` }),
		);

		expect(hosts).toEqual([]);
		expect(result.error).toEqual([]);
		expect(server.requests.map((r) => [r.method, r.url])).toEqual([['GET', BALANCE_PATH]]);
	});

	test('a credential saved without an environment is a sandbox one', async () => {
		const { hosts } = await withFailingDns(() => getBalance({ apiKey: API_KEY, merchantId: MERCHANT_ID }));

		expect(hosts).toEqual(['sandbox.juspay.in']);
	});

	test.each([
		['Sandbox', 'sandbox.juspay.in'],
		['Production', 'api.juspay.in'],
	])('picking "%s", the Test button asks %s', async (label, host) => {
		const environment = environmentValue(label);

		const { hosts, result } = await withFailingDns(() =>
			testCredential(harness, 'juspayPayoutApi', { apiKey: API_KEY, merchantId: MERCHANT_ID, environment }),
		);

		expect(hosts).toEqual([host]);
		expect(result).toEqual({ status: 'Error', message: 'ENOTFOUND' });
	});
});

describe('the Test button', () => {
	test('reads the balance at the custom Base URL (trailing slashes dropped), signed with the key and merchant', async () => {
		const result = await testCredential(harness, 'juspayPayoutApi', credentialFor(`${server.url}///`));

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(server.requests).toHaveLength(1);
		const [request] = server.requests;
		expect([request.method, request.url]).toEqual(['GET', BALANCE_PATH]);
		expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`);
		expect(request.headers['x-merchantid']).toBe(MERCHANT_ID);
	});

	test.each([
		[401, /rejected the API key or merchant ID \(HTTP 401\).*sandbox and production keys differ/],
		[403, /refused access for this merchant \(HTTP 403\).*Merchant ID/],
		[404, /No Juspay Payout API at this address \(HTTP 404\).*without \/payout\/\.\.\. in it/],
	])('Juspay answering %i explains what to fix', async (status, explanation) => {
		answer = { status, body: { status: 'error', errorCode: 'E02' } };

		const result = await testCredential(harness, 'juspayPayoutApi', credentialFor(server.url));

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(explanation);
	});

	test.each([
		['a user name', (url) => url.replace('http://', 'http://someone:pw@')],
		['a query', (url) => `${url}/?merchant=1`],
		['a fragment', (url) => `${url}#top`],
	])('a custom Base URL with %s is refused: nothing is sent, though the server is there', async (_, refusedForm) => {
		const result = await testCredential(harness, 'juspayPayoutApi', credentialFor(refusedForm(server.url)));

		// n8n says only that the address is not a URL (the credential swaps a refused one for a sentence).
		expect(result).toEqual({ status: 'Error', message: 'Invalid URL' });
		expect(server.requests).toEqual([]);
	});

	test('other refusals are not explained as one of those', async () => {
		answer = { status: 500, body: { status: 'error', errorCode: 'E90' } };

		const result = await testCredential(harness, 'juspayPayoutApi', credentialFor(server.url));

		expect(result.status).toBe('Error');
		expect(result.message).not.toMatch(/HTTP 40[134]/);
	});
});

describe('every request is signed', () => {
	test('Basic auth with the API key as user name and an empty password, and the merchant in x-merchantid', async () => {
		await getBalance(credentialFor(server.url));

		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].headers.authorization).toBe(`Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`);
		expect(server.requests[0].headers['x-merchantid']).toBe(MERCHANT_ID);
	});
});
