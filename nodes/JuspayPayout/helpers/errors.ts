import type { IDataObject, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/**
 * The one place that turns what went wrong with a Juspay call into words: what happened, and how to fix it.
 * The transport produces JuspayFailure values; the router turns them into an error item (On Error =
 * continue) or a NodeApiError (stop). Neither ever holds the API key.
 */

export type JuspayFailureReason =
	/** Not sent because the run is stopping on another item's error; never reported to the user. */
	| 'halted'
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
	/** Seconds from a Retry-After header. */
	retryAfterSeconds?: number;
	/** Extra detail for failures without a Juspay body: a network error code, a body excerpt. */
	detail?: string;
	/** How many times the request was sent (0 when it was refused before sending). */
	tries?: number;
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
	secrets: string[];
}

const BODY_EXCERPT_LENGTH = 200;

export function redact(text: string, context: RedactionContext): string {
	let result = text;
	for (const secret of context.secrets) {
		if (secret.length >= 4) result = result.split(secret).join('[redacted]');
	}
	return result;
}

function optionalString(value: unknown, context: RedactionContext): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return redact(String(value), context);
}

/** Juspay documents two error shapes: flat, and wrapped as `{ response: {...}, code }`. */
function juspayErrorFields(body: IDataObject | undefined): IDataObject | undefined {
	if (!body) return undefined;
	if (typeof body.errorCode === 'string' || typeof body.errorMessage === 'string') return body;
	const wrapped = body.response;
	if (wrapped && typeof wrapped === 'object' && !Array.isArray(wrapped)) {
		return juspayErrorFields(wrapped as IDataObject);
	}
	return undefined;
}

function headerValue(headers: IDataObject, name: string): string | undefined {
	const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return value === undefined || value === null ? undefined : String(value);
}

function parseRetryAfter(value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

export function failureFromResponse(
	httpCode: number,
	headers: IDataObject,
	rawBody: unknown,
	parsedBody: IDataObject | undefined,
	context: RedactionContext,
): JuspayFailure {
	const retryAfterSeconds = parseRetryAfter(headerValue(headers, 'retry-after'));
	if (httpCode >= 300 && httpCode < 400) {
		return {
			reason: 'redirect',
			httpCode,
			detail: optionalString(headerValue(headers, 'location'), context),
		};
	}
	const fields = juspayErrorFields(parsedBody);
	if (httpCode >= 200 && httpCode < 300 || (!parsedBody && httpCode !== 429)) {
		// A 2xx we cannot read, or an error page that is not Juspay's JSON (a proxy, a load balancer).
		const text = typeof rawBody === 'string' ? rawBody : '';
		return {
			reason: httpCode >= 200 && httpCode < 300 ? 'invalid_response' : 'juspay_error',
			httpCode,
			retryAfterSeconds,
			detail: optionalString(text.slice(0, BODY_EXCERPT_LENGTH).trim(), context),
		};
	}
	return {
		reason: httpCode === 429 ? 'rate_limited' : 'juspay_error',
		httpCode,
		errorCode: optionalString(fields?.errorCode, context),
		errorMessage: optionalString(fields?.errorMessage, context),
		userMessage: optionalString(fields?.userMessage, context),
		retryAfterSeconds,
	};
}

/** Finds a Node.js network error code (ECONNREFUSED, …) anywhere in an error's cause chain. */
function networkErrorCode(error: unknown): { code?: string; message: string } {
	let current: unknown = error;
	const messages: string[] = [];
	for (let depth = 0; current && depth < 6; depth++) {
		const candidate = current as { code?: unknown; message?: unknown; cause?: unknown };
		if (typeof candidate.message === 'string') messages.push(candidate.message);
		if (typeof candidate.code === 'string' && /^E[A-Z_]+$/.test(candidate.code)) {
			return { code: candidate.code, message: messages.join(' | ') };
		}
		current = candidate.cause;
	}
	return { message: messages.join(' | ') };
}

export function failureFromThrown(error: unknown, context: RedactionContext): JuspayFailure {
	const { code, message } = networkErrorCode(error);
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
		return { reason: 'timeout', detail: code };
	}
	if (code === 'ECONNREFUSED') return { reason: 'connection_refused', detail: code };
	if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(message)) {
		return { reason: 'connection_reset', detail: code ?? 'socket hang up' };
	}
	return { reason: 'network', detail: redact(code ?? message.slice(0, BODY_EXCERPT_LENGTH), context) };
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

function subjectLabel(subject: FailureSubject): string {
	return subject.id === undefined ? `the ${subject.resource}` : `${subject.resource} "${subject.id}"`;
}

/** The first sentence says what happened; the description says how to fix it. */
export function describeFailure(
	failure: JuspayFailure,
	subject: FailureSubject,
): { message: string; description: string } {
	const described = describeOnce(failure, subject);
	if ((failure.tries ?? 0) > 1) {
		described.description += ` The request was sent ${failure.tries} times and failed every time.`;
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
				description: `No request was made for this item. Check the expression or data that fills this field: ${ID_FORMATS[subject.resource] ?? 'IDs'} have no spaces, slashes or other URL characters.`,
			};
		case 'not_in_order':
			return {
				message: `${capitalize(what)} is not in order "${failure.detail ?? ''}"`,
				description: `No cancellation was requested. Check the Order ID: it must be your ID of the order that holds this fulfillment (Order → Get lists an order's fulfillments).`,
			};
		case 'rate_limited':
			return {
				message: `Juspay is limiting the request rate and did not process ${what}${code}`,
				description: `Juspay asked to slow down${failure.retryAfterSeconds !== undefined ? ` and retry after ${failure.retryAfterSeconds} s` : ''}. Run fewer items at once, or run the workflow again later.${juspaySays}`,
			};
		case 'redirect':
			return {
				message: `Juspay answered ${what} with a redirect${code}, which this node does not follow`,
				description: `The Base URL seems wrong${failure.detail ? ` (it redirects to ${failure.detail})` : ''}: use the address Juspay's API answers on directly, e.g. https:// instead of http://. Redirects are not followed so that the API key is never sent elsewhere.`,
			};
		case 'invalid_response':
			return {
				message: `Juspay's answer for ${what} is not JSON${code}`,
				description: `The Base URL may point at a proxy or web page instead of the Juspay Payout API; check the credential's environment and Base URL. ${stateUnknown}${failure.detail ? ` The answer began: ${failure.detail}` : ''}`,
			};
		case 'timeout':
			return {
				message: `Juspay did not answer for ${what} within ${Math.round(subject.timeoutMs / 1000)} s`,
				description: `${stateUnknown} If Juspay is slow, raise the Timeout option.`,
			};
		case 'connection_refused':
			return {
				message: `Could not connect to Juspay for ${what}: the connection was refused`,
				description: `Nothing is listening at the credential's Base URL (${subject.environment} environment). Check the environment and Base URL; for the local emulator, start it first with "npm run emulator".`,
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
			return {
				message: `Nothing was sent for ${what}: the run stopped on another item's error`,
				description: 'Fix the error of the item that stopped the run, then run the workflow again.',
			};
		case 'juspay_error':
			break;
	}

	if (status === 404) {
		return {
			message: `Juspay has no ${what}${code}`,
			description: `Check the ${subject.resource} ID.${juspaySays} IDs from the sandbox do not exist in production and the other way round; this credential uses the ${subject.environment} environment.${subject.resource === 'fulfillment' ? ' A fulfillment ID is Juspay\'s ID ending in -f1, -f2, …, not your own order ID.' : ''}`,
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
			description: `This is on Juspay's side and usually passes: run the workflow again later. ${stateUnknown}${juspaySays}`,
		};
	}
	return {
		message: `Juspay answered ${what} with an error${code}`,
		description: `${juspaySays.trim() || 'Juspay gave no details.'} ${stateUnknown}`.trim(),
	};
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The fields a workflow reads on the error branch (`$json.error.errorCode`, …). */
export function errorDetails(
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
	return details;
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
): INodeExecutionData {
	const described = describeFailure(failure, subject);
	return {
		json: { error: errorDetails(failure, subject, described), message: described.message },
		pairedItem: { item: itemIndex },
	};
}

export function toNodeApiError(
	node: INode,
	failure: JuspayFailure,
	subject: FailureSubject,
	itemIndex: number,
): NodeApiError {
	const described = describeFailure(failure, subject);
	return new NodeApiError(node, errorDetails(failure, subject, described) as JsonObject, {
		message: described.message,
		description: described.description,
		httpCode: failure.httpCode === undefined ? undefined : String(failure.httpCode),
		itemIndex,
	});
}
