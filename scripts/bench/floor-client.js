'use strict';
/**
 * Row (d), the floor: a bare Node.js client doing exactly the node's requests — one POST per fulfillment
 * to the cancel path, Basic auth (key as username, empty password) and x-merchantid — with C requests in
 * flight, on a keep-alive agent (node:http, nothing else). Nothing n8n does is here: no expression
 * evaluation, no axios, no per-request agent, no run data.
 *
 * keepAlive: false is offered too, only to measure how much a new TCP connection per request costs
 * (n8n's request helper builds a new agent per request, so it cannot reuse connections).
 */
const http = require('node:http');

async function runFloor({ url, apiKey, merchantId, ids, concurrency, keepAlive = true }) {
	const base = new URL(url);
	const agent = new http.Agent({ keepAlive, maxSockets: concurrency });
	const auth = `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
	const results = new Array(ids.length);
	let next = 0;

	function post(id) {
		return new Promise((resolve) => {
			const req = http.request(
				{
					host: base.hostname,
					port: base.port,
					method: 'POST',
					path: `/payout/merchant/v1/fulfillment/${encodeURIComponent(id)}/cancel`,
					agent,
					headers: {
						authorization: auth,
						'x-merchantid': merchantId,
						accept: 'application/json',
						'content-length': 0,
					},
				},
				(res) => {
					const chunks = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () => {
						let ok = res.statusCode === 200;
						// Same check as the node: the body must be a JSON object.
						try {
							const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
							ok = ok && body !== null && typeof body === 'object';
						} catch {
							ok = false;
						}
						resolve({ ok, status: res.statusCode });
					});
					res.on('error', (e) => resolve({ ok: false, error: e.code || e.message }));
				},
			);
			req.on('error', (e) => resolve({ ok: false, error: e.code || e.message }));
			req.end();
		});
	}

	const started = process.hrtime.bigint();
	const worker = async () => {
		while (next < ids.length) {
			const i = next++;
			results[i] = await post(ids[i]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	agent.destroy();
	return { ms, itemsOk: results.filter((r) => r && r.ok).length };
}

module.exports = { runFloor };
