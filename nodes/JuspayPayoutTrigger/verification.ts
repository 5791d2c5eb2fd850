import { createHash, timingSafeEqual } from 'crypto';

/**
 * Is a webhook request really from Juspay? Juspay signs nothing: it sends the HTTP Basic username and
 * password the merchant set for the webhook (in the dashboard or in an order's `webhookDetails`), and
 * optionally one custom header. This checks all of them in constant time.
 *
 * Each value is hashed first, so the comparison never depends on where two strings differ nor on their
 * lengths; and every part is compared even after one failed, so the time taken does not tell which one
 * was wrong. The caller answers 401 without saying why.
 */
export interface ExpectedWebhookAuth {
	username: string;
	password: string;
	/** Header name, any case; empty when Juspay sends no custom header */
	headerName?: string;
	headerValue?: string;
}

export type IncomingHeaders = Record<string, string | string[] | undefined>;

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

function sameSecret(provided: string | undefined, expected: string): boolean {
	// Hash something even when nothing was provided, so a missing value costs the same time.
	const equal = timingSafeEqual(digest(provided ?? ''), digest(expected));
	return provided !== undefined && equal;
}

function singleHeader(headers: IncomingHeaders, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	// Node.js joins repeated custom headers with ", " but keeps some as arrays: a repeated credential
	// header is ambiguous, so it never matches.
	return typeof value === 'string' ? value : undefined;
}

/** The username and password of an `Authorization: Basic …` header, or undefined. */
export function parseBasicAuth(
	authorization: string | undefined,
): { username: string; password: string } | undefined {
	if (typeof authorization !== 'string') return undefined;
	const match = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(authorization);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Whether the request carries exactly the credential's Basic auth (and custom header, when set). */
export function isAuthorized(headers: IncomingHeaders, expected: ExpectedWebhookAuth): boolean {
	const basic = parseBasicAuth(singleHeader(headers, 'authorization'));
	let ok = sameSecret(basic?.username, expected.username);
	ok = sameSecret(basic?.password, expected.password) && ok;
	const headerName = (expected.headerName ?? '').trim();
	if (headerName !== '') {
		// Node.js strips spaces around header values, so a value pasted with spaces must match without them.
		ok = sameSecret(singleHeader(headers, headerName), (expected.headerValue ?? '').trim()) && ok;
	}
	// A credential without a username or password would let an empty Authorization through.
	return ok && expected.username !== '' && expected.password !== '';
}
