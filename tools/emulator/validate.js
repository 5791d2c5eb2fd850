'use strict';
/**
 * Validation of the create-order body (POST /payout/merchant/v1/orders), returning a normalised copy.
 * Juspay publishes the field rules but not its error texts: every failure is 400 E01 with a message
 * naming the field. Only FULFILL_ONLY orders exist in this emulator (the payout product's own flow).
 */
const { errors } = require('./errors');
const { METHODS } = require('./gateway');
const { toDestination } = require('./webhooks');

const ORDER_ID = /^[A-Za-z0-9_\-@]{4,64}$/;
const UDFS = Array.from({ length: 10 }, (_, i) => `udf${i + 1}`);

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Amounts may be sent as numbers or numeric strings (Juspay samples use numbers); at most 2 decimals. */
function toPaise(value, field) {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
		throw errors.validation(`${field} must be a positive number`);
	}
	const paise = Math.round(n * 100);
	if (Math.abs(n * 100 - paise) > 1e-6)
		throw errors.validation(`${field} must have at most 2 decimals`);
	return { amount: n, paise };
}

/** scheduleTime: an ISO-8601 string or epoch milliseconds (Juspay's exact format is not pinned down). */
function toScheduleMs(value, field) {
	if (value === undefined || value === null) return null;
	const ms =
		typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
	if (!Number.isFinite(ms)) throw errors.validation(`${field} must be an ISO-8601 date-time`);
	return ms;
}

function parseFulfillment(f, i) {
	const at = `fulfillments[${i}]`;
	if (!isObject(f)) throw errors.validation(`${at} must be an object`);
	const methods = f.preferredMethodList;
	if (!Array.isArray(methods) || methods.length === 0) {
		throw errors.validation(`${at}.preferredMethodList is required`);
	}
	for (const m of methods) {
		if (!METHODS.includes(m))
			throw errors.validation(`${at}.preferredMethodList: unknown method ${m}`);
	}
	const { amount, paise } = toPaise(f.amount, `${at}.amount`);
	if (!isObject(f.beneficiaryDetails))
		throw errors.validation(`${at}.beneficiaryDetails is required`);
	if (f.additionalInfo !== undefined && !isObject(f.additionalInfo)) {
		throw errors.validation(`${at}.additionalInfo must be an object`);
	}
	const info = f.additionalInfo || {};
	return {
		amount,
		paise,
		preferredMethodList: [...methods],
		beneficiaryDetails: f.beneficiaryDetails,
		// isRetriable/attemptThreshold appear in Juspay's status sample; we fill them when not sent.
		additionalInfo: { isRetriable: false, attemptThreshold: 25, ...info },
		scheduleAtMs: toScheduleMs(info.scheduleTime, `${at}.additionalInfo.scheduleTime`),
	};
}

/**
 * Where this order's webhooks go: additionalInfo.webhookDetails on the order, else on its first
 * fulfillment that has one (Juspay documents the field, not the level it sits at).
 */
function parseWebhookDetails(body, fulfillments) {
	const candidates = [
		['additionalInfo.webhookDetails', body.additionalInfo?.webhookDetails],
		...fulfillments.map((f, i) => [
			`fulfillments[${i}].additionalInfo.webhookDetails`,
			f.additionalInfo.webhookDetails,
		]),
	];
	const found = candidates.find(([, details]) => details !== undefined && details !== null);
	if (!found) return null;
	const [field, details] = found;
	if (!isObject(details) || typeof details.url !== 'string')
		throw errors.validation(`${field}.url is required`);
	try {
		toDestination(details, 'order');
	} catch (err) {
		throw errors.validation(`${field}: ${err.message}`);
	}
	return { ...details };
}

function parseCreateOrder(body) {
	if (!isObject(body)) throw errors.validation('Request body must be a JSON object');
	if (body.orderId === undefined || body.orderId === null || body.orderId === '') {
		throw errors.validation('orderId is required');
	}
	if (typeof body.orderId !== 'string' || !ORDER_ID.test(body.orderId)) {
		throw errors.validation('orderId must be 4-64 characters of letters, digits, _ - @');
	}
	if (body.amount === undefined || body.amount === null)
		throw errors.validation('amount is required');
	const { amount, paise } = toPaise(body.amount, 'amount');
	if (typeof body.customerId !== 'string' || body.customerId === '') {
		throw errors.validation('customerId is required');
	}
	if (body.type !== 'FULFILL_ONLY') throw errors.validation('type must be FULFILL_ONLY');
	if (!Array.isArray(body.fulfillments) || body.fulfillments.length === 0) {
		throw errors.validation('fulfillments must be a non-empty array');
	}
	const fulfillments = body.fulfillments.map(parseFulfillment);
	const total = fulfillments.reduce((sum, f) => sum + f.paise, 0);
	if (total !== paise)
		throw errors.validation('Sum of fulfillment amounts must equal the order amount');
	const udfs = {};
	for (const k of UDFS) {
		if (body[k] === undefined) continue;
		if (typeof body[k] !== 'string') throw errors.validation(`${k} must be a string`);
		udfs[k] = body[k];
	}
	const webhookDetails = parseWebhookDetails(body, fulfillments);
	return {
		orderId: body.orderId,
		amount,
		paise,
		customerId: body.customerId,
		udfs,
		fulfillments,
		webhookDetails,
	};
}

module.exports = { parseCreateOrder };
