import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { FailureSubject, JuspayFailure } from '../../helpers/errors';
import { subjectOf } from '../../helpers/items';
import {
	FINAL_FULFILLMENT_STATUSES,
	findFulfillment,
	ORDER_EXPAND,
	ORDER_STATUS_PATH,
} from '../../helpers/order';
import type { JuspayConnection } from '../../transport';
import { juspayApiRequest } from '../../transport';

/**
 * Juspay's cancel only schedules: Juspay decides later, and tells merchants to read the order status
 * "after a short while". This reads it for them, with growing pauses, until the fulfillment is final.
 */

/** First pause after the cancel, then ×1.6 per check up to the cap: quick answers come quickly, and a
 * long wait costs few requests (a 5-minute wait is about 35 checks). */
const FIRST_PAUSE_MS = 1000;
const PAUSE_GROWTH = 1.6;
const MAX_PAUSE_MS = 15_000;

export type CancelOutcome = 'cancelled' | 'not_cancelled' | 'undetermined';

export interface OrderLookup {
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
	connection: JuspayConnection,
	lookup: OrderLookup,
): Promise<Lookup> {
	const result = await juspayApiRequest.call(this, connection, {
		method: 'GET',
		path: ORDER_STATUS_PATH(lookup.orderId),
		qs: ORDER_EXPAND,
		routingId: lookup.routingId,
	});
	if (!result.ok) {
		return { ok: false, failure: result.failure, subject: subjectOf(connection, 'order', lookup.orderId) };
	}
	return { ok: true, order: result.body, fulfillment: findFulfillment(result.body, lookup.fulfillmentId) };
}

/**
 * Polls the order until the fulfillment reaches a final state or `maxWaitMs` has passed since `since`.
 * A failed check does not end the wait (the transport has already retried it); the next one may work.
 */
export async function waitForOutcome(
	this: IExecuteFunctions,
	connection: JuspayConnection,
	lookup: OrderLookup,
	since: number,
	maxWaitMs: number,
): Promise<{ seen: IDataObject; halted?: undefined } | { halted: JuspayFailure }> {
	const deadline = since + maxWaitMs;
	let pauseMs = FIRST_PAUSE_MS;
	let statusChecks = 0;
	let seen: IDataObject = { fulfillmentStatus: null, orderStatus: null, statusSeenAt: null };
	let lastCheckError: string | null = null;

	for (;;) {
		const remainingMs = deadline - Date.now();
		if (remainingMs <= 0) break;
		await sleep(Math.min(pauseMs, remainingMs));
		pauseMs = Math.min(MAX_PAUSE_MS, pauseMs * PAUSE_GROWTH);

		const found = await lookUpFulfillment.call(this, connection, lookup);
		statusChecks++;
		if (!found.ok) {
			if (found.failure.reason === 'halted') return { halted: found.failure };
			lastCheckError = `${found.failure.reason}${found.failure.httpCode ? ` (HTTP ${found.failure.httpCode})` : ''}`;
			continue;
		}
		lastCheckError = null;
		const fulfillmentStatus = found.fulfillment?.status ?? null;
		seen = {
			fulfillmentStatus,
			orderStatus: found.order.status ?? null,
			statusSeenAt: new Date().toISOString(),
			statusUpdatedAt: found.fulfillment?.statusUpdatedAt ?? null,
		};
		if (typeof fulfillmentStatus === 'string' && FINAL_FULFILLMENT_STATUSES.includes(fulfillmentStatus)) {
			break;
		}
	}

	const status = seen.fulfillmentStatus;
	const outcome: CancelOutcome =
		status === 'CANCELLED'
			? 'cancelled'
			: typeof status === 'string' && FINAL_FULFILLMENT_STATUSES.includes(status)
				? 'not_cancelled'
				: 'undetermined';
	return {
		seen: {
			outcome,
			...seen,
			waitedSeconds: Math.round((Date.now() - since) / 100) / 10,
			statusChecks,
			...(lastCheckError ? { lastCheckError } : {}),
		},
	};
}
