import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { juspayApiRequest } from '../../transport';
import { BALANCE_PATH } from '../../transport/endpoints';
import { subjectOf } from '../parameters';
import type { JuspayOperation } from '../types';

export const description: INodeProperties[] = [];

/**
 * Juspay sends each method's balance as a string, e.g. {"DUMMY_IMPS":{"balance":"9999999999",…}}.
 * Numbers are what a workflow compares; the strings stay too, as the exact figures.
 */
function readBalances(body: IDataObject): IDataObject {
	const balances: IDataObject = {};
	const lastUpdated: IDataObject = {};
	// isBalanceAnswer has made sure that every entry is an object.
	for (const [method, entry] of Object.entries(body)) {
		const { balance, lastUpdated: updated } = entry as IDataObject;
		// Number('') and Number('  ') are 0: a blank balance is unknown, not zero.
		const text = String(balance ?? '').trim();
		balances[method] = text !== '' && Number.isFinite(Number(text)) ? Number(text) : null;
		lastUpdated[method] = updated ?? null;
	}
	return { balances, lastUpdated, raw: body };
}

/** Juspay's balance map: every entry is a method's `{ balance, lastUpdated }`. */
function isBalanceAnswer(body: IDataObject): boolean {
	return Object.values(body).every(
		(entry) => entry !== null && typeof entry === 'object' && !Array.isArray(entry),
	);
}

/** Reads the payout balance of every payout method (Juspay caches it for about 30 minutes). */
export const execute: JuspayOperation['execute'] = async function (_itemIndex, session) {
	const subject = subjectOf(session, 'balance');
	const result = await juspayApiRequest.call(this, session, {
		method: 'GET',
		path: BALANCE_PATH,
		isExpectedAnswer: isBalanceAnswer,
	});
	if (!result.ok) return { ok: false, failure: result.failure, subject };
	return { ok: true, json: readBalances(result.body) };
};
