import type { IDataObject, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { redactedExcerpt, redactJson, redactText } from './secrets';

/**
 * The one place that turns what went wrong with a Juspay call into words: what happened, and how to fix it.
 * The transport produces JuspayFailure values; the router turns them into an error item (On Error =
 * continue) or a NodeApiError (stop). Neither ever holds the API key.
 */

export type JuspayFailureReason =
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

/** What the failing call was about, for messages that name it. */
export interface FailureSubject {
	/** e.g. 'fulfillment' */
	resource: string;
	/** The id the user gave, when there is one. */
	id?: string;
	environment: string;
	timeoutMs: number;
}

interface RedactionContext {
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
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
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
	const text = typeof rawBody === 'string' ? rawBody : rawBody === undefined ? '' : JSON.stringify(rawBody);
	const excerpt = redactedExcerpt(text, context.secrets, BODY_EXCERPT_LENGTH);
	return {
		reason: httpCode === 429 ? 'rate_limited' : httpCode < 300 ? 'invalid_response' : 'juspay_error',
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
	if (codes.includes('ECONNREFUSED')) return { reason: 'connection_refused', detail: 'ECONNREFUSED' };
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

const JUSPAY_CODE_MEANINGS: Record<string, string> = {
	E01: 'validation failure',
	E02: 'invalid API key',
	E03: 'invalid signature',
	E04: 'API key missing',
	E05: 'bad request',
	E06: 'internal server error',
	E07: 'unauthorized',
	E08: 'forbidden',
	E09: 'not found',
	E90: 'something went wrong',
};

function codeLabel(failure: JuspayFailure): string {
	const parts: string[] = [];
	if (failure.httpCode !== undefined) parts.push(`HTTP ${failure.httpCode}`);
	if (failure.errorCode) {
		const meaning = JUSPAY_CODE_MEANINGS[failure.errorCode];
		parts.push(meaning ? `${failure.errorCode} ${meaning}` : failure.errorCode);
	}
	return parts.length ? ` (${parts.join(', ')})` : '';
}

const ID_FORMATS: Record<string, string> = {
	fulfillment: "fulfillment IDs are Juspay's, e.g. f46f9b8d843416e8c746c3e306a5f4-f1, and",
	order: 'order IDs are yours, 4 to 64 letters, digits, _, - or @, and',
};

const INVALID_BODY = {
	empty: 'is empty',
	not_json: 'is not JSON',
	unexpected: 'is not the answer this operation expects',
};

function subjectLabel(subject: FailureSubject): string {
	return subject.id === undefined ? `the ${subject.resource}` : `${subject.resource} "${subject.id}"`;
}

function seconds(value: number): string {
	return `${Math.round(value * 10) / 10} s`;
}

/** The first sentence says what happened; the description says how to fix it. */
export function describeFailure(
	failure: JuspayFailure,
	subject: FailureSubject,
): { message: string; description: string } {
	const described = describeOnce(failure, subject);
	const tries = failure.tries ?? 0;
	if (tries > 1) {
		const list = failure.attempts?.length ? `: ${failure.attempts.join(', ')}` : '';
		described.description += ` The request was sent ${tries} times${list}.`;
	}
	// The last answer may say "not processed" (a 404, a 429) while an earlier try may have been.
	if (failure.mayHaveActed && !mayHaveActed(failure)) {
		described.description += ` An earlier try got no clear answer, so Juspay may have acted on ${subjectLabel(subject)}: check its order status before sending it again.`;
	}
	return described;
}

function describeOnce(
	failure: JuspayFailure,
	subject: FailureSubject,
): { message: string; description: string } {
	const what = subjectLabel(subject);
	const juspaySays = failure.errorMessage ? ` Juspay says: "${failure.errorMessage}".` : '';
	const stateUnknown = `Juspay may or may not have acted on ${what}: check its order status before sending it again.`;
	const code = codeLabel(failure);
	const status = failure.httpCode ?? 0;

	switch (failure.reason) {
		case 'invalid_input':
			return {
				message: `Nothing was sent for ${what}: ${failure.detail ?? 'the value is not allowed'}`,
				description: `No request was made for this item. Check the expression or data that fills this field: ${ID_FORMATS[subject.resource] ?? 'IDs'} are plain ASCII text with no spaces, slashes or other URL characters.`,
			};
		case 'not_in_order':
			return {
				message: `${capitalize(what)} is not in order "${failure.detail ?? ''}"`,
				description: `No cancellation was requested. Check the Order ID: it must be your ID of the order that holds this fulfillment (Order → Get lists an order's fulfillments).`,
			};
		case 'rate_limited': {
			if (failure.rateLimitWaitSeconds !== undefined && failure.retryAfterSeconds !== undefined) {
				return {
					message: `Juspay is limiting the request rate and did not process ${what}${code}`,
					description: `Juspay asked to retry after ${seconds(failure.retryAfterSeconds)}, longer than the node may still wait (Rate Limit Wait: ${seconds(failure.rateLimitWaitSeconds)}), so it stopped trying. Raise the Rate Limit Wait option, run fewer items at once, or run the workflow again later.${juspaySays}`,
				};
			}
			return {
				message: `Juspay is limiting the request rate and did not process ${what}${code}`,
				description: `Juspay asked to slow down${failure.retryAfterSeconds !== undefined ? ` and retry after ${seconds(failure.retryAfterSeconds)}` : ''}. Run fewer items at once (Concurrency option), or run the workflow again later.${juspaySays}`,
			};
		}
		case 'redirect':
			return {
				message: `Juspay answered ${what} with a redirect${code}, which this node does not follow`,
				description: `The Base URL seems wrong${failure.detail ? ` (it redirects to ${failure.detail})` : ''}: use the address Juspay's API answers on directly, e.g. https:// instead of http://. Redirects are not followed so that the API key is never sent elsewhere.`,
			};
		case 'invalid_response':
			return {
				message: `Juspay's answer for ${what} ${INVALID_BODY[failure.body ?? 'unexpected']}${code}`,
				description: `The Base URL may point at a proxy or web page instead of the Juspay Payout API; check the credential's environment and Base URL. ${stateUnknown}${failure.detail ? ` The answer began: ${failure.detail}` : ' The answer was empty.'}`,
			};
		case 'timeout':
			return {
				message: `Juspay did not answer for ${what} within ${Math.round(subject.timeoutMs / 1000)} s`,
				description: `${stateUnknown} If Juspay is slow, raise the Timeout option.`,
			};
		case 'connection_refused':
			return {
				message: `Could not connect to Juspay for ${what}: the connection was refused`,
				description: `Nothing is listening at the credential's Base URL (${subject.environment} environment), so nothing was sent. Check the environment and Base URL; for the local emulator, start it first with "npm run emulator".`,
			};
		case 'connection_reset':
			return {
				message: `The connection to Juspay dropped before it answered for ${what}`,
				description: `The network or Juspay closed the connection. ${stateUnknown}`,
			};
		case 'network':
			return {
				// The network code goes in the description: n8n rewrites messages that contain one.
				message: `Could not reach Juspay for ${what}`,
				description: `${failure.detail ? `The network said: ${failure.detail}. ` : ''}Check the credential's environment and Base URL, and that n8n can reach that host (DNS, proxy, firewall).`,
			};
		case 'halted':
		case 'expired':
			return {
				message: `Nothing was sent for ${what}: the run stopped on another item's error`,
				description: 'Fix the error of the item that stopped the run, then run the workflow again.',
			};
		case 'cancelled':
			return {
				message: `The execution was stopped while working on ${what}`,
				description: `Stopped by the user. ${(failure.tries ?? 0) > 0 ? stateUnknown : 'Nothing more was sent for this item.'}`,
			};
		case 'juspay_error':
			break;
	}

	if (status >= 200 && status < 300) {
		return {
			message: `Juspay answered ${what} with an error${code}`,
			description: `Juspay reported an error in a success answer (HTTP ${status}), so nothing is taken as done.${juspaySays} Check its order status before sending it again.`,
		};
	}
	if (status === 404) {
		return {
			message: `Juspay has no ${what}${code}`,
			description: `Check the ${subject.resource} ID.${juspaySays} IDs from the sandbox do not exist in production and the other way round; this credential uses the ${subject.environment} environment.${subject.resource === 'fulfillment' ? " A fulfillment ID is Juspay's ID ending in -f1, -f2, …, not your own order ID." : ''}`,
		};
	}
	if (status === 401) {
		const fix =
			failure.errorCode === 'E04'
				? 'The request reached Juspay without an API key: fill in the API Key of the credential, and make sure no proxy strips the Authorization header.'
				: failure.errorCode === 'E07'
					? 'Check that the Merchant ID in the credential belongs to this API key.'
					: `Open the Juspay Payout API credential and paste the API key again from the Juspay dashboard; it must be a ${subject.environment} key (sandbox and production keys differ).`;
		return {
			message: `Juspay rejected the credentials for ${what}${code}`,
			description: `${fix}${juspaySays}`,
		};
	}
	if (status === 403) {
		return {
			message: `Juspay refused access to ${what}${code}`,
			description: `The key is valid but this merchant may not do this. Check the Merchant ID, or ask Juspay to enable this API for your merchant account.${juspaySays}`,
		};
	}
	if (status === 400) {
		return {
			message: `Juspay rejected the request for ${what}${code}`,
			description: `Check the ${subject.resource} ID and the Routing ID sent with it.${juspaySays}`,
		};
	}
	if (status >= 500) {
		return {
			message: `Juspay had an internal error with ${what}${code}`,
			description: `This is on Juspay's side and usually passes: run the workflow again later. ${stateUnknown}${juspaySays}${failure.detail ? ` The answer began: ${failure.detail}` : ''}`,
		};
	}
	return {
		message: `Juspay answered ${what} with an error${code}`,
		description:
			`${juspaySays.trim() || 'Juspay gave no details.'}${failure.detail ? ` The answer began: ${failure.detail}` : ''} ${mayHaveActed(failure) ? stateUnknown : 'Juspay did not act on it.'}`.trim(),
	};
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The fields a workflow reads on the error branch (`$json.error.errorCode`, …). */
function errorDetails(
	failure: JuspayFailure,
	subject: FailureSubject,
	described: { message: string; description: string },
): IDataObject {
	const details: IDataObject = {
		message: described.message,
		description: described.description,
		reason: failure.reason,
		httpCode: failure.httpCode ?? null,
		errorCode: failure.errorCode ?? null,
		errorMessage: failure.errorMessage ?? null,
		userMessage: failure.userMessage ?? null,
	};
	if (subject.id !== undefined) details[`${subject.resource}Id`] = subject.id;
	if (failure.retryAfterSeconds !== undefined) details.retryAfterSeconds = failure.retryAfterSeconds;
	details.tries = failure.tries ?? 0;
	if (failure.attempts?.length) details.attempts = failure.attempts;
	details.mayHaveActed = failure.mayHaveActed ?? mayHaveActed(failure);
	return details;
}

/** The message, description and fields of a failure, with every secret redacted. */
function render(failure: JuspayFailure, subject: FailureSubject, context: RedactionContext) {
	const described = describeFailure(failure, subject);
	const message = redactText(described.message, context.secrets);
	const details = redactJson(errorDetails(failure, subject, described), context.secrets);
	return { message, description: details.description as string, details };
}

/**
 * An item for n8n's error output. n8n routes an item there only when its json has nothing but `error`
 * and `message` (`details` only from n8n 2.36), so everything else lives inside `error`. n8n then merges
 * the paired input item's fields under it.
 */
export function toErrorItem(
	failure: JuspayFailure,
	subject: FailureSubject,
	itemIndex: number,
	context: RedactionContext,
): INodeExecutionData {
	const { message, details } = render(failure, subject, context);
	return { json: { error: details, message }, pairedItem: { item: itemIndex } };
}

/** The error that stops the run; `note` adds what the run had done before it stopped. */
export function toNodeApiError(
	node: INode,
	failure: JuspayFailure,
	subject: FailureSubject,
	itemIndex: number,
	context: RedactionContext,
	note?: string,
): NodeApiError {
	const { message, description, details } = render(failure, subject, context);
	return new NodeApiError(node, details as JsonObject, {
		message,
		description: note ? `${description} ${note}` : description,
		httpCode: failure.httpCode === undefined ? undefined : String(failure.httpCode),
		itemIndex,
	});
}
