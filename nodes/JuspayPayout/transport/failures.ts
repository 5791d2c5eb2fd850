/**
 * What went wrong with a Juspay call, as data: the transport classifies every answer and every thrown
 * error into a JuspayFailure here, and nowhere else. Words for users are the actions' business
 * (actions/failureMessages.ts); so is what becomes of a failure (actions/errorOutput.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { redactedExcerpt } from '../helpers/secrets';

type JuspayFailureReason =
	/** Not sent because the run is stopping on another item's error; never reported to the user. */
	| 'halted'
	/** Not sent, or not waited for any longer, because the user stopped the execution. */
	| 'cancelled'
	/** Not sent: Wait for Outcome's deadline came before a slot was free; never reported to the user. */
	| 'expired'
	| 'invalid_input'
	/** Wait for Outcome: the fulfillment is not in the order given with it. */
	| 'not_in_order'
	| 'juspay_error'
	| 'rate_limited'
	| 'redirect'
	| 'invalid_response'
	| 'timeout'
	| 'connection_refused'
	| 'connection_reset'
	| 'network';

export interface JuspayFailure {
	reason: JuspayFailureReason;
	/** HTTP status, when an answer came. */
	httpCode?: number;
	/** Juspay's own fields, verbatim (secrets redacted). */
	errorCode?: string;
	errorMessage?: string;
	userMessage?: string;
	/** Seconds from a Retry-After header that asked for a pause (0 when it asked for none). */
	retryAfterSeconds?: number;
	/** Set when a rate-limit pause Juspay asked for did not fit in the Rate Limit Wait (seconds). */
	rateLimitWaitSeconds?: number;
	/** For an answer that is not Juspay's JSON: what is wrong with its body. */
	body?: 'empty' | 'not_json' | 'unexpected';
	/** Extra detail for failures without a Juspay body: a network error code, a body excerpt. */
	detail?: string;
	/** How many times the request was sent (0 when it was refused before sending). */
	tries?: number;
	/** What each try got, in order, e.g. ["timed out", "HTTP 404"]; set when there was more than one. */
	attempts?: string[];
	/** Whether any try may have reached Juspay and been acted on (a timeout, a dropped connection, a 5xx). */
	mayHaveActed?: boolean;
}

export interface RedactionContext {
	secrets: readonly string[];
}

const BODY_EXCERPT_LENGTH = 200;
/** Juspay's own message fields are short; a proxy's may not be. */
const FIELD_LENGTH = 500;

function optionalString(value: unknown, context: RedactionContext): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
	return redactedExcerpt(text, context.secrets, FIELD_LENGTH);
}

/** Juspay documents two error shapes: flat, and wrapped as `{ response: {...}, code }`. */
export function juspayErrorFields(body: IDataObject | undefined): IDataObject | undefined {
	if (!body) return undefined;
	if (
		body.error === true ||
		typeof body.errorCode === 'string' ||
		typeof body.errorMessage === 'string'
	) {
		return body;
	}
	const wrapped = body.response;
	if (wrapped && typeof wrapped === 'object' && !Array.isArray(wrapped)) {
		return juspayErrorFields(wrapped as IDataObject);
	}
	return undefined;
}

function headerValue(headers: IDataObject, name: string): string | undefined {
	const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
	return value === undefined || value === null ? undefined : String(value);
}

/**
 * Retry-After is either whole seconds or an HTTP date (RFC 9110). A date in the past asks for no pause
 * (0). Anything else (empty, negative, words) is no instruction at all: undefined.
 */
function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined) return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
	// Only something that reads like a date: Date.parse also accepts "-5" or "1".
	if (!/[a-z]/i.test(text) || !/\d{4}/.test(text)) return undefined;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** A non-2xx answer, or a 2xx that is not the success the call expects. */
export function failureFromResponse(
	httpCode: number,
	headers: IDataObject,
	rawBody: unknown,
	parsedBody: IDataObject | undefined,
	context: RedactionContext,
): JuspayFailure {
	const retryAfterSeconds =
		httpCode === 429 || httpCode === 503
			? parseRetryAfter(headerValue(headers, 'retry-after'))
			: undefined;
	if (httpCode >= 300 && httpCode < 400) {
		return {
			reason: 'redirect',
			httpCode,
			detail: optionalString(headerValue(headers, 'location'), context),
		};
	}
	const fields = juspayErrorFields(parsedBody);
	if (fields || (parsedBody && httpCode >= 400)) {
		return {
			reason: httpCode === 429 ? 'rate_limited' : 'juspay_error',
			httpCode,
			errorCode: optionalString(fields?.errorCode, context),
			errorMessage: optionalString(fields?.errorMessage, context),
			userMessage: optionalString(fields?.userMessage, context),
			retryAfterSeconds,
		};
	}
	// A 2xx that is not what the call expects, or an error page that is not Juspay's JSON (a proxy,
	// a load balancer).
	const text =
		typeof rawBody === 'string' ? rawBody : rawBody === undefined ? '' : JSON.stringify(rawBody);
	const excerpt = redactedExcerpt(text, context.secrets, BODY_EXCERPT_LENGTH);
	return {
		reason:
			httpCode === 429 ? 'rate_limited' : httpCode < 300 ? 'invalid_response' : 'juspay_error',
		httpCode,
		retryAfterSeconds,
		body: !excerpt ? 'empty' : parsedBody ? 'unexpected' : 'not_json',
		detail: excerpt || undefined,
	};
}

/**
 * The texts n8n puts in place of a Node.js error code (n8n-workflow's NodeError COMMON_ERRORS). n8n
 * 2.8.4 and 1.x throw a NodeApiError that carries only this text, without the code or the original
 * error, so the code is read back from it.
 */
const N8N_NETWORK_TEXTS: Array<[RegExp, string]> = [
	[/refused the connection/i, 'ECONNREFUSED'],
	[/closed unexpectedly/i, 'ECONNRESET'],
	[/incorrect host \(domain\)/i, 'ENOTFOUND'],
	[/connection timed out/i, 'ETIMEDOUT'],
	[/connection was aborted/i, 'ECONNABORTED'],
	[/host is unreachable/i, 'EHOSTUNREACH'],
	[/DNS server returned an error/i, 'EAI_AGAIN'],
	[/server closed the connection unexpectedly/i, 'ECONNRESET'],
	// axios: the answer's body stream ended before its end (the connection closed mid-body)
	[/stream has been aborted/i, 'ECONNRESET'],
	[/socket hang up/i, 'ECONNRESET'],
	[/timeout of \d+ms exceeded/i, 'ECONNABORTED'],
];

/** Everything an error says about itself: codes and texts along its cause chain, n8n's `messages` too. */
function errorEvidence(error: unknown): { codes: string[]; text: string } {
	const codes: string[] = [];
	const texts: string[] = [];
	const seen = new Set<unknown>();
	let current: unknown = error;
	for (let depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
		if (seen.has(current)) break;
		seen.add(current);
		const candidate = current as {
			code?: unknown;
			httpCode?: unknown;
			message?: unknown;
			messages?: unknown;
			description?: unknown;
			cause?: unknown;
		};
		for (const value of [candidate.code, candidate.httpCode]) {
			if (typeof value === 'string' && /^E[A-Z_]+$/.test(value)) codes.push(value);
		}
		for (const value of [candidate.message, candidate.description]) {
			if (typeof value === 'string') texts.push(value);
		}
		if (Array.isArray(candidate.messages)) {
			texts.push(...candidate.messages.filter((m): m is string => typeof m === 'string'));
		}
		current = candidate.cause;
	}
	const text = texts.join(' | ');
	// "connect ECONNREFUSED 127.0.0.1:4010", "getaddrinfo ENOTFOUND host"
	for (const match of text.matchAll(/\b(E[A-Z]{3,}[A-Z_]*)\b/g)) codes.push(match[1]);
	for (const [pattern, code] of N8N_NETWORK_TEXTS) if (pattern.test(text)) codes.push(code);
	return { codes, text };
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);

/**
 * A request that threw instead of answering. The same failure reads differently on each n8n version
 * (a Node.js code in the cause chain on n8n-core 2.41, only n8n's own sentence on 2.8.4 and 1.x), so
 * this reads every form; and a try that ran for its whole Timeout timed out, whatever the error says.
 */
export function failureFromThrown(
	error: unknown,
	attempt: { elapsedMs: number; timeoutMs: number },
	context: RedactionContext,
): JuspayFailure {
	const { codes, text } = errorEvidence(error);
	const has = (set: Set<string>) => codes.find((code) => set.has(code));
	if (codes.includes('ECONNREFUSED'))
		return { reason: 'connection_refused', detail: 'ECONNREFUSED' };
	const dns = has(DNS_CODES);
	if (dns) return { reason: 'network', detail: dns };
	// A timer that fires a little early or late still means the whole Timeout passed.
	if (has(TIMEOUT_CODES) || attempt.elapsedMs >= attempt.timeoutMs - 50) {
		return { reason: 'timeout', detail: has(TIMEOUT_CODES) ?? 'ETIMEDOUT' };
	}
	const reset = has(RESET_CODES);
	if (reset) return { reason: 'connection_reset', detail: reset };
	if (/\baborted\b/i.test(text)) return { reason: 'connection_reset', detail: 'ECONNRESET' };
	const code = codes[0];
	return {
		reason: 'network',
		detail: code ?? (redactedExcerpt(text, context.secrets, BODY_EXCERPT_LENGTH) || undefined),
	};
}

/**
 * Whether Juspay may have received this try and acted on it. Refused connections, unresolvable hosts,
 * redirects and Juspay's own 4xx answers say it did not; timeouts, dropped connections, 5xx and answers
 * that cannot be read leave it open.
 */
export function mayHaveActed(failure: JuspayFailure): boolean {
	switch (failure.reason) {
		case 'timeout':
		case 'connection_reset':
		case 'invalid_response':
			return true;
		case 'juspay_error':
			return (failure.httpCode ?? 0) >= 500 || (failure.httpCode ?? 0) < 300;
		default:
			return false;
	}
}

/** A few words on what one try got, for the list of tries in a message. */
export function attemptLabel(failure: JuspayFailure): string {
	switch (failure.reason) {
		case 'timeout':
			return 'timed out';
		case 'connection_reset':
			return 'connection dropped';
		case 'connection_refused':
			return 'connection refused';
		case 'network':
			return `network error${failure.detail ? ` ${failure.detail}` : ''}`;
		default:
			return failure.httpCode !== undefined
				? `HTTP ${failure.httpCode}${failure.errorCode ? ` ${failure.errorCode}` : ''}`
				: failure.reason;
	}
}
