/**
 * The one place that turns a JuspayFailure into words: the first sentence says what happened, the
 * description how to fix it. Every message names what the call was about (its FailureSubject).
 */
import type { JuspayFailure } from '../transport/failures';
import { mayHaveActed } from '../transport/failures';
import type { FailureSubject } from './types';

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
	return subject.id === undefined
		? `the ${subject.resource}`
		: `${subject.resource} "${subject.id}"`;
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
				description: `Juspay asked to slow down${failure.retryAfterSeconds !== undefined ? ` and retry after ${seconds(failure.retryAfterSeconds)}` : ''}. Send fewer requests at once (Options: a lower Max Concurrency, or a fixed Concurrency), or run the workflow again later.${juspaySays}`,
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
		description: `${juspaySays.trim() || 'Juspay gave no details.'}${failure.detail ? ` The answer began: ${failure.detail}` : ''} ${mayHaveActed(failure) ? stateUnknown : 'Juspay did not act on it.'}`,
	};
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
