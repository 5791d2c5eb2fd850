'use strict';
/**
 * The edges of how the transport reads failures (transport/failures.ts, pure, on the built module), next to
 * failure-classification.test.js: what counts as a Retry-After, an error code or a cause, in forms a proxy,
 * a library or an odd server may produce. Each case here was once read wrongly by a planted bug that the
 * common forms did not notice.
 */
const path = require('node:path');

const { REPO_DIR } = require('../../../tools/story/fixtures');

const { failureFromThrown, failureFromResponse } = require(
	path.join(REPO_DIR, 'dist/nodes/JuspayPayout/transport/failures.js'),
);

const CONTEXT = { secrets: ['sk_test_fake_edges_key'] };
const QUICK = { elapsedMs: 10, timeoutMs: 10_000 };
const LATE = { elapsedMs: 10_000, timeoutMs: 10_000 };

const retryAfter = (value) =>
	failureFromResponse(429, { 'retry-after': value }, '{"error":true}', { error: true }, CONTEXT).retryAfterSeconds;

test.each([
	// RFC 9110: whole seconds, or an HTTP date (which always names its day and month in letters).
	['1.25', 1.25],
	['7 seconds', undefined],
	['1.5.2', undefined],
	['2030-01-01', undefined],
	['May 5', undefined],
	['Mon 5', undefined],
])('Retry-After "%s" asks for %s seconds', (value, seconds) => {
	expect({ value, seconds: retryAfter(value) }).toEqual({ value, seconds });
});

test('an unknown host or DNS failure is what it is, even after the whole Timeout', () => {
	for (const code of ['EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']) {
		expect({ code, failure: failureFromThrown({ code }, LATE, CONTEXT) }).toEqual({
			code,
			failure: { reason: 'network', detail: code },
		});
	}
});

test('only a whole code is a code: not one inside a longer word', () => {
	expect(failureFromThrown({ code: 'XECONNRESET' }, QUICK, CONTEXT)).toEqual({ reason: 'network', detail: undefined });
	expect(failureFromThrown({ code: 'ECONNRESETx' }, QUICK, CONTEXT)).toEqual({ reason: 'network', detail: undefined });
});

test('in words, a code is E and at least three capitals; the rest of the text is kept otherwise', () => {
	expect(failureFromThrown(new Error('unexpected EOF'), QUICK, CONTEXT)).toEqual({ reason: 'network', detail: 'unexpected EOF' });
	expect(failureFromThrown(new Error('failed: EWEIRD_CODE here'), QUICK, CONTEXT)).toEqual({
		reason: 'network',
		detail: 'EWEIRD_CODE',
	});
});

test("n8n's messages list: only its texts are read", () => {
	expect(failureFromThrown({ message: 'x', messages: [42, 'odd thing'] }, QUICK, CONTEXT)).toEqual({
		reason: 'network',
		detail: 'x | odd thing',
	});
});

test('a null cause, or a thrown null, ends the reading without an error of its own', () => {
	expect(failureFromThrown({ message: 'socket hang up', cause: null }, QUICK, CONTEXT)).toEqual({
		reason: 'connection_reset',
		detail: 'ECONNRESET',
	});
	expect(failureFromThrown(null, QUICK, CONTEXT)).toEqual({ reason: 'network', detail: undefined });
});

test('a 400 with JSON that is not Juspay\'s is a Juspay error without fields, like any 4xx', () => {
	expect(failureFromResponse(400, {}, '{"message":"bad"}', { message: 'bad' }, CONTEXT)).toEqual({
		reason: 'juspay_error',
		httpCode: 400,
		errorCode: undefined,
		errorMessage: undefined,
		userMessage: undefined,
		retryAfterSeconds: undefined,
	});
});

test('an answer body handed over already parsed is quoted as JSON', () => {
	expect(failureFromResponse(200, {}, { unexpected: 1 }, { unexpected: 1 }, CONTEXT)).toMatchObject({
		reason: 'invalid_response',
		body: 'unexpected',
		detail: '{"unexpected":1}',
	});
});
