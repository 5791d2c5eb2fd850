/**
 * Juspay's cancel only schedules: Juspay decides later, and tells merchants to read the order status
 * "after a short while". This reads it for them, with growing pauses, until the fulfillment is final.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { findFulfillment, isFinalStatus, isOrderAnswer } from '../../helpers/order';
import type { JuspayRequest, JuspaySession } from '../../transport';
import { juspayApiRequest } from '../../transport';
import { ORDER_EXPAND, ORDER_STATUS_PATH } from '../../transport/endpoints';
import type { JuspayFailure } from '../../transport/failures';
import { pause } from '../../transport/pause';
import { subjectOf } from '../parameters';
import type { FailureSubject } from '../types';

/** First pause after the cancel, then ×1.6 per check up to the cap: quick answers come quickly, and a
 * long wait costs few requests (a 5-minute wait is about 35 checks). */
const FIRST_PAUSE_MS = 1000;
const PAUSE_GROWTH = 1.6;
const MAX_PAUSE_MS = 15_000;

type CancelOutcome = 'cancelled' | 'not_cancelled' | 'undetermined';

interface OrderLookup {
	orderId: string;
	fulfillmentId: string;
	routingId?: string;
}

type Lookup =
	| { ok: true; order: IDataObject; fulfillment: IDataObject | undefined }
	| { ok: false; failure: JuspayFailure; subject: FailureSubject };

/** Reads the order and finds the fulfillment in it. */
export async function lookUpFulfillment(
	this: IExecuteFunctions,
	session: JuspaySession,
	lookup: OrderLookup,
	reading: Pick<JuspayRequest, 'notAfter' | 'endsItem'> = {},
): Promise<Lookup> {
	const result = await juspayApiRequest.call(this, session, {
		method: 'GET',
		path: ORDER_STATUS_PATH(lookup.orderId),
		qs: ORDER_EXPAND,
		routingId: lookup.routingId,
		isExpectedAnswer: isOrderAnswer,
		...reading,
	});
	if (!result.ok) {
		return {
			ok: false,
			failure: result.failure,
			subject: subjectOf(session, 'order', lookup.orderId),
		};
	}
	return {
		ok: true,
		order: result.body,
		fulfillment: findFulfillment(result.body, lookup.fulfillmentId),
	};
}

/** Why polling ended early: the run is stopping on another item's error, or the user stopped it. */
const ENDS_THE_WAIT = new Set(['halted', 'cancelled']);

/**
 * Polls the order until the fulfillment reaches a final state or `maxWaitMs` has passed since
 * `acceptedAt`. No read starts after that deadline and no retry pause runs past it, so the item is done
 * within Max Wait plus one Timeout. A failed read does not end the wait (the transport has already
 * retried it, and it does not stop the run): the next one may work.
 */
export async function waitForOutcome(
	this: IExecuteFunctions,
	session: JuspaySession,
	lookup: OrderLookup,
	acceptedAt: number,
	maxWaitMs: number,
): Promise<{ seen: IDataObject; stopped?: undefined } | { stopped: JuspayFailure }> {
	const deadline = acceptedAt + maxWaitMs;
	let pauseMs = FIRST_PAUSE_MS;
	let statusChecks = 0;
	let seen: IDataObject = { fulfillmentStatus: null, orderStatus: null, statusSeenAt: null };
	let lastCheckError: string | null = null;

	for (;;) {
		const remainingMs = deadline - Date.now();
		if (remainingMs <= 0) break;
		if (!(await pause(Math.min(pauseMs, remainingMs), session.cancelSignal))) {
			return { stopped: { reason: 'cancelled', tries: statusChecks } };
		}
		pauseMs = Math.min(MAX_PAUSE_MS, pauseMs * PAUSE_GROWTH);
		if (Date.now() >= deadline) break;

		const found = await lookUpFulfillment.call(this, session, lookup, {
			notAfter: deadline,
			endsItem: false,
		});
		if (!found.ok) {
			if (ENDS_THE_WAIT.has(found.failure.reason)) return { stopped: found.failure };
			if (found.failure.reason === 'expired') break;
			statusChecks++;
			lastCheckError = `${found.failure.reason}${found.failure.httpCode ? ` (HTTP ${found.failure.httpCode})` : ''}`;
			continue;
		}
		statusChecks++;
		lastCheckError = null;
		const fulfillmentStatus = found.fulfillment?.status ?? null;
		seen = {
			fulfillmentStatus,
			orderStatus: found.order.status ?? null,
			statusSeenAt: new Date().toISOString(),
			statusUpdatedAt: found.fulfillment?.statusUpdatedAt ?? null,
		};
		if (isFinalStatus(fulfillmentStatus)) break;
	}

	const status = seen.fulfillmentStatus;
	const outcome: CancelOutcome =
		status === 'CANCELLED' ? 'cancelled' : isFinalStatus(status) ? 'not_cancelled' : 'undetermined';
	return {
		seen: {
			outcome,
			...seen,
			waitedSeconds: Math.round((Date.now() - acceptedAt) / 100) / 10,
			statusChecks,
			...(lastCheckError ? { lastCheckError } : {}),
		},
	};
}
