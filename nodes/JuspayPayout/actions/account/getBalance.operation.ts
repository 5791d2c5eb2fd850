import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { subjectOf } from '../../helpers/items';
import type { JuspayConnection } from '../../transport';
import { juspayApiRequest } from '../../transport';
import type { ItemResult } from '../types';

export const description: INodeProperties[] = [];

// (sic) Juspay's path says "getways".
const BALANCE_PATH = '/payout/merchant/v1/getways/balance';

/**
 * Juspay sends each method's balance as a string, e.g. {"DUMMY_IMPS":{"balance":"9999999999",…}}.
 * Numbers are what a workflow compares; the strings stay too, as the exact figures.
 */
export function readBalances(body: IDataObject): IDataObject {
	const balances: IDataObject = {};
	const lastUpdated: IDataObject = {};
	for (const [method, entry] of Object.entries(body)) {
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) continue;
		const { balance, lastUpdated: updated } = entry as IDataObject;
		const value = typeof balance === 'number' ? balance : Number(String(balance ?? '').trim());
		balances[method] = String(balance ?? '').trim() !== '' && Number.isFinite(value) ? value : null;
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
export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	connection: JuspayConnection,
): Promise<ItemResult> {
	const subject = subjectOf(connection, 'balance');
	const result = await juspayApiRequest.call(this, connection, {
		method: 'GET',
		path: BALANCE_PATH,
		isExpectedAnswer: isBalanceAnswer,
	});
	if (!result.ok) return { ok: false, failure: result.failure, subject };
	return { ok: true, json: readBalances(result.body) };
}
