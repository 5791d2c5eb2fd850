'use strict';
/**
 * The five Juspay Payout routes and what each answers. Path parameters are taken from the raw path
 * segment and percent-decoded; anything that matches no route (including a known path with another
 * method, or a trailing slash) is 404 E05.
 */
const { errors } = require('./errors');

const CANCEL_TEXT =
	'Fulfillment is scheduled for cancelation. Please check order status for final status.';

const V1 = '/payout/merchant/v1';
const ROUTES = [
	{
		name: 'cancel',
		method: 'POST',
		re: /^\/payout\/merchant\/v1\/fulfillment\/([^/]+)\/cancel$/,
		param: 'fulfillmentId',
	},
	{
		name: 'orderStatus',
		method: 'GET',
		re: /^\/payout\/merchant\/v1\/orders\/([^/]+)$/,
		param: 'orderId',
	},
	{ name: 'createOrder', method: 'POST', re: new RegExp(`^${V1}/orders$`) },
	{ name: 'balance', method: 'GET', re: new RegExp(`^${V1}/getways/balance$`) }, // sic: "getways"
	{ name: 'outage', method: 'GET', re: new RegExp(`^${V1}/outage$`) },
];

/** -> { name, params, error }; error is a JuspayError to answer after authentication. */
function matchRoute(method, path) {
	for (const r of ROUTES) {
		const m = r.re.exec(path);
		if (!m || r.method !== method) continue;
		if (!r.param) return { name: r.name, params: {}, error: null };
		try {
			return { name: r.name, params: { [r.param]: decodeURIComponent(m[1]) }, error: null };
		} catch {
			const error = errors.badRequest(`Invalid percent-encoding in path parameter ${r.param}`);
			return { name: r.name, params: {}, error };
		}
	}
	return { name: null, params: {}, error: errors.noRoute(method, path) };
}

/** expand=fulfillment,payment,refund (also repeated expand=… parameters). */
function expandSet(query) {
	const raw = [].concat(query.expand || []).join(',');
	return new Set(
		raw
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean),
	);
}

const json = (status, body) => ({ status, body });

const handlers = {
	cancel({ params, state, config }) {
		if (!state.cancelFulfillment(params.fulfillmentId)) {
			throw errors.notFound('Fulfillment', params.fulfillmentId);
		}
		return { status: 200, body: { status: CANCEL_TEXT }, contentType: config().cancelContentType };
	},
	orderStatus({ params, query, state }) {
		const order = state.getOrder(params.orderId, expandSet(query));
		if (!order) throw errors.notFound('Order', params.orderId);
		return json(200, order);
	},
	createOrder({ body, state }) {
		// Juspay's Content-Type handling is unknown: we accept any body that parses as JSON.
		if (!body.isJson) throw errors.badRequest('Request body must be valid JSON');
		return json(200, state.createOrder(body.value));
	},
	balance({ state }) {
		return json(200, state.balances());
	},
	outage({ config }) {
		return json(200, config().outages);
	},
};

module.exports = { matchRoute, handlers, CANCEL_TEXT };
