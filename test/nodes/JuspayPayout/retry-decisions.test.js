'use strict';
/**
 * The retry rules the README's Max Tries and Rate Limit Wait options promise, checked on the decision
 * itself (transport/retry.ts, pure: the caller keeps the clock), where a pause's length can be read
 * exactly instead of waited out. The engine suites show the same rules end to end with short pauses;
 * these pin the numbers: what is retried, 0.5–1 s doubled per try up to 30 s, a Retry-After waited
 * out (at least 1 s, plus under 50 ms of jitter) without counting as a try, and what stops a retry.
 * Expected values are the README's figures, written out here.
 */
const path = require('node:path');

const { REPO_DIR } = require('../../../tools/story/fixtures');

const { decideRetry, isRetryable } = require(
	path.join(REPO_DIR, 'dist/nodes/JuspayPayout/transport/retry.js'),
);

const POLICY = { maxTries: 4, rateLimitWaitMs: 300_000 };
const FRESH = { counted: 0, deferredMs: 0 };
// The extremes of Math.random's range: the shortest and (just under) the longest pause allowed.
const LOWEST = () => 0;
const HIGHEST = () => 0.999999;

const timeout = { reason: 'timeout' };
const http = (httpCode, extra = {}) => ({ reason: 'juspay_error', httpCode, ...extra });
const rateLimited = (retryAfterSeconds) => ({ reason: 'rate_limited', httpCode: 429, retryAfterSeconds });

describe('what is sent again', () => {
	test.each([
		['a timeout', timeout],
		['a dropped connection', { reason: 'connection_reset' }],
		['a 429 without Retry-After', { reason: 'rate_limited', httpCode: 429 }],
		['a 500', http(500)],
		['a 502', http(502)],
		['a 503', http(503)],
		['a 504', http(504)],
		['a 599', http(599)],
		['a 400 with E06', http(400, { errorCode: 'E06' })],
		['a 400 with E90', http(400, { errorCode: 'E90' })],
	])('%s is retried', (_, failure) => {
		expect(isRetryable(failure)).toBe(true);
		expect(decideRetry(failure, POLICY, FRESH, Infinity, LOWEST)).toMatchObject({ retry: true, counted: true });
	});

	test.each([
		['a 400', http(400)],
		['a 404 (E09)', http(404, { errorCode: 'E09' })],
		['a 401', http(401, { errorCode: 'E04' })],
		['a 499', http(499)],
		['a 400 with another Juspay code', http(400, { errorCode: 'E05' })],
		['a refused connection', { reason: 'connection_refused' }],
		['an unknown host', { reason: 'network' }],
		['a redirect', { reason: 'redirect', httpCode: 302 }],
		['a 200 Juspay could not parse for us', { reason: 'invalid_response', httpCode: 200 }],
		['a 200 with error: true and E06', http(200, { errorCode: 'E06' })],
		['a 299 "timeout"', { reason: 'timeout', httpCode: 299 }],
		['a 200 "rate limited"', { reason: 'rate_limited', httpCode: 200, retryAfterSeconds: 1 }],
	])('%s is not retried, and is reported as it came', (_, failure) => {
		expect(isRetryable(failure)).toBe(false);
		expect(decideRetry(failure, POLICY, FRESH, Infinity, LOWEST)).toEqual({ retry: false, failure });
	});

	test('a 300 (not a success) follows the reason: a timeout-classified 300 is retried', () => {
		expect(isRetryable({ reason: 'timeout', httpCode: 300 })).toBe(true);
		expect(isRetryable({ reason: 'timeout', httpCode: 199 })).toBe(true);
	});
});

describe('back-off between counted tries', () => {
	// [tries already counted, shortest pause, longest pause] in ms: 0.5–1 s, doubled each try, at most 30 s.
	test.each([
		[0, 500, 1000],
		[1, 1000, 2000],
		[2, 2000, 4000],
		[3, 4000, 8000],
		[4, 8000, 16000],
		[5, 15000, 30000],
		[8, 15000, 30000],
	])('after %i counted tries the pause is %i–%i ms', (counted, shortest, longest) => {
		const policy = { maxTries: 10, rateLimitWaitMs: 0 };
		const state = { counted, deferredMs: 0 };
		expect(decideRetry(timeout, policy, state, Infinity, LOWEST)).toEqual({ retry: true, pauseMs: shortest, counted: true });
		const high = decideRetry(timeout, policy, state, Infinity, HIGHEST);
		expect(high.retry).toBe(true);
		expect(high.pauseMs).toBeLessThan(longest);
		expect(high.pauseMs).toBeGreaterThanOrEqual(longest - 1);
	});

	test('Max Tries counts the first try: with 4, the fourth failure is the last', () => {
		expect(decideRetry(timeout, POLICY, { counted: 2, deferredMs: 0 }, Infinity, LOWEST).retry).toBe(true);
		expect(decideRetry(timeout, POLICY, { counted: 3, deferredMs: 0 }, Infinity, LOWEST)).toEqual({ retry: false, failure: timeout });
		expect(decideRetry(timeout, { ...POLICY, maxTries: 1 }, FRESH, Infinity, LOWEST).retry).toBe(false);
		expect(decideRetry(timeout, { ...POLICY, maxTries: 2 }, FRESH, Infinity, LOWEST).retry).toBe(true);
	});

	test('a Retry-After on a retried answer lengthens the back-off, up to 30 s', () => {
		const noWait = { maxTries: 4, rateLimitWaitMs: 0 };
		expect(decideRetry(http(503, { retryAfterSeconds: 5 }), noWait, FRESH, Infinity, LOWEST).pauseMs).toBe(5000);
		expect(decideRetry(http(503, { retryAfterSeconds: 120 }), noWait, FRESH, Infinity, LOWEST).pauseMs).toBe(30000);
		// Shorter than the back-off: the back-off stands.
		expect(decideRetry(http(503, { retryAfterSeconds: 0 }), noWait, { counted: 1, deferredMs: 0 }, Infinity, LOWEST).pauseMs).toBe(1000);
		// Rate Limit Wait 0: a 429 is a counted temporary error like a 503.
		expect(decideRetry(rateLimited(3), noWait, FRESH, Infinity, LOWEST)).toEqual({ retry: true, pauseMs: 3000, counted: true });
	});

	test('no pause runs past the deadline (Wait for Outcome)', () => {
		expect(decideRetry(timeout, POLICY, FRESH, 500, LOWEST)).toEqual({ retry: true, pauseMs: 500, counted: true });
		expect(decideRetry(timeout, POLICY, FRESH, 499, LOWEST)).toEqual({ retry: false, failure: timeout });
	});
});

describe('a 429 that says when to come back', () => {
	test.each([
		[2, 2000],
		[45, 45000],
		[0, 1000],
		[0.2, 1000],
		[1.5, 1500],
	])('Retry-After %s s is a pause of %i ms plus under 50 ms, not counted as a try', (seconds, pauseMs) => {
		expect(decideRetry(rateLimited(seconds), POLICY, FRESH, Infinity, LOWEST)).toEqual({ retry: true, pauseMs, counted: false });
		const high = decideRetry(rateLimited(seconds), POLICY, FRESH, Infinity, HIGHEST);
		expect(high).toEqual({ retry: true, pauseMs: pauseMs + 49, counted: false });
	});

	test('it is waited out even when Max Tries is spent', () => {
		expect(decideRetry(rateLimited(1), { ...POLICY, maxTries: 1 }, { counted: 5, deferredMs: 0 }, Infinity, LOWEST)).toEqual({
			retry: true,
			pauseMs: 1000,
			counted: false,
		});
	});

	test('a pause that does not fit in what is left of the Rate Limit Wait fails at once, saying what was left', () => {
		const policy = { maxTries: 4, rateLimitWaitMs: 60_000 };
		const asked = rateLimited(45);
		expect(decideRetry(asked, policy, { counted: 0, deferredMs: 15_000 }, Infinity, LOWEST).retry).toBe(true);
		expect(decideRetry(asked, policy, { counted: 0, deferredMs: 15_001 }, Infinity, LOWEST)).toEqual({
			retry: false,
			failure: { ...asked, rateLimitWaitSeconds: 44.999 },
		});
		expect(decideRetry(rateLimited(90), policy, FRESH, Infinity, LOWEST)).toEqual({
			retry: false,
			failure: { ...rateLimited(90), rateLimitWaitSeconds: 60 },
		});
		// Already past the wait (a long earlier pause): what is left is 0, never negative.
		expect(decideRetry(rateLimited(1), policy, { counted: 0, deferredMs: 70_000 }, Infinity, LOWEST)).toEqual({
			retry: false,
			failure: { ...rateLimited(1), rateLimitWaitSeconds: 0 },
		});
	});

	test('a pause that would end past the deadline is not taken, and the 429 is reported as it came', () => {
		expect(decideRetry(rateLimited(2), POLICY, FRESH, 2000, LOWEST)).toEqual({ retry: true, pauseMs: 2000, counted: false });
		expect(decideRetry(rateLimited(2), POLICY, FRESH, 1999, LOWEST)).toEqual({ retry: false, failure: rateLimited(2) });
	});
});
