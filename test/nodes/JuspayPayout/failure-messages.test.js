'use strict';
/**
 * What the user reads for each kind of failure (actions/failureMessages.ts, pure, on the built module):
 * the message says what happened to which item, the description how to fix it, and neither claims more
 * than is known ("may or may not have acted" when an answer was lost). The engine suites show these
 * messages on real runs for the common failures; this pins every branch, including the rare ones
 * (E04/E07, a 2xx carrying an error, a Retry-After beyond the Rate Limit Wait, a cancelled execution).
 */
const path = require('node:path');

const { REPO_DIR } = require('../../../tools/story/fixtures');

const { describeFailure } = require(path.join(REPO_DIR, 'dist/nodes/JuspayPayout/actions/failureMessages.js'));

const FULFILLMENT = { resource: 'fulfillment', id: 'abc-f1', environment: 'sandbox', timeoutMs: 30_000 };
const ORDER = { resource: 'order', id: 'ord_1', environment: 'production', timeoutMs: 12_400 };
const BALANCE = { resource: 'balance', environment: 'sandbox', timeoutMs: 30_000 };
const STATE_UNKNOWN = (what) => `Juspay may or may not have acted on ${what}: check its order status before sending it again.`;

const describe_ = (failure, subject = FULFILLMENT) => describeFailure(failure, subject);

test('refused before sending: says nothing was sent, why, and what the ids look like', () => {
	const fulfillment = describe_({ reason: 'invalid_input', detail: 'the Fulfillment ID is empty' });
	expect(fulfillment.message).toBe('Nothing was sent for fulfillment "abc-f1": the Fulfillment ID is empty');
	expect(fulfillment.description).toBe(
		"No request was made for this item. Check the expression or data that fills this field: fulfillment IDs are Juspay's, e.g. f46f9b8d843416e8c746c3e306a5f4-f1, and are plain ASCII text with no spaces, slashes or other URL characters.",
	);
	const order = describe_({ reason: 'invalid_input' }, ORDER);
	expect(order.message).toBe('Nothing was sent for order "ord_1": the value is not allowed');
	expect(order.description).toContain('order IDs are yours, 4 to 64 letters, digits, _, - or @, and are plain ASCII');
	expect(describe_({ reason: 'invalid_input' }, BALANCE).description).toContain('fills this field: IDs are plain ASCII');
});

test('a fulfillment not in the given order', () => {
	const { message, description } = describe_({ reason: 'not_in_order', detail: 'ord_9' });
	expect(message).toBe('Fulfillment "abc-f1" is not in order "ord_9"');
	expect(description).toMatch(/^No cancellation was requested\. Check the Order ID/);
	expect(describe_({ reason: 'not_in_order' }).message).toBe('Fulfillment "abc-f1" is not in order ""');
});

describe('rate limited', () => {
	test('a Retry-After longer than the Rate Limit Wait: both figures, and how to fix it', () => {
		const { message, description } = describe_({
			reason: 'rate_limited',
			httpCode: 429,
			retryAfterSeconds: 90,
			rateLimitWaitSeconds: 12.34,
			errorMessage: 'Too many requests',
		});
		expect(message).toBe('Juspay is limiting the request rate and did not process fulfillment "abc-f1" (HTTP 429)');
		expect(description).toBe(
			'Juspay asked to retry after 90 s, longer than the node may still wait (Rate Limit Wait: 12.3 s), so it stopped trying. Raise the Rate Limit Wait option, run fewer items at once, or run the workflow again later. Juspay says: "Too many requests".',
		);
	});

	test('out of tries while limited: slow down, with the pause asked for when there was one', () => {
		expect(describe_({ reason: 'rate_limited', httpCode: 429, retryAfterSeconds: 2 })).toEqual({
			message: 'Juspay is limiting the request rate and did not process fulfillment "abc-f1" (HTTP 429)',
			description:
				'Juspay asked to slow down and retry after 2 s. Send fewer requests at once (Options: a lower Max Concurrency, or a fixed Concurrency), or run the workflow again later.',
		});
		expect(describe_({ reason: 'rate_limited', httpCode: 429 }).description).toMatch(/^Juspay asked to slow down\. Send fewer/);
		// A Rate Limit Wait with no Retry-After to compare it with is the plain case.
		expect(describe_({ reason: 'rate_limited', httpCode: 429, rateLimitWaitSeconds: 5 }).description).toMatch(/^Juspay asked to slow down\. /);
	});
});

test('a redirect: not followed, and where it pointed', () => {
	const { message, description } = describe_({ reason: 'redirect', httpCode: 301, detail: 'https://x.example/' });
	expect(message).toBe('Juspay answered fulfillment "abc-f1" with a redirect (HTTP 301), which this node does not follow');
	expect(description).toMatch(/^The Base URL seems wrong \(it redirects to https:\/\/x\.example\/\): use the address/);
	expect(describe_({ reason: 'redirect', httpCode: 302 }).description).toMatch(/^The Base URL seems wrong: use/);
});

test('an answer that cannot be read: what is wrong with it, that Juspay may have acted, and how it began', () => {
	const unknown = STATE_UNKNOWN('fulfillment "abc-f1"');
	const empty = describe_({ reason: 'invalid_response', httpCode: 200, body: 'empty' });
	expect(empty.message).toBe('Juspay\'s answer for fulfillment "abc-f1" is empty (HTTP 200)');
	expect(empty.description).toBe(
		`The Base URL may point at a proxy or web page instead of the Juspay Payout API; check the credential's environment and Base URL. ${unknown} The answer was empty.`,
	);
	const html = describe_({ reason: 'invalid_response', httpCode: 200, body: 'not_json', detail: '<html>' });
	expect(html.message).toBe('Juspay\'s answer for fulfillment "abc-f1" is not JSON (HTTP 200)');
	expect(html.description).toMatch(/ The answer began: <html>$/);
	expect(describe_({ reason: 'invalid_response', httpCode: 200 }).message).toBe(
		'Juspay\'s answer for fulfillment "abc-f1" is not the answer this operation expects (HTTP 200)',
	);
});

test('a timeout names the Timeout in whole seconds and the state as unknown', () => {
	const { message, description } = describe_({ reason: 'timeout' }, ORDER);
	expect(message).toBe('Juspay did not answer for order "ord_1" within 12 s');
	expect(description).toBe(`${STATE_UNKNOWN('order "ord_1"')} If Juspay is slow, raise the Timeout option.`);
});

test('network failures: what to check, and nothing claimed about Juspay', () => {
	const refused = describe_({ reason: 'connection_refused', detail: 'ECONNREFUSED' });
	expect(refused.message).toBe('Could not connect to Juspay for fulfillment "abc-f1": the connection was refused');
	expect(refused.description).toContain("Nothing is listening at the credential's Base URL (sandbox environment), so nothing was sent.");
	const reset = describe_({ reason: 'connection_reset' });
	expect(reset.message).toBe('The connection to Juspay dropped before it answered for fulfillment "abc-f1"');
	expect(reset.description).toBe(`The network or Juspay closed the connection. ${STATE_UNKNOWN('fulfillment "abc-f1"')}`);
	const dns = describe_({ reason: 'network', detail: 'ENOTFOUND' });
	expect(dns.message).toBe('Could not reach Juspay for fulfillment "abc-f1"');
	expect(dns.description).toMatch(/^The network said: ENOTFOUND\. Check the credential's environment and Base URL/);
	expect(describe_({ reason: 'network' }).description).toMatch(/^Check the credential's environment/);
});

test('halted and expired items: nothing sent, because of another item', () => {
	for (const reason of ['halted', 'expired']) {
		expect(describe_({ reason })).toEqual({
			message: 'Nothing was sent for fulfillment "abc-f1": the run stopped on another item\'s error',
			description: 'Fix the error of the item that stopped the run, then run the workflow again.',
		});
	}
});

test('a cancelled execution: what was and was not sent', () => {
	expect(describe_({ reason: 'cancelled', tries: 0 })).toEqual({
		message: 'The execution was stopped while working on fulfillment "abc-f1"',
		description: 'Stopped by the user. Nothing more was sent for this item.',
	});
	expect(describe_({ reason: 'cancelled' }).description).toBe('Stopped by the user. Nothing more was sent for this item.');
	expect(describe_({ reason: 'cancelled', tries: 1 }).description).toBe(`Stopped by the user. ${STATE_UNKNOWN('fulfillment "abc-f1"')}`);
});

describe("Juspay's error answers", () => {
	const juspay = (httpCode, extra = {}) => ({ reason: 'juspay_error', httpCode, ...extra });

	test('an error in a 2xx answer is not taken as done', () => {
		const { message, description } = describe_(juspay(200, { errorCode: 'E90' }));
		expect(message).toBe('Juspay answered fulfillment "abc-f1" with an error (HTTP 200, E90 something went wrong)');
		expect(description).toBe(
			'Juspay reported an error in a success answer (HTTP 200), so nothing is taken as done. Check its order status before sending it again.',
		);
		expect(describe_(juspay(299)).description).toMatch(/\(HTTP 299\), so nothing is taken as done/);
	});

	test('404: which ID to check, in which environment; the fulfillment hint only for fulfillments', () => {
		const fulfillment = describe_(juspay(404, { errorCode: 'E09', errorMessage: 'Could not find resource' }));
		expect(fulfillment.message).toBe('Juspay has no fulfillment "abc-f1" (HTTP 404, E09 not found)');
		expect(fulfillment.description).toBe(
			'Check the fulfillment ID. Juspay says: "Could not find resource". IDs from the sandbox do not exist in production and the other way round; this credential uses the sandbox environment. A fulfillment ID is Juspay\'s ID ending in -f1, -f2, …, not your own order ID.',
		);
		expect(describe_(juspay(404), ORDER).description).toBe(
			'Check the order ID. IDs from the sandbox do not exist in production and the other way round; this credential uses the production environment.',
		);
	});

	test('401: the fix depends on the code', () => {
		const missing = describe_(juspay(401, { errorCode: 'E04' }));
		expect(missing.message).toBe('Juspay rejected the credentials for fulfillment "abc-f1" (HTTP 401, E04 API key missing)');
		expect(missing.description).toMatch(/^The request reached Juspay without an API key: fill in the API Key/);
		expect(describe_(juspay(401, { errorCode: 'E07' })).description).toBe(
			'Check that the Merchant ID in the credential belongs to this API key.',
		);
		expect(describe_(juspay(401, { errorCode: 'E02' }), ORDER).description).toBe(
			'Open the Juspay Payout API credential and paste the API key again from the Juspay dashboard; it must be a production key (sandbox and production keys differ).',
		);
	});

	test('403, 400 and 5xx', () => {
		const forbidden = describe_(juspay(403, { errorCode: 'E08' }));
		expect(forbidden.message).toBe('Juspay refused access to fulfillment "abc-f1" (HTTP 403, E08 forbidden)');
		expect(forbidden.description).toMatch(/^The key is valid but this merchant may not do this\./);
		const bad = describe_(juspay(400, { errorCode: 'E03' }));
		expect(bad.message).toBe('Juspay rejected the request for fulfillment "abc-f1" (HTTP 400, E03 invalid signature)');
		expect(bad.description).toBe('Check the fulfillment ID and the Routing ID sent with it.');
		const internal = describe_(juspay(502, { detail: 'Bad Gateway' }));
		expect(internal.message).toBe('Juspay had an internal error with fulfillment "abc-f1" (HTTP 502)');
		expect(internal.description).toBe(
			`This is on Juspay's side and usually passes: run the workflow again later. ${STATE_UNKNOWN('fulfillment "abc-f1"')} The answer began: Bad Gateway`,
		);
		// No answer text to quote: the description ends with what Juspay said.
		expect(describe_(juspay(500, { errorCode: 'E06', errorMessage: 'try later' }))).toEqual({
			message: 'Juspay had an internal error with fulfillment "abc-f1" (HTTP 500, E06 internal server error)',
			description: `This is on Juspay's side and usually passes: run the workflow again later. ${STATE_UNKNOWN('fulfillment "abc-f1"')} Juspay says: "try later".`,
		});
	});

	test('any other status: what Juspay said, and whether it may have acted', () => {
		const teapot = describe_(juspay(418, { errorCode: 'E99', errorMessage: 'odd' }));
		expect(teapot.message).toBe('Juspay answered fulfillment "abc-f1" with an error (HTTP 418, E99)');
		expect(teapot.description).toBe('Juspay says: "odd". Juspay did not act on it.');
		expect(describe_(juspay(409, { detail: 'conflict page' })).description).toBe(
			'Juspay gave no details. The answer began: conflict page Juspay did not act on it.',
		);
		expect(describe_({ reason: 'juspay_error' }, BALANCE)).toEqual({
			message: 'Juspay answered the balance with an error',
			description: `Juspay gave no details. ${STATE_UNKNOWN('the balance')}`,
		});
	});

	test.each([
		['E01', 'validation failure'],
		['E05', 'bad request'],
	])('%s is named with its meaning, %s', (errorCode, meaning) => {
		expect(describe_(juspay(422, { errorCode })).message).toBe(
			`Juspay answered fulfillment "abc-f1" with an error (HTTP 422, ${errorCode} ${meaning})`,
		);
	});
});

test('several tries are listed; an earlier unclear try is flagged even when the last was a clear no', () => {
	const { description } = describe_({
		reason: 'juspay_error',
		httpCode: 404,
		tries: 3,
		attempts: ['timed out', 'HTTP 503', 'HTTP 404 E09'],
		mayHaveActed: true,
	});
	expect(description).toMatch(
		/ The request was sent 3 times: timed out, HTTP 503, HTTP 404 E09\. An earlier try got no clear answer, so Juspay may have acted on fulfillment "abc-f1": check its order status before sending it again\.$/,
	);
	expect(describe_({ reason: 'timeout', tries: 2 }).description).toMatch(/ The request was sent 2 times\.$/);
	expect(describe_({ reason: 'timeout', tries: 1, attempts: ['timed out'] }).description).not.toContain('sent 1 times');
	// The last answer already says the state is unknown: no second warning.
	expect(describe_({ reason: 'timeout', mayHaveActed: true }).description).not.toContain('An earlier try');
});
