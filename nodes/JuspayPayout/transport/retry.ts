import type { JuspayFailure } from './failures';

/**
 * When a failed request is worth sending again, and after how long.
 *
 * Retried: 429, every 5xx (Juspay's documentation: treat 429 and 5xx as retryable), Juspay's E06/E90
 * internal errors, timeouts and dropped connections — the answers that say "not now" rather than "no".
 * Never retried: any other 4xx (sending it again cannot change the answer), a refused connection or an
 * unknown host (the Base URL is wrong), and any 2xx, even an unreadable one (Juspay did act on it).
 * Every operation this node sends is idempotent at Juspay (a repeated cancel is answered 200 again), so
 * resending after a timeout or reset, when Juspay may have acted already, does no harm.
 */

const RETRYABLE_JUSPAY_CODES = new Set(['E06', 'E90']);

/** First back-off pause before jitter, doubled per try. */
const BASE_DELAY_MS = 1000;
/** No back-off pause is longer than this, so a long run is never parked on one item. */
const MAX_DELAY_MS = 30_000;
/**
 * The shortest pause Juspay's Retry-After can ask for. "Retry-After: 0" (or a date in the past) is not
 * "again at once, forever": with this floor one item sends at most one request a second while deferred.
 */
const MIN_RETRY_AFTER_MS = 1000;
/**
 * Jitter added to a Retry-After pause, so deferred requests do not all come back in the same instant.
 * Small: they go back through the request slots anyway, which set how many are in flight, and every
 * millisecond of it delays the last requests refused in a run, so the run's end. (250 ms made a
 * 1,000-item run under a 200/s limit end 1.06-1.07× N ÷ rate; the limiter simulation and the benchmark.)
 */
const RETRY_AFTER_JITTER_MS = 50;

export function isRetryable(failure: JuspayFailure): boolean {
	const status = failure.httpCode ?? 0;
	// Juspay answered with success: whatever the body says, it acted, and a resend could act twice.
	if (status >= 200 && status < 300) return false;
	switch (failure.reason) {
		case 'timeout':
		case 'connection_reset':
		case 'rate_limited':
			return true;
		case 'juspay_error':
			return status >= 500 || RETRYABLE_JUSPAY_CODES.has(failure.errorCode ?? '');
		default:
			return false;
	}
}

export interface RetryPolicy {
	/** Tries per request, the first included; 429s waited out under the Rate Limit Wait do not count. */
	maxTries: number;
	/** How long one request may keep being deferred by 429s with Retry-After; 0: a 429 is a counted try. */
	rateLimitWaitMs: number;
}

/** What one request has spent so far. */
interface RetryState {
	/** Tries that counted against Max Tries, this failure not yet included. */
	counted: number;
	/** Milliseconds already spent in rate-limit pauses. */
	deferredMs: number;
}

type RetryDecision =
	| { retry: true; pauseMs: number; counted: boolean }
	/** `failure` is the one to report: the given one, sometimes with the reason it was not retried. */
	| { retry: false; failure: JuspayFailure };

/**
 * Whether to send the request again after `failure`, and after what pause. Pure: the caller keeps the
 * state and the clock. `notAfterMs` is how long from now a new try may still start (Wait for Outcome's
 * deadline); a pause that would end later is not taken.
 */
export function decideRetry(
	failure: JuspayFailure,
	policy: RetryPolicy,
	state: RetryState,
	notAfterMs = Infinity,
	random: () => number = Math.random,
): RetryDecision {
	const stop = (reported: JuspayFailure = failure): RetryDecision => ({
		retry: false,
		failure: reported,
	});
	if (!isRetryable(failure)) return stop();

	const asked = failure.retryAfterSeconds;
	if (failure.reason === 'rate_limited' && asked !== undefined && policy.rateLimitWaitMs > 0) {
		// Juspay said when to come back: wait that long if the Rate Limit Wait still allows it.
		const pauseMs = Math.max(asked * 1000, MIN_RETRY_AFTER_MS);
		if (state.deferredMs + pauseMs > policy.rateLimitWaitMs) {
			return stop({
				...failure,
				rateLimitWaitSeconds: Math.max(0, policy.rateLimitWaitMs - state.deferredMs) / 1000,
			});
		}
		const jittered = pauseMs + Math.floor(random() * RETRY_AFTER_JITTER_MS);
		return jittered > notAfterMs ? stop() : { retry: true, pauseMs: jittered, counted: false };
	}

	if (state.counted + 1 >= policy.maxTries) return stop();
	// Exponential back-off with "equal jitter" (half fixed, half random), never shorter than what a
	// Retry-After asked for (up to the cap).
	const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** state.counted);
	const backOff = Math.floor(exponential / 2 + random() * (exponential / 2));
	const pauseMs =
		asked === undefined ? backOff : Math.max(backOff, Math.min(asked * 1000, MAX_DELAY_MS));
	return pauseMs > notAfterMs ? stop() : { retry: true, pauseMs, counted: true };
}
