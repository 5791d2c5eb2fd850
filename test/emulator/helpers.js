'use strict';
/** Test helpers for the emulator's own tests: a raw HTTP client (node:http, no keep-alive) and bodies. */
const http = require('node:http');

function authHeaders(emu, key = emu.apiKey) {
	return {
		authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
		'x-merchantid': emu.merchantId,
	};
}

/**
 * Resolves { status, headers, text, json, ms } or { error, ms }; never rejects, so fault tests can
 * assert on resets and timeouts. headers: { name: null } removes a default header.
 */
function request(emu, method, path, { headers = {}, body, auth = true, timeoutMs } = {}) {
	const started = Date.now();
	const h = { ...(auth ? authHeaders(emu) : {}), ...headers };
	let payload;
	if (body !== undefined) {
		payload = typeof body === 'string' ? body : JSON.stringify(body);
		if (!('content-type' in h)) h['content-type'] = 'application/json';
	}
	for (const k of Object.keys(h)) if (h[k] === null) delete h[k];
	return new Promise((resolve) => {
		const done = (r) => resolve({ ...r, ms: Date.now() - started });
		const req = http.request(`${emu.url}${path}`, { method, headers: h, agent: false }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('error', (error) => done({ error }));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let json;
				try {
					json = JSON.parse(text);
				} catch {
					json = undefined;
				}
				done({ status: res.statusCode, headers: res.headers, text, json });
			});
		});
		req.on('error', (error) => done({ error }));
		if (timeoutMs) {
			req.setTimeout(timeoutMs, () =>
				req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })),
			);
		}
		req.end(payload);
	});
}

let counter = 0;
/** A valid FULFILL_ONLY create-order body; one fulfillment per amount in `amounts`. */
function orderBody({ amounts = [1], method = 'DUMMY_IMPS', orderId, scheduleTime, ...extra } = {}) {
	counter += 1;
	const total = Math.round(amounts.reduce((s, a) => s + a * 100, 0)) / 100;
	return {
		orderId: orderId || `ord_test-${counter}`,
		amount: total,
		customerId: 'cth_test_1',
		type: 'FULFILL_ONLY',
		fulfillments: amounts.map((amount) => ({
			preferredMethodList: [method],
			amount,
			beneficiaryDetails: {
				type: 'ACCOUNT_IFSC',
				details: { name: 'Test Payee', account: '000100289877623', ifsc: 'YESB0000262' },
			},
			additionalInfo:
				scheduleTime === undefined
					? { remark: 'test payout' }
					: { remark: 'test payout', scheduleTime },
		})),
		...extra,
	};
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const V1 = '/payout/merchant/v1';
const paths = {
	cancel: (id) => `${V1}/fulfillment/${id}/cancel`,
	order: (id, expand = 'fulfillment,payment,refund') =>
		`${V1}/orders/${id}${expand === null ? '' : `?expand=${expand}`}`,
	orders: `${V1}/orders`,
	balance: `${V1}/getways/balance`,
	outage: `${V1}/outage`,
};

module.exports = { authHeaders, request, orderBody, sleep, paths };
