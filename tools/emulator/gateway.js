'use strict';
/**
 * The sandbox's dummy gateways: which outcome an amount gets, and their balances.
 * Amount rules (shared/juspay-payout-api.md, "Sandbox behaviour"), checked in this order:
 *   amount <= 5 (DUMMY_UPI), <= 10 (DUMMY_IMPS), <= 20 (DUMMY_NEFT)  -> success
 *   21 <= amount <= 22  -> manual review          23 <= amount <= 24 -> fail to initiate once, then success
 *   amount == 28        -> pending, then failure  amount == 98       -> success, then reversed
 *   anything else       -> failure
 * Ranges are inclusive and decimal-aware (21.5 is manual review), since the spec gives no finer rule.
 * The sandbox's random ~16% gateway timeouts are deliberately NOT emulated: tests need determinism.
 */

const SUCCESS_LIMIT_RUPEES = { DUMMY_IMPS: 10, DUMMY_UPI: 5, DUMMY_NEFT: 20 };
const METHODS = Object.keys(SUCCESS_LIMIT_RUPEES);
const START_BALANCE_PAISE = 9999999999 * 100;

function outcomeFor(method, amountPaise) {
	if (amountPaise <= SUCCESS_LIMIT_RUPEES[method] * 100) return 'SUCCESS';
	if (amountPaise >= 2100 && amountPaise <= 2200) return 'MANUAL_REVIEW';
	if (amountPaise >= 2300 && amountPaise <= 2400) return 'FAIL_ONCE_THEN_SUCCESS';
	if (amountPaise === 2800) return 'SLOW_FAILURE';
	if (amountPaise === 9800) return 'SUCCESS_THEN_REVERSED';
	return 'FAILURE';
}

/** Juspay's timestamps carry no milliseconds: "2023-12-27T09:45:38Z". */
function iso(ms) {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Balances are kept in paise (integers) and shown as rupee strings, as Juspay does ("9999999999"). */
function rupeeString(paise) {
	return paise % 100 === 0 ? String(paise / 100) : (paise / 100).toFixed(2);
}

function createBalances(now) {
	const start = now();
	const accounts = new Map(METHODS.map((m) => [m, { paise: START_BALANCE_PAISE, at: start }]));
	return {
		/** Negative to debit (payout succeeded), positive to credit (payout reversed). */
		change(method, paise) {
			const acct = accounts.get(method);
			acct.paise += paise;
			acct.at = now();
		},
		// Juspay caches balances for ~30 minutes; the emulator shows every change at once, which is
		// what a test wants to see.
		view() {
			const out = {};
			for (const [m, a] of accounts)
				out[m] = { lastUpdated: iso(a.at), balance: rupeeString(a.paise) };
			return out;
		},
	};
}

module.exports = { METHODS, SUCCESS_LIMIT_RUPEES, outcomeFor, iso, createBalances };
