import type { JuspayFailure } from '../helpers/errors';

/**
 * When a failed request is worth sending again, and after how long.
 *
 * Retried: 429, 502/503/504, Juspay's E06/E90 internal errors, timeouts and dropped connections — the
 * answers that say "not now" rather than "no". Never retried: any other 4xx (sending it again cannot
 * change the answer) and any 2xx, even an unreadable one (Juspay did act on it). Every operation this
 * node sends is idempotent at Juspay (a repeated cancel is answered 200 again), so resending after a
 * timeout or reset, when Juspay may have acted already, does no harm.
 */

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const RETRYABLE_JUSPAY_CODES = new Set(['E06', 'E90']);

/** First pause, doubled per try, before jitter. */
export const BASE_DELAY_MS = 500;
/** No single pause is longer than this, so a long run is never parked on one item. */
export const MAX_DELAY_MS = 30_000;

export function isRetryable(failure: JuspayFailure): boolean {
	switch (failure.reason) {
		case 'timeout':
		case 'connection_reset':
		case 'rate_limited':
			return true;
		case 'juspay_error':
			return (
				RETRYABLE_STATUSES.has(failure.httpCode ?? 0) ||
				RETRYABLE_JUSPAY_CODES.has(failure.errorCode ?? '')
			);
		default:
			return false;
	}
}

/**
 * 429 answers that say when to come back are Juspay's instruction, not failed tries, so they do not use
 * up Max Tries: under a rate limit an item waits its turn instead of being dropped after a few unlucky
 * answers. The Rate Limit Wait option bounds how long one request may keep being deferred.
 */
/** Jitter added to a Retry-After pause, so deferred requests do not all return in the same instant. */
const RETRY_AFTER_JITTER_MS = 100;

/** A 429 with a Retry-After: Juspay said to come back later, and when. */
export function isDeferral(failure: JuspayFailure): boolean {
	return failure.reason === 'rate_limited' && failure.retryAfterSeconds !== undefined;
}

/**
 * The pause before try number `nextTry` (2, 3, …). A Retry-After from Juspay is honoured as given, plus
 * a little jitter. Otherwise an exponential pause with "equal jitter": half fixed, half random.
 * Returns undefined when Juspay asks for a pause longer than MAX_DELAY_MS: better to report the item
 * than to hold the whole run.
 */
export function retryDelayMs(
	failure: JuspayFailure,
	nextTry: number,
	random: () => number = Math.random,
): number | undefined {
	if (failure.retryAfterSeconds !== undefined) {
		const asked = failure.retryAfterSeconds * 1000;
		if (asked > MAX_DELAY_MS) return undefined;
		return asked + Math.floor(random() * RETRY_AFTER_JITTER_MS);
	}
	const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (nextTry - 2));
	return Math.floor(exponential / 2 + random() * (exponential / 2));
}
