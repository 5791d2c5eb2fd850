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
 * The pause before try number `nextTry` (2, 3, …). A Retry-After from Juspay is honoured as given, with a
 * little jitter so that waiting requests do not all return in the same millisecond. Otherwise an
 * exponential pause with "equal jitter": half fixed, half random.
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
		return asked + Math.floor(random() * Math.min(250, asked / 4 + 50));
	}
	const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (nextTry - 2));
	return Math.floor(exponential / 2 + random() * (exponential / 2));
}
