import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { JuspayFailure } from '../helpers/errors';
import { failureFromResponse, failureFromThrown } from '../helpers/errors';
import { RequestSlots } from './requestSlots';
import { isDeferral, isRetryable, retryDelayMs } from './retry';

/** The only place in the package that talks HTTP to Juspay. */

export const CREDENTIAL_TYPE = 'juspayPayoutApi';

export type JuspayEnvironment = 'sandbox' | 'production' | 'custom';

const ENVIRONMENT_BASE_URLS: Record<Exclude<JuspayEnvironment, 'custom'>, string> = {
	sandbox: 'https://sandbox.juspay.in',
	production: 'https://api.juspay.in',
};

/** What every request of one node run shares: where Juspay is, and what must never be echoed. */
export interface JuspayConnection {
	baseUrl: string;
	environment: JuspayEnvironment;
	/** Per try. */
	timeoutMs: number;
	/** Tries per request, the first included; 429s with Retry-After do not count. */
	maxTries: number;
	/** How long one request may keep being deferred by 429s with Retry-After. */
	rateLimitWaitMs: number;
	/** Bounds the requests in flight across all items and operations of this node run. */
	slots: RequestSlots;
	/** On Error = stop: the first final failure halts the slots, so nothing more is sent. */
	haltOnFailure: boolean;
	/** Strings to strip from anything Juspay (or a proxy) sends back before it reaches an item. */
	secrets: string[];
	/**
	 * The credential, read once per run and handed to every request: otherwise n8n looks it up in its
	 * database and decrypts it again for each one (a sixth of n8n's CPU time per cancel, measured).
	 */
	credentials: ICredentialsDecrypted;
}

export interface RequestPolicy {
	timeoutMs: number;
	maxTries: number;
	rateLimitWaitMs: number;
	concurrency: number;
	haltOnFailure: boolean;
}

export interface JuspayRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, with every caller-supplied segment already checked and encoded. */
	path: string;
	routingId?: string;
	qs?: IDataObject;
	body?: IDataObject;
}

/** `tries` counts every time the request was sent, the first included. */
export type JuspayResult =
	| { ok: true; httpCode: number; body: IDataObject; tries: number }
	| { ok: false; failure: JuspayFailure };

export function resolveBaseUrl(environment: JuspayEnvironment, customBaseUrl: string): string {
	if (environment !== 'custom') return ENVIRONMENT_BASE_URLS[environment] ?? ENVIRONMENT_BASE_URLS.sandbox;
	const trimmed = customBaseUrl.trim().replace(/\/+$/, '');
	let parsed: URL | undefined;
	try {
		parsed = new URL(trimmed);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
		return '';
	}
	return trimmed;
}

/** Reads the credential once per node run: base URL and the values to redact. */
export async function getJuspayConnection(
	this: IExecuteFunctions,
	policy: RequestPolicy,
): Promise<JuspayConnection> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const environment = (credentials.environment as JuspayEnvironment) ?? 'sandbox';
	const baseUrl = resolveBaseUrl(environment, String(credentials.baseUrl ?? ''));
	if (!baseUrl) {
		throw new NodeOperationError(
			this.getNode(),
			'The Juspay Payout API credential has no valid Base URL',
			{
				description:
					'With the environment "Custom Base URL", the Base URL must be an http:// or https:// address, e.g. http://127.0.0.1:4010 for the local emulator. Open the credential and correct it.',
			},
		);
	}
	const reference = this.getNode().credentials?.[CREDENTIAL_TYPE];
	const apiKey = String(credentials.apiKey ?? '');
	const secrets = apiKey
		? [apiKey, Buffer.from(`${apiKey}:`).toString('base64')]
		: [];
	return {
		baseUrl,
		environment,
		timeoutMs: policy.timeoutMs,
		maxTries: policy.maxTries,
		rateLimitWaitMs: policy.rateLimitWaitMs,
		slots: new RequestSlots(policy.concurrency),
		haltOnFailure: policy.haltOnFailure,
		secrets,
		credentials: {
			id: reference?.id ?? '',
			name: reference?.name ?? CREDENTIAL_TYPE,
			type: CREDENTIAL_TYPE,
			data: credentials,
		},
	};
}

/**
 * Sends one request, retrying what is worth retrying, and never throws for what Juspay answers: every
 * non-2xx status, unreadable body and network failure comes back as a JuspayFailure, so the router
 * decides per item what to do. A request that got a 2xx answer is never sent again.
 */
export async function juspayApiRequest(
	this: IExecuteFunctions,
	connection: JuspayConnection,
	request: JuspayRequest,
): Promise<JuspayResult> {
	// `counted` are the tries that Max Tries bounds: every send but those Juspay deferred with a
	// 429 + Retry-After, which are bounded by the Rate Limit Wait instead.
	const retries = { counted: 0, deferredSince: undefined as number | undefined };
	for (let attempt = 1; ; attempt++) {
		const sent = await connection.slots.run(
			async () => {
				const result = await sendOnce.call(this, connection, request);
				const pauseMs = result.ok ? undefined : nextPauseMs(connection, result.failure, attempt, retries);
				// Decided while still holding the slot, so that no waiting request slips out first.
				if (!result.ok && pauseMs === undefined && connection.haltOnFailure) connection.slots.halt();
				return { result, pauseMs };
			},
			NOT_SENT,
			attempt > 1,
		);
		if (sent === NOT_SENT) return { ok: false, failure: { reason: 'halted', tries: attempt - 1 } };
		const { result, pauseMs } = sent;
		if (result.ok) return { ...result, tries: attempt };
		const failure: JuspayFailure = { ...result.failure, tries: attempt };
		if (pauseMs === undefined || isCancelled(this)) return { ok: false, failure };
		// n8n-workflow's sleep (sleepWithAbort is not exported by every n8n version we support).
		await sleep(pauseMs);
		if (isCancelled(this)) return { ok: false, failure };
	}
}

/** The pause before the next try, or undefined when this failure is final. Updates `retries`. */
function nextPauseMs(
	connection: JuspayConnection,
	failure: JuspayFailure,
	attempt: number,
	retries: { counted: number; deferredSince: number | undefined },
): number | undefined {
	if (!isRetryable(failure) || connection.maxTries <= 1) return undefined;
	if (isDeferral(failure) && connection.rateLimitWaitMs > 0) {
		retries.deferredSince ??= Date.now();
		if (Date.now() - retries.deferredSince >= connection.rateLimitWaitMs) return undefined;
	} else if (++retries.counted >= connection.maxTries) {
		return undefined;
	}
	return retryDelayMs(failure, attempt + 1);
}

const NOT_SENT = Symbol('not sent: the run is stopping');

/** Whether the user stopped the execution: then no more tries are sent. */
function isCancelled(context: IExecuteFunctions): boolean {
	return context.getExecutionCancelSignal?.()?.aborted === true;
}

type SendResult =
	| { ok: true; httpCode: number; body: IDataObject }
	| { ok: false; failure: JuspayFailure };

async function sendOnce(
	this: IExecuteFunctions,
	connection: JuspayConnection,
	request: JuspayRequest,
): Promise<SendResult> {
	const headers: IDataObject = { Accept: 'application/json' };
	if (request.routingId) headers['x-routing-id'] = request.routingId;
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${connection.baseUrl}${request.path}`,
		headers,
		qs: request.qs,
		timeout: connection.timeoutMs,
		// Juspay's error bodies carry the codes users need; read them ourselves instead of n8n's generic text.
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
		// Parse the body ourselves so that a proxy's HTML page is reported, not silently passed on.
		encoding: 'text',
		// A redirect would resend the API key to wherever it points; Juspay's API never redirects.
		disableFollowRedirect: true,
	};
	if (request.body !== undefined) {
		options.body = request.body;
		options.json = true;
		headers['Content-Type'] = 'application/json';
	}

	let response: { statusCode: number; headers: IDataObject; body: unknown };
	try {
		response = await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, options, {
			credentialsDecrypted: connection.credentials,
		});
	} catch (error) {
		return { ok: false, failure: failureFromThrown(error, connection) };
	}

	const parsed = parseJsonObject(response.body);
	if (response.statusCode >= 200 && response.statusCode < 300 && parsed) {
		return { ok: true, httpCode: response.statusCode, body: parsed };
	}
	return {
		ok: false,
		failure: failureFromResponse(response.statusCode, response.headers, response.body, parsed, connection),
	};
}

function parseJsonObject(body: unknown): IDataObject | undefined {
	if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	if (typeof body !== 'string') return undefined;
	try {
		const value: unknown = JSON.parse(body);
		return value !== null && typeof value === 'object' && !Array.isArray(value)
			? (value as IDataObject)
			: undefined;
	} catch {
		return undefined;
	}
}
