import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { juspayApiRequest } from '../../transport';
import { OUTAGE_PATH } from '../../transport/endpoints';
import { readRoutingId, refuse, subjectOf } from '../parameters';
import { routingIdProperty } from '../shared';
import type { JuspayOperation } from '../types';

const showFor = { resource: ['outage'], operation: ['get'] };

export const description: INodeProperties[] = [routingIdProperty(showFor)];

function entries(value: unknown): IDataObject[] {
	return Array.isArray(value)
		? value.filter((v): v is IDataObject => v !== null && typeof v === 'object')
		: [];
}

/**
 * Juspay lists outages in two groups: banks/VPA handles a beneficiary may use, and payout gateways.
 * Workflows mostly ask "is anything down?", so the entries are also split by status, each tagged with
 * its group.
 */
function summarizeOutages(body: IDataObject): IDataObject {
	const tagged: IDataObject[] = [
		...entries(body.beneficiarySpecificData).map((e) => ({ scope: 'beneficiary', ...e })),
		...entries(body.gatewaySpecificData).map((e) => ({ scope: 'gateway', ...e })),
	];
	const down = tagged.filter((e) => e.status === 'DOWN');
	const fluctuating = tagged.filter((e) => e.status === 'FLUCTUATE');
	return {
		anyDown: down.length > 0,
		down,
		fluctuating,
		beneficiarySpecificData: body.beneficiarySpecificData ?? [],
		gatewaySpecificData: body.gatewaySpecificData ?? [],
	};
}

/** Juspay's outage answer: its two lists, each absent or an array. */
function isOutageAnswer(body: IDataObject): boolean {
	return [body.beneficiarySpecificData, body.gatewaySpecificData].every(
		(list) => list === undefined || Array.isArray(list),
	);
}

/** Reads which banks, UPI handles and payout gateways Juspay reports as down or fluctuating now. */
export const execute: JuspayOperation['execute'] = async function (itemIndex, session) {
	const subject = subjectOf(session, 'outage list');
	const { routingId, problem } = readRoutingId(this, itemIndex);
	if (problem) return refuse(subject, problem);
	const result = await juspayApiRequest.call(this, session, {
		method: 'GET',
		path: OUTAGE_PATH,
		routingId: routingId || undefined,
		isExpectedAnswer: isOutageAnswer,
	});
	if (!result.ok) return { ok: false, failure: result.failure, subject };
	return { ok: true, json: summarizeOutages(result.body) };
};
