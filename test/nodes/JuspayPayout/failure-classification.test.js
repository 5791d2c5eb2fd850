'use strict';
/**
 * How the transport reads what came back (transport/failures.ts, pure), checked on the built module:
 * every form in which n8n versions hand a network failure to a node, every answer shape Juspay
 * documents, and what each means for a retry and for "Juspay may have acted". The engine and
 * end-to-end suites show these against real sockets on each n8n version; here each form is pinned
 * on its own, where a wrong classification cannot hide behind a retry that happens to succeed.
 *
 * n8n 2.8.4 and 1.x replace a Node.js error code with one of n8n-workflow's sentences (NodeError's
 * COMMON_ERRORS) and drop the code: those sentences are written out here as n8n words them.
 */
const path = require('node:path');

const { REPO_DIR } = require('../../../tools/story/fixtures');

const { failureFromThrown, failureFromResponse, juspayErrorFields, mayHaveActed, attemptLabel } =
	require(path.join(REPO_DIR, 'dist/nodes/JuspayPayout/transport/failures.js'));

const SECRET = 'sk_test_fake_classification_key';
const CONTEXT = { secrets: [SECRET] };
const QUICK = { elapsedMs: 10, timeoutMs: 10_000 };

const N8N_SAYS = {
	ECONNREFUSED: 'The service refused the connection - perhaps it is offline',
	ECONNRESET:
		'The connection to the server was closed unexpectedly, perhaps it is offline. You can retry the request immediately or wait and retry later.',
	ENOTFOUND:
		'The connection cannot be established, this usually occurs due to an incorrect host (domain) value',
	ETIMEDOUT: "The connection timed out, consider setting the 'Retry on Fail' option in the node settings",
	ECONNABORTED: 'The connection was aborted, perhaps the server is offline',
	EHOSTUNREACH: 'The host is unreachable, perhaps the server is offline',
	EAI_AGAIN: 'The DNS server returned an error, perhaps the server is offline',
	GETADDRINFO: 'The server closed the connection unexpectedly',
};

const thrown = (error, attempt = QUICK) => failureFromThrown(error, attempt, CONTEXT);

describe('a request that threw', () => {
	test.each([
		['a Node.js code', { code: 'ECONNREFUSED' }, { reason: 'connection_refused', detail: 'ECONNREFUSED' }],
		['Node.js words', new Error('connect ECONNREFUSED 127.0.0.1:4010'), { reason: 'connection_refused', detail: 'ECONNREFUSED' }],
		["n8n's sentence", { message: N8N_SAYS.ECONNREFUSED }, { reason: 'connection_refused', detail: 'ECONNREFUSED' }],
		['an unknown host', { code: 'ENOTFOUND' }, { reason: 'network', detail: 'ENOTFOUND' }],
		['an unknown host in words', new Error('getaddrinfo ENOTFOUND juspay.invalid'), { reason: 'network', detail: 'ENOTFOUND' }],
		["an unknown host, n8n's sentence", { message: N8N_SAYS.ENOTFOUND }, { reason: 'network', detail: 'ENOTFOUND' }],
		["a DNS failure, n8n's sentence", { message: N8N_SAYS.EAI_AGAIN }, { reason: 'network', detail: 'EAI_AGAIN' }],
		['EAI_FAIL', { code: 'EAI_FAIL' }, { reason: 'network', detail: 'EAI_FAIL' }],
		['EAI_NONAME', { code: 'EAI_NONAME' }, { reason: 'network', detail: 'EAI_NONAME' }],
		['ETIMEDOUT', { code: 'ETIMEDOUT' }, { reason: 'timeout', detail: 'ETIMEDOUT' }],
		['ECONNABORTED', { code: 'ECONNABORTED' }, { reason: 'timeout', detail: 'ECONNABORTED' }],
		['ESOCKETTIMEDOUT', { code: 'ESOCKETTIMEDOUT' }, { reason: 'timeout', detail: 'ESOCKETTIMEDOUT' }],
		["a timeout, n8n's sentence", { message: N8N_SAYS.ETIMEDOUT }, { reason: 'timeout', detail: 'ETIMEDOUT' }],
		["an abort, n8n's sentence", { message: N8N_SAYS.ECONNABORTED }, { reason: 'timeout', detail: 'ECONNABORTED' }],
		["axios's timeout", new Error('timeout of 5000ms exceeded'), { reason: 'timeout', detail: 'ECONNABORTED' }],
		['ECONNRESET', { code: 'ECONNRESET' }, { reason: 'connection_reset', detail: 'ECONNRESET' }],
		['EPIPE', { code: 'EPIPE' }, { reason: 'connection_reset', detail: 'EPIPE' }],
		['a body cut short', { code: 'ERR_STREAM_PREMATURE_CLOSE' }, { reason: 'connection_reset', detail: 'ERR_STREAM_PREMATURE_CLOSE' }],
		["a reset, n8n's sentence", { message: N8N_SAYS.ECONNRESET }, { reason: 'connection_reset', detail: 'ECONNRESET' }],
		["n8n's GETADDRINFO sentence", { message: N8N_SAYS.GETADDRINFO }, { reason: 'connection_reset', detail: 'ECONNRESET' }],
		["axios's cut stream", new Error('stream has been aborted'), { reason: 'connection_reset', detail: 'ECONNRESET' }],
		['a hang-up', new Error('socket hang up'), { reason: 'connection_reset', detail: 'ECONNRESET' }],
		['an aborted request', new Error('Request aborted'), { reason: 'connection_reset', detail: 'ECONNRESET' }],
		["an unreachable host, n8n's sentence", { message: N8N_SAYS.EHOSTUNREACH }, { reason: 'network', detail: 'EHOSTUNREACH' }],
		['an unknown code', { code: 'EWHATEVER' }, { reason: 'network', detail: 'EWHATEVER' }],
	])('%s', (_, error, expected) => {
		expect(thrown(error)).toEqual(expected);
	});

	test('the code is found anywhere n8n puts it: cause chain, httpCode, messages, description', () => {
		expect(thrown({ message: 'x', cause: { message: 'y', cause: { code: 'ECONNRESET' } } })).toEqual({
			reason: 'connection_reset',
			detail: 'ECONNRESET',
		});
		expect(thrown({ message: 'x', httpCode: 'ECONNREFUSED' }).reason).toBe('connection_refused');
		expect(thrown({ message: 'x', messages: [42, 'socket hang up'] }).reason).toBe('connection_reset');
		expect(thrown({ message: 'x', description: 'connect ECONNREFUSED ::1:4010' }).reason).toBe('connection_refused');
	});

	test('a code that is not all capitals after E, or not text, is no code', () => {
		expect(thrown({ code: 'Eoops' })).toEqual({ reason: 'network', detail: undefined });
		expect(thrown({ code: 104 })).toEqual({ reason: 'network', detail: undefined });
		// Only a whole code: not one inside a longer word.
		expect(thrown({ code: 'XECONNRESET' })).toEqual({ reason: 'network', detail: undefined });
		expect(thrown({ code: 'ECONNRESETx' })).toEqual({ reason: 'network', detail: undefined });
	});

	test('in words, a code is E and at least three capitals; the rest of the text is kept otherwise', () => {
		expect(thrown(new Error('unexpected EOF'))).toEqual({ reason: 'network', detail: 'unexpected EOF' });
		expect(thrown(new Error('failed: EWEIRD_CODE here'))).toEqual({ reason: 'network', detail: 'EWEIRD_CODE' });
	});

	test("n8n's messages list: only its texts are read", () => {
		expect(thrown({ message: 'x', messages: [42, 'odd thing'] })).toEqual({ reason: 'network', detail: 'x | odd thing' });
	});

	test('a null cause, or a thrown null, ends the reading without an error of its own', () => {
		expect(thrown({ message: 'socket hang up', cause: null })).toEqual({ reason: 'connection_reset', detail: 'ECONNRESET' });
		expect(thrown(null)).toEqual({ reason: 'network', detail: undefined });
	});

	test('the cause chain is read eight deep, and a chain that loops ends', () => {
		const chain = (depth) => {
			let error = { code: 'ECONNRESET' };
			for (let i = 1; i < depth; i++) error = { message: `level ${i}`, cause: error };
			return error;
		};
		expect(thrown(chain(8)).reason).toBe('connection_reset');
		expect(thrown(chain(9)).reason).toBe('network');
		const looping = { message: 'outer' };
		looping.cause = { message: 'inner', cause: looping };
		expect(thrown(looping)).toEqual({ reason: 'network', detail: 'outer | inner' });
	});

	test('a refused connection or unknown host is what it is, even after the whole Timeout', () => {
		const late = { elapsedMs: 10_000, timeoutMs: 10_000 };
		expect(thrown({ code: 'ECONNREFUSED' }, late).reason).toBe('connection_refused');
		expect(thrown({ code: 'ENOTFOUND' }, late).reason).toBe('network');
		for (const code of ['EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']) {
			expect({ code, failure: thrown({ code }, late) }).toEqual({ code, failure: { reason: 'network', detail: code } });
		}
	});

	test('a try that ran for its whole Timeout (within 50 ms) timed out, whatever the error says', () => {
		const error = new Error('something odd');
		expect(thrown(error, { elapsedMs: 9_950, timeoutMs: 10_000 })).toEqual({ reason: 'timeout', detail: 'ETIMEDOUT' });
		expect(thrown(error, { elapsedMs: 9_949, timeoutMs: 10_000 })).toEqual({ reason: 'network', detail: 'something odd' });
		expect(thrown({ code: 'ECONNRESET' }, { elapsedMs: 10_000, timeoutMs: 10_000 })).toEqual({ reason: 'timeout', detail: 'ETIMEDOUT' });
	});

	test('an unrecognised error keeps its words, the key redacted, cut to 200 characters', () => {
		const words = `proxy said: ${SECRET} ${'x'.repeat(300)}`;
		const { reason, detail } = thrown(new Error(words));
		expect(reason).toBe('network');
		expect(detail).toBe(`proxy said: [redacted] ${'x'.repeat(200 - 'proxy said: [redacted] '.length)}`);
		expect(thrown({})).toEqual({ reason: 'network', detail: undefined });
	});
});

const answer = (httpCode, body, headers = {}) =>
	failureFromResponse(httpCode, headers, typeof body === 'string' ? body : JSON.stringify(body), typeof body === 'string' ? undefined : body, CONTEXT);

describe('an answer that is not the success asked for', () => {
	test("Juspay's flat error: its fields, verbatim", () => {
		const body = { error: true, errorCode: 'E09', errorMessage: 'Could not find resource: Fulfillment f1', userMessage: 'Not Found' };
		expect(answer(404, body)).toEqual({
			reason: 'juspay_error',
			httpCode: 404,
			errorCode: 'E09',
			errorMessage: 'Could not find resource: Fulfillment f1',
			userMessage: 'Not Found',
			retryAfterSeconds: undefined,
		});
	});

	test("Juspay's wrapped error ({ response: {...}, code }) is read inside", () => {
		expect(answer(400, { response: { errorCode: 'E01', errorMessage: 'bad amount' }, code: 400 })).toMatchObject({
			reason: 'juspay_error',
			errorCode: 'E01',
			errorMessage: 'bad amount',
		});
		expect(juspayErrorFields({ response: { error: true } })).toEqual({ error: true });
		expect(juspayErrorFields({ response: 'E01' })).toBeUndefined();
		expect(juspayErrorFields({ status: 'ok' })).toBeUndefined();
		expect(juspayErrorFields({ errorMessage: 'only a message' })).toEqual({ errorMessage: 'only a message' });
	});

	test("a field that is not text is kept as JSON, cut to 500 characters, the key redacted", () => {
		const failure = answer(400, {
			error: true,
			errorCode: { code: 'E01' },
			errorMessage: `${SECRET} ${'m'.repeat(600)}`,
			userMessage: '',
		});
		expect(failure.errorCode).toBe('{"code":"E01"}');
		expect(failure.errorMessage).toBe(`[redacted] ${'m'.repeat(500 - '[redacted] '.length)}`);
		expect(failure.userMessage).toBeUndefined();
	});

	test.each([400, 403])("a JSON error that is not Juspay's shape is still a Juspay error, with no fields (%i)", (httpCode) => {
		expect(answer(httpCode, { message: 'Forbidden by proxy' })).toEqual({
			reason: 'juspay_error',
			httpCode,
			errorCode: undefined,
			errorMessage: undefined,
			userMessage: undefined,
			retryAfterSeconds: undefined,
		});
	});

	test('a redirect is never followed: where it pointed is kept', () => {
		expect(answer(302, '', { Location: 'https://elsewhere.example/login' })).toEqual({
			reason: 'redirect',
			httpCode: 302,
			detail: 'https://elsewhere.example/login',
		});
		expect(answer(399, '', {})).toEqual({ reason: 'redirect', httpCode: 399, detail: undefined });
	});

	test('a 2xx that is not what the call expects is invalid_response; its body says how', () => {
		expect(answer(200, { unexpected: true })).toEqual({
			reason: 'invalid_response',
			httpCode: 200,
			retryAfterSeconds: undefined,
			body: 'unexpected',
			detail: '{"unexpected":true}',
		});
		expect(answer(200, '')).toMatchObject({ reason: 'invalid_response', body: 'empty', detail: undefined });
		expect(answer(299, 'plain text')).toMatchObject({ reason: 'invalid_response', body: 'not_json', detail: 'plain text' });
		expect(failureFromResponse(200, {}, undefined, undefined, CONTEXT)).toMatchObject({ body: 'empty', detail: undefined });
		// A body handed over already parsed is quoted as JSON.
		expect(failureFromResponse(200, {}, { unexpected: 1 }, { unexpected: 1 }, CONTEXT)).toMatchObject({
			reason: 'invalid_response',
			body: 'unexpected',
			detail: '{"unexpected":1}',
		});
	});

	test("a proxy's error page: a Juspay error with an excerpt of 200 characters, the key redacted", () => {
		const page = `<html>${SECRET}${'p'.repeat(400)}</html>`;
		expect(answer(502, page)).toEqual({
			reason: 'juspay_error',
			httpCode: 502,
			retryAfterSeconds: undefined,
			body: 'not_json',
			detail: `<html>[redacted]${'p'.repeat(200 - '<html>[redacted]'.length)}`,
		});
		expect(answer(429, 'slow down')).toMatchObject({ reason: 'rate_limited', body: 'not_json' });
		expect(answer(429, { error: true })).toMatchObject({ reason: 'rate_limited' });
	});

	describe('Retry-After (429 and 503 only)', () => {
		const after = (value, httpCode = 429) => answer(httpCode, { error: true }, { 'Retry-After': value }).retryAfterSeconds;

		test.each([
			['7', 7],
			[' 7 ', 7],
			['1.5', 1.5],
			['0', 0],
			['', undefined],
			['-5', undefined],
			['soon', undefined],
			['1', 1],
			['Mon, 32 Foo 2026', undefined],
			['1.25', 1.25],
			['7 seconds', undefined],
			['1.5.2', undefined],
			// RFC 9110: an HTTP date always names its day and month in letters and has a 4-digit year.
			['2030-01-01', undefined],
			['May 5', undefined],
			['Mon 5', undefined],
		])('"%s" asks for %s seconds', (value, seconds) => {
			expect(after(value)).toBe(seconds);
		});

		test('an HTTP date asks for the seconds until it (rounded up); a past one for none', () => {
			// An HTTP date has whole seconds: 9 to 10 s from now, read a few milliseconds later.
			const inTen = new Date(Date.now() + 10_000).toUTCString();
			expect([9, 10]).toContain(after(inTen));
			expect(after('Wed, 21 Oct 2015 07:28:00 GMT')).toBe(0);
		});

		test('read from a 503 too, in any letter case or as a list; not from other statuses', () => {
			expect(after('3', 503)).toBe(3);
			expect(answer(429, { error: true }, { 'retry-after': ['4', '9'] }).retryAfterSeconds).toBe(4);
			expect(answer(429, { error: true }, { 'RETRY-AFTER': [] }).retryAfterSeconds).toBeUndefined();
			expect(answer(429, { error: true }, { 'retry-after': null }).retryAfterSeconds).toBeUndefined();
			expect(after('3', 500)).toBeUndefined();
			expect(after('3', 502)).toBeUndefined();
		});
	});
});

describe('what a failure means', () => {
	test.each([
		[{ reason: 'timeout' }, true],
		[{ reason: 'connection_reset' }, true],
		[{ reason: 'invalid_response', httpCode: 200 }, true],
		[{ reason: 'juspay_error', httpCode: 500 }, true],
		[{ reason: 'juspay_error', httpCode: 503 }, true],
		[{ reason: 'juspay_error', httpCode: 200 }, true],
		[{ reason: 'juspay_error', httpCode: 299 }, true],
		[{ reason: 'juspay_error', httpCode: 300 }, false],
		[{ reason: 'juspay_error', httpCode: 404 }, false],
		[{ reason: 'juspay_error', httpCode: 499 }, false],
		[{ reason: 'juspay_error' }, true],
		[{ reason: 'rate_limited', httpCode: 429 }, false],
		[{ reason: 'connection_refused' }, false],
		[{ reason: 'network' }, false],
		[{ reason: 'redirect', httpCode: 302 }, false],
		[{ reason: 'invalid_input' }, false],
	])('%o: Juspay may have acted = %s', (failure, expected) => {
		expect(mayHaveActed(failure)).toBe(expected);
	});

	test.each([
		[{ reason: 'timeout' }, 'timed out'],
		[{ reason: 'connection_reset' }, 'connection dropped'],
		[{ reason: 'connection_refused' }, 'connection refused'],
		[{ reason: 'network', detail: 'ENOTFOUND' }, 'network error ENOTFOUND'],
		[{ reason: 'network' }, 'network error'],
		[{ reason: 'juspay_error', httpCode: 404, errorCode: 'E09' }, 'HTTP 404 E09'],
		[{ reason: 'juspay_error', httpCode: 502 }, 'HTTP 502'],
		[{ reason: 'rate_limited', httpCode: 429 }, 'HTTP 429'],
		[{ reason: 'invalid_input' }, 'invalid_input'],
	])('%o is listed among the tries as "%s"', (failure, label) => {
		expect(attemptLabel(failure)).toBe(label);
	});
});
