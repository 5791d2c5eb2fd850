'use strict';
/**
 * The Juspay Payout API credential: which host each environment reaches (the node's calls and the
 * credential's Test button alike), what the Test button asks for, and what it says about Juspay's
 * refusals. Sandbox and production are real hosts this machine must not reach, so their DNS
 * look-ups are answered "not found" in-process and the host names asked for are recorded: nothing
 * leaves 127.0.0.1.
 */
const dns = require('node:dns');

const { createHarness } = require('../../harness');
const { startScriptedServer } = require('../../helpers/scripted-server');
const { testCredential } = require('../../helpers/credential-tester');
const { REPO_DIR, API_KEY, MERCHANT_ID, credentialFor } = require('../../helpers/fixtures');

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

/** Runs `action` with every DNS look-up failing as "not found"; resolves to the host names asked for. */
async function hostsLookedUp(action) {
	const asked = [];
	const { lookup } = dns;
	dns.lookup = (hostname, options, callback) => {
		const done = typeof options === 'function' ? options : callback;
		asked.push(hostname);
		const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
			code: 'ENOTFOUND',
			syscall: 'getaddrinfo',
			hostname,
		});
		process.nextTick(() => done(error));
	};
	try {
		const result = await action();
		return { asked, result };
	} finally {
		dns.lookup = lookup;
	}
}

function getBalance(credential) {
	return harness.runNode({
		nodeType: 'juspayPayout',
		parameters: { resource: 'account', operation: 'getBalance', options: { maxTries: 1 } },
		onError: 'continueErrorOutput',
		credentials: { juspayPayoutApi: credential },
	});
}

describe('which Juspay each environment reaches', () => {
	test.each([
		['sandbox', 'sandbox.juspay.in'],
		['production', 'api.juspay.in'],
	])('%s: the node calls %s, and says it could not reach Juspay', async (environment, host) => {
		const { asked, result } = await hostsLookedUp(() =>
			getBalance({ apiKey: API_KEY, merchantId: MERCHANT_ID, environment }),
		);

		expect([...new Set(asked)]).toEqual([host]);
		expect(result.main).toEqual([]);
		expect(result.error[0].json.error.reason).toBe('network');
	});

	test('a credential saved without an environment is a sandbox one', async () => {
		const { asked } = await hostsLookedUp(() => getBalance({ apiKey: API_KEY, merchantId: MERCHANT_ID }));

		expect([...new Set(asked)]).toEqual(['sandbox.juspay.in']);
	});

	test.each([
		['sandbox', 'sandbox.juspay.in'],
		['production', 'api.juspay.in'],
	])('%s: the Test button asks %s', async (environment, host) => {
		const { asked, result } = await hostsLookedUp(() =>
			testCredential(harness, 'juspayPayoutApi', { apiKey: API_KEY, merchantId: MERCHANT_ID, environment }),
		);

		expect([...new Set(asked)]).toEqual([host]);
		expect(result).toEqual({ status: 'Error', message: 'ENOTFOUND' });
	});

	test('custom: the Base URL, trailing slashes dropped, and nothing else', async () => {
		const { asked, result } = await hostsLookedUp(() => getBalance(credentialFor(`${server.url}//`)));

		expect(asked).toEqual([]);
		expect(result.error).toEqual([]);
		expect(server.requests.map((r) => [r.method, r.url])).toEqual([['GET', BALANCE_PATH]]);
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
