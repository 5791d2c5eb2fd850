import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { juspayApiRequest } from '../../transport';
import { CANCEL_FULFILLMENT_PATH } from '../../transport/endpoints';
import type { NumberSetting } from '../options';
import { checkNumber } from '../options';
import { readItemTarget, readPathId, refuse } from '../parameters';
import { orderIdProperty, routingIdProperty } from '../shared';
import type { JuspayOperation } from '../types';
import { lookUpFulfillment, waitForOutcome } from './outcome';

const showFor = { resource: ['fulfillment'], operation: ['cancel'] };
const showWhenWaiting = { ...showFor, waitForOutcome: [true] };

const MAX_WAIT: NumberSetting = {
	displayName: 'Max Wait (Seconds)',
	name: 'maxWaitSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 900 },
	default: 60,
	description:
		'How long to wait for a final status, counted from when Juspay accepted the cancel. If Juspay has not decided by then, the outcome is "undetermined". Items wait side by side, so many items take about as long as one.',
	displayOptions: { show: showWhenWaiting },
};

/** The id this operation sends, as readItemTarget reads it. */
const FULFILLMENT_ID = {
	resource: 'fulfillment',
	parameter: 'fulfillmentId',
	label: 'Fulfillment ID',
};

/** Juspay's answer to a cancel: `{"status": "Fulfillment is scheduled for cancelation. …"}`. */
const isCancelAnswer = (body: IDataObject) => typeof body.status === 'string' && body.status !== '';

export const description: INodeProperties[] = [
	{
		displayName: 'Fulfillment ID',
		name: 'fulfillmentId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. f46f9b8d843416e8c746c3e306a5f4-f1',
		description:
			"Juspay's ID of the fulfillment (payout) to cancel, as listed in the order's fulfillments; it ends in -f1, -f2, …. Not your own order ID.",
		displayOptions: { show: showFor },
	},
	routingIdProperty(showFor),
	{
		displayName: 'Wait for Outcome',
		name: 'waitForOutcome',
		type: 'boolean',
		default: false,
		description:
			'Whether to wait until Juspay has decided, by reading the order status, and output whether the payout was really cancelled. Juspay only schedules a cancellation: a payout already picked for an attempt still goes out.',
		displayOptions: { show: showFor },
	},
	orderIdProperty(
		showWhenWaiting,
		'Your own ID of the order that holds this fulfillment, used to read its status',
	),
	MAX_WAIT,
];

/**
 * Asks Juspay to cancel one fulfillment. Juspay only schedules the cancellation: a payout already picked
 * for an attempt still goes out, so without Wait for Outcome the item says "scheduled", never
 * "cancelled". With it, the item says what became of the payout.
 */
export const execute: JuspayOperation['execute'] = async function (itemIndex, session) {
	const target = readItemTarget(this, session, itemIndex, FULFILLMENT_ID);
	if (!target.ok) return target.refused;
	const { id: fulfillmentId, routingId, subject } = target;

	const waiting = this.getNodeParameter('waitForOutcome', itemIndex, false) as unknown;
	if (typeof waiting !== 'boolean') {
		return refuse(subject, 'Wait for Outcome is not true or false');
	}
	let orderId: string | undefined;
	let maxWaitMs = 0;
	if (waiting) {
		const order = readPathId(this, 'orderId', 'Order ID', itemIndex);
		if (order.problem !== undefined) return refuse(subject, order.problem);
		orderId = order.id;
		const maxWait = checkNumber(
			MAX_WAIT,
			this.getNodeParameter(MAX_WAIT.name, itemIndex, MAX_WAIT.default),
		);
		if (maxWait.problem !== undefined) return refuse(subject, maxWait.problem);
		maxWaitMs = maxWait.value * 1000;
		// Check first that the fulfillment belongs to the order, so a wrong pairing cancels nothing.
		const found = await lookUpFulfillment.call(this, session, {
			orderId,
			fulfillmentId,
			routingId,
		});
		if (!found.ok) return found;
		if (!found.fulfillment) {
			return {
				ok: false,
				failure: { reason: 'not_in_order', detail: orderId, tries: 0 },
				subject,
			};
		}
	}

	const result = await juspayApiRequest.call(this, session, {
		method: 'POST',
		path: CANCEL_FULFILLMENT_PATH(fulfillmentId),
		routingId,
		isExpectedAnswer: isCancelAnswer,
	});
	if (!result.ok) return { ok: false, failure: result.failure, subject };
	// Max Wait counts from here: time spent getting the cancel through (429s, retries) is not waiting.
	const acceptedAt = Date.now();

	const json = {
		fulfillmentId,
		// Juspay's words, verbatim: "Fulfillment is scheduled for cancelation. Please check order status…"
		status: result.body.status as string,
		cancellationScheduled: true,
		tries: result.tries,
	};
	if (!waiting || orderId === undefined) return { ok: true, json };

	const outcome = await waitForOutcome.call(
		this,
		session,
		{ orderId, fulfillmentId, routingId },
		acceptedAt,
		maxWaitMs,
	);
	if (outcome.stopped) {
		// The cancel itself went through: whoever reads this failure must know Juspay received it.
		return {
			ok: false,
			failure: { ...outcome.stopped, tries: result.tries, mayHaveActed: true },
			subject,
		};
	}
	return { ok: true, json: { ...json, orderId, ...outcome.seen } };
};
