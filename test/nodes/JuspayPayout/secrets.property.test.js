'use strict';
/**
 * Property: whatever Juspay or a proxy sends back, the API key never leaves the node. A server echoes the
 * key — as typed, as the Basic auth header's base64 of "key:", base64 of the key alone, URL-encoded, with
 * JSON \u escapes, or straddling the 200-character excerpt the node quotes from unreadable answers — in the
 * body (values and keys) and headers of every kind of answer: success bodies of every operation (Order Get
 * with Simplify off and Get Balance keep Juspay's raw answer), Juspay's error shapes, HTML pages, redirects,
 * 429s. Keys are generated too (printable ASCII, so that URL-encoding and base64 differ from the key).
 * Checked: every output item, every error item, the error that stops a run, and everything written to the
 * console during the run.
 */
const fc = require('fast-check');
const { useEngine } = require('../../helpers/engine');
const { MERCHANT_ID } = require('../../../tools/story/fixtures');

const NUM_RUNS = Number(process.env.PROPERTY_RUNS || 60);

const engine = useEngine(false);
let server;
/** What the server answers next; set per run. */
let answer = () => ({ status: 200, body: {} });

beforeAll(async () => {
	server = await engine.scripted((req) => answer(req));
});

/** Every form in which the key could leak (what the test looks for). */
function formsOf(key) {
	return [
		key,
		Buffer.from(`${key}:`).toString('base64'),
		Buffer.from(key).toString('base64'),
		encodeURIComponent(key),
	];
}

/** A JSON string literal of `text` with every character \u-escaped: JSON.parse gives `text` back. */
function escapedJsonString(text) {
	return `"${[...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
}

// (Not starting with "=": n8n reads a credential value that starts with "=" as an expression.)
const keyArb = fc
	.string({
		unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+/=.~!*'),
		minLength: 12,
		maxLength: 40,
	})
	.filter((key) => !key.startsWith('='));

/** How the key appears in the answer. */
const formArb = fc.constantFrom('plain', 'basic', 'base64', 'urlencoded');
const formOf = (key, form) =>
	({
		plain: key,
		basic: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
		base64: Buffer.from(key).toString('base64'),
		urlencoded: `https://juspay.example/?key=${encodeURIComponent(key)}`,
	})[form];

/** The answer kinds, each a function of the leaked text and a padding length (for the excerpt cut). */
const ANSWERS = {
	cancelSuccess: (leak) => ({ status: 200, body: { status: `scheduled ${leak}`, [leak]: leak } }),
	orderSuccess: (leak) => ({
		status: 200,
		body: { orderId: 'o-1', status: 'FULFILLMENTS_SCHEDULED', note: leak, fulfillments: [{ id: 'f-f1', status: 'PENDING', echo: { authorization: leak } }] },
	}),
	balanceSuccess: (leak) => ({ status: 200, body: { DUMMY_IMPS: { balance: '10', lastUpdated: leak }, [leak]: { balance: '1' } } }),
	outageSuccess: (leak) => ({ status: 200, body: { beneficiarySpecificData: [{ status: 'DOWN', bankName: leak }], gatewaySpecificData: [] } }),
	escapedJson: (leak) => ({
		status: 200,
		contentType: 'application/json',
		body: `{"status":${escapedJsonString(`scheduled ${leak}`)},"orderId":"o-1","fulfillments":[],"DUMMY_IMPS":{"balance":"1","lastUpdated":${escapedJsonString(leak)}}}`,
	}),
	juspayError: (leak) => ({ status: 401, body: { error: true, errorCode: 'E02', errorMessage: `Invalid API key ${leak}`, userMessage: leak } }),
	wrappedError: (leak) => ({ status: 404, body: { response: { error: true, errorCode: leak, errorMessage: leak }, code: 404 } }),
	serverError: (leak) => ({ status: 503, body: { error: true, errorCode: 'E06', errorMessage: leak } }),
	errorIn200: (leak) => ({ status: 200, body: { error: true, errorCode: 'E90', errorMessage: leak, userMessage: leak } }),
	htmlPage: (leak, pad) => ({ status: 502, contentType: 'text/html', body: `${'x'.repeat(pad)}${leak}</html>` }),
	htmlIn200: (leak, pad) => ({ status: 200, contentType: 'text/html', body: `${'y'.repeat(pad)}${leak}` }),
	redirect: (leak) => ({ status: 302, headers: { location: `http://127.0.0.1:9/${encodeURIComponent(leak)}?k=${leak}` }, body: '' }),
	rateLimited: (leak) => ({ status: 429, headers: { 'retry-after': '999999', 'x-echo': leak }, body: { error: true, errorMessage: leak } }),
};

const OPERATIONS = {
	cancel: { resource: 'fulfillment', operation: 'cancel', fulfillmentId: 'f-f1' },
	orderRaw: { resource: 'order', operation: 'get', orderId: 'o-1', simplify: false },
	orderSimple: { resource: 'order', operation: 'get', orderId: 'o-1', simplify: true },
	balance: { resource: 'account', operation: 'getBalance' },
	outage: { resource: 'outage', operation: 'get' },
};

function consoleCapture() {
	const lines = [];
	const spies = ['log', 'info', 'warn', 'error', 'debug'].map((level) =>
		jest.spyOn(console, level).mockImplementation((...args) => lines.push(args.map(String).join(' '))),
	);
	return { lines, restore: () => spies.forEach((s) => s.mockRestore()) };
}

function errorText(error) {
	if (!error) return '';
	const plain = {};
	for (const name of Object.getOwnPropertyNames(error)) {
		if (name !== 'node' && name !== 'stack') plain[name] = error[name];
	}
	return JSON.stringify(plain);
}

const stats = { runs: 0, kinds: {} };

test(`the API key, echoed in any form in any answer, appears in no output, error or log line (${NUM_RUNS} runs)`, async () => {
	await fc.assert(
		fc.asyncProperty(
			keyArb,
			formArb,
			fc.constantFrom(...Object.keys(ANSWERS)),
			fc.constantFrom(...Object.keys(OPERATIONS)),
			fc.constantFrom('continueErrorOutput', 'stopWorkflow'),
			fc.integer({ min: 160, max: 215 }),
			async (key, form, kind, operation, onError, pad) => {
				const leak = formOf(key, form);
				answer = () => ANSWERS[kind](leak, pad);
				const capture = consoleCapture();
				let result;
				try {
					result = await engine.harness.runNode({
						nodeType: 'juspayPayout',
						parameters: { ...OPERATIONS[operation], options: { maxTries: 1, rateLimitWait: 5 } },
						items: [{ json: { n: 1 } }],
						onError,
						credentials: {
							juspayPayoutApi: { apiKey: key, merchantId: MERCHANT_ID, environment: 'custom', baseUrl: server.url },
						},
					});
				} finally {
					capture.restore();
				}
				const seen = [
					JSON.stringify(result.main),
					JSON.stringify(result.error),
					errorText(result.stopError),
					JSON.stringify(result.runData),
					...capture.lines,
				].join('\n');
				for (const secret of formsOf(key)) {
					if (seen.includes(secret)) {
						throw new Error(`the key (${form} form, ${kind}, ${operation}, ${onError}) leaked as ${JSON.stringify(secret)}`);
					}
				}
				// the server really got the key: the test is not vacuous
				expect(server.requests.at(-1).headers.authorization).toBe(`Basic ${Buffer.from(`${key}:`).toString('base64')}`);
				stats.runs++;
				stats.kinds[kind] = (stats.kinds[kind] ?? 0) + 1;
			},
		),
		{ numRuns: NUM_RUNS, seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined },
	);
	console.log(`secrets property ${JSON.stringify(stats)}`);
});

test('the redacted answer still says what happened, around the key', async () => {
	const key = 'leaky_key_+/=_1234';
	answer = () => ANSWERS.htmlPage(`Authorization: Basic ${Buffer.from(`${key}:`).toString('base64')}`, 190);
	const result = await engine.harness.runNode({
		nodeType: 'juspayPayout',
		parameters: { ...OPERATIONS.cancel, options: { maxTries: 1 } },
		items: [{ json: {} }],
		onError: 'continueErrorOutput',
		credentials: { juspayPayoutApi: { apiKey: key, merchantId: MERCHANT_ID, environment: 'custom', baseUrl: server.url } },
	});
	const { description } = result.error[0].json.error;
	// redacted first, then cut: the excerpt ends in the marker, not in a piece of the key
	expect(description).toContain(`The answer began: ${'x'.repeat(190)}Authoriz`);
	expect(description).not.toContain(Buffer.from(`${key}:`).toString('base64').slice(0, 4));
	const answerWithKeyInside = `${'x'.repeat(150)}${key}`;
	answer = () => ({ status: 502, contentType: 'text/html', body: answerWithKeyInside });
	const again = await engine.harness.runNode({
		nodeType: 'juspayPayout',
		parameters: { ...OPERATIONS.cancel, options: { maxTries: 1 } },
		items: [{ json: {} }],
		onError: 'continueErrorOutput',
		credentials: { juspayPayoutApi: { apiKey: key, merchantId: MERCHANT_ID, environment: 'custom', baseUrl: server.url } },
	});
	expect(again.error[0].json.error.description).toContain(`${'x'.repeat(150)}[redacted]`);
});
