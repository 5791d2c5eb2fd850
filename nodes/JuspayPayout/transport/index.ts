/**
 * The only place in the package that talks HTTP to Juspay: one session per node run, one function that
 * sends a request, retries what is worth retrying and returns every failure as a value.
 */
import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mayHoldSecret, redactJson, secretFormsOf } from '../helpers/secrets';
import { whyRefusedBaseUrl } from './baseUrl';
import type { JuspayFailure } from './failures';
import {
	attemptLabel,
	failureFromResponse,
	failureFromThrown,
	juspayErrorFields,
	mayHaveActed,
} from './failures';
import type { AnswerSignal, ConcurrencyLimit } from './concurrencyLimit';
import {
	AdaptiveConcurrencyLimit,
	AUTO_INITIAL,
	AUTO_MIN,
	FixedConcurrencyLimit,
} from './concurrencyLimit';
import type { CancelSignal } from './pause';
import { pause } from './pause';
import { RequestSlots } from './requestSlots';
import type { RetryPolicy } from './retry';
import { decideRetry, isRetryable } from './retry';

export const CREDENTIAL_TYPE = 'juspayPayoutApi';

type JuspayEnvironment = 'sandbox' | 'production' | 'custom';

const ENVIRONMENT_BASE_URLS: Record<Exclude<JuspayEnvironment, 'custom'>, string> = {
	sandbox: 'https://sandbox.juspay.in',
	production: 'https://api.juspay.in',
};

/**
 * What every request of one node run shares, like an HTTP client's session: where Juspay is, the
 * credential, how to retry, the bound on requests in flight, and what must never be echoed.
 */
export interface JuspaySession extends RetryPolicy {
	baseUrl: string;
	environment: JuspayEnvironment;
	/** Per try. */
	timeoutMs: number;
	/** Bounds the requests in flight across all items and operations of this node run. */
	slots: RequestSlots;
	/** On Error = stop: the first final failure halts the slots, so nothing more is sent. */
	haltOnFailure: boolean;
	/** Strings to strip from anything Juspay (or a proxy) sends back before it reaches an item. */
	secrets: string[];
	/** The execution's cancel signal: Stop in the editor ends pauses and unsent requests. */
	cancelSignal: CancelSignal;
	/**
	 * The credential, read once per run and handed to every request: otherwise n8n looks it up in its
	 * database and decrypts it again for each one (a sixth of n8n's CPU time per cancel, measured).
	 */
	credentials: ICredentialsDecrypted;
}

interface SessionSettings extends RetryPolicy {
	timeoutMs: number;
	/** 'auto': adapts to Juspay's answers, up to `maxConcurrency`; a number: exactly that. */
	concurrency: number | 'auto';
	maxConcurrency: number;
	haltOnFailure: boolean;
}

function concurrencyLimitFor(settings: SessionSettings): ConcurrencyLimit {
	if (settings.concurrency !== 'auto') return new FixedConcurrencyLimit(settings.concurrency);
	const max = settings.maxConcurrency;
	return new AdaptiveConcurrencyLimit({ initial: Math.min(AUTO_INITIAL, max), min: AUTO_MIN, max });
}

/**
 * What an answer says about Juspay's load, for an adaptive Concurrency: a 429 is a quota used up; any
 * other temporary failure (5xx, E06/E90, a timeout, a dropped connection) is pushback; any other answer,
 * success or not, is a timely one; no answer at all (connection refused, unknown host) says nothing
 * about load.
 */
function answerSignal(result: Answer | Failed): AnswerSignal {
	if (result.ok) return 'ok';
	if (result.failure.reason === 'rate_limited') return 'rateLimited';
	if (isRetryable(result.failure)) return 'overload';
	return result.failure.httpCode === undefined ? 'ignore' : 'ok';
}

export interface JuspayRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, with every caller-supplied segment already checked and encoded. */
	path: string;
	routingId?: string;
	qs?: IDataObject;
	body?: IDataObject;
	/**
	 * Whether a 2xx body is the success this call expects. Anything else is reported (as Juspay's error
	 * when it carries Juspay's error fields, else as an unexpected answer), never taken as success.
	 */
	isExpectedAnswer: (body: IDataObject) => boolean;
	/** No try starts after this time (epoch ms), and no pause runs past it. */
	notAfter?: number;
	/**
	 * Whether a final failure of this request ends its item, and so, under On Error = stop, the run.
	 * Wait for Outcome's status reads do not: the cancel was accepted, the next read may work.
	 */
	endsItem?: boolean;
}

/** A 2xx answer that is the success the call expects. */
type Answer = { ok: true; httpCode: number; body: IDataObject };
type Failed = { ok: false; failure: JuspayFailure };

/** `tries` counts every time the request was sent, the first included. */
type JuspayResult = (Answer & { tries: number }) | Failed;

/** The credential's base URL, or why it is refused. */
function resolveBaseUrl(
	environment: JuspayEnvironment,
	customBaseUrl: string,
): { baseUrl: string; problem?: undefined } | { baseUrl?: undefined; problem: string } {
	if (environment !== 'custom') {
		return { baseUrl: ENVIRONMENT_BASE_URLS[environment] ?? ENVIRONMENT_BASE_URLS.sandbox };
	}
	const trimmed = customBaseUrl.trim().replace(/\/+$/, '');
	const problem = whyRefusedBaseUrl(trimmed);
	return problem ? { problem } : { baseUrl: trimmed };
}

/** Starts the session of one node run: reads the credential once, its base URL and the values to redact. */
export async function createSession(
	this: IExecuteFunctions,
	settings: SessionSettings,
): Promise<JuspaySession> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const environment = (credentials.environment as JuspayEnvironment) ?? 'sandbox';
	const { baseUrl, problem } = resolveBaseUrl(environment, String(credentials.baseUrl ?? ''));
	const secrets = secretFormsOf(String(credentials.apiKey ?? ''));
	if (baseUrl === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			'The Juspay Payout API credential has a Base URL this node will not send the API key to',
			{
				description: `${problem} Open the credential and correct its Base URL, e.g. http://127.0.0.1:4010 for the local emulator or https://juspay-proxy.example.com for a proxy.`,
			},
		);
	}
	const reference = this.getNode().credentials?.[CREDENTIAL_TYPE];
	const cancelSignal = this.getExecutionCancelSignal?.();
	return {
		baseUrl,
		environment,
		timeoutMs: settings.timeoutMs,
		maxTries: settings.maxTries,
		rateLimitWaitMs: settings.rateLimitWaitMs,
		slots: new RequestSlots(concurrencyLimitFor(settings), cancelSignal),
		haltOnFailure: settings.haltOnFailure,
		secrets,
		cancelSignal,
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
 * non-2xx status, unexpected body and network failure comes back as a JuspayFailure, so the router
 * decides per item what to do. A request that got a 2xx answer is never sent again.
 */
export async function juspayApiRequest(
	this: IExecuteFunctions,
	session: JuspaySession,
	request: JuspayRequest,
): Promise<JuspayResult> {
	const state = { counted: 0, deferredMs: 0 };
	const attempts: JuspayFailure[] = [];
	const summary = (failure: JuspayFailure): JuspayFailure => ({
		...failure,
		tries: attempts.length,
		attempts: attempts.length > 1 ? attempts.map(attemptLabel) : undefined,
		mayHaveActed: attempts.some(mayHaveActed),
	});

	for (;;) {
		const retry = attempts.length > 0;
		const sent = await session.slots.run(
			async (ticket) => {
				const sentAt = Date.now();
				const result = await sendOnce.call(this, session, request);
				session.slots.observe(ticket, Date.now() - sentAt, answerSignal(result));
				if (result.ok) return { result };
				attempts.push(result.failure);
				const decision = decideRetry(
					result.failure,
					session,
					state,
					request.notAfter === undefined ? Infinity : request.notAfter - Date.now(),
				);
				// Decided while still holding the slot, so that no waiting request slips out first.
				if (!decision.retry && session.haltOnFailure && request.endsItem !== false) {
					session.slots.halt();
				}
				return { result, decision };
			},
			{ retry, notAfter: request.notAfter },
		);
		if (!sent.ran) {
			// A retry that found no slot before the deadline ends like one whose pause would not fit: the
			// request failed as its last try did. Only a request never sent reports why it was not.
			if (sent.why === 'expired' && attempts.length > 0) {
				return { ok: false, failure: summary(attempts[attempts.length - 1]) };
			}
			return {
				ok: false,
				failure: summary({ ...attempts[attempts.length - 1], reason: sent.why }),
			};
		}
		const { result, decision } = sent.value;
		if (result.ok) return { ...result, tries: attempts.length + 1 };
		if (!decision?.retry)
			return { ok: false, failure: summary(decision?.failure ?? result.failure) };
		if (decision.counted) state.counted++;
		else state.deferredMs += decision.pauseMs;
		if (!(await pause(decision.pauseMs, session.cancelSignal))) {
			return { ok: false, failure: summary({ ...result.failure, reason: 'cancelled' }) };
		}
	}
}

async function sendOnce(
	this: IExecuteFunctions,
	session: JuspaySession,
	request: JuspayRequest,
): Promise<Answer | Failed> {
	const headers: IDataObject = { Accept: 'application/json' };
	if (request.routingId) headers['x-routing-id'] = request.routingId;
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${session.baseUrl}${request.path}`,
		headers,
		qs: request.qs,
		timeout: session.timeoutMs,
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

	const startedAt = Date.now();
	let response: { statusCode: number; headers: IDataObject; body: unknown };
	try {
		response = await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			options,
			{
				credentialsDecrypted: session.credentials,
			},
		);
	} catch (error) {
		const attempt = { elapsedMs: Date.now() - startedAt, timeoutMs: session.timeoutMs };
		return { ok: false, failure: failureFromThrown(error, attempt, session) };
	}

	const parsed = parseJsonObject(response.body);
	const isSuccess = response.statusCode >= 200 && response.statusCode < 300;
	if (isSuccess && parsed && !juspayErrorFields(parsed) && request.isExpectedAnswer(parsed)) {
		const text = typeof response.body === 'string' ? response.body : '';
		const body = mayHoldSecret(text, session.secrets)
			? redactJson(parsed, session.secrets)
			: parsed;
		return { ok: true, httpCode: response.statusCode, body };
	}
	return {
		ok: false,
		failure: failureFromResponse(
			response.statusCode,
			response.headers,
			response.body,
			parsed,
			session,
		),
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
