'use strict';
/**
 * The HTTP side: logs every request, then applies, in this order,
 *   rate limit -> injected fault -> Basic auth / x-merchantid -> route.
 * The rate limit and faults come before auth because they stand for Juspay's infrastructure (load
 * balancer, gateway), which answers before the application looks at credentials. A fault REPLACES the
 * real handling: a faulted request has no effect on orders or fulfillments.
 * Latency (latencyMs) is added before every answer, faults and errors included. With `latencyGrowth`
 * ({ perInFlightMs, freeInFlight }) it grows with the load: every request in flight beyond `freeInFlight`
 * (this one included, counted when its answer is scheduled) adds `perInFlightMs` — a server that keeps
 * its latency up to some concurrency and queues beyond it, so that pushing harder only adds waiting.
 * Each log entry says how many requests were in flight when it arrived (`inFlight`), the latency its
 * answer was given (`latencyMs`) and when it was answered (`answeredAt`), so a client's concurrency and
 * what it cost can be read from the server's side, free of how busy the machine was.
 */
const http = require('node:http');
const { JuspayError, errors } = require('./errors');
const { authenticate } = require('./auth');
const { matchRoute, handlers } = require('./routes');

const MAX_BODY_BYTES = 1024 * 1024;
const GARBLED_BODY = '<html><body><h1>502 Bad Gateway</h1>upstream error</body></html>';
const PROXY_ERROR_PAGE = '<html><head><title>500 Internal Server Error</title></head><body>nginx</body></html>';

function splitUrl(url) {
	const q = url.indexOf('?');
	const path = q === -1 ? url : url.slice(0, q);
	const query = {};
	if (q !== -1) {
		for (const [k, v] of new URLSearchParams(url.slice(q + 1))) {
			query[k] = k in query ? [].concat(query[k], v) : v;
		}
	}
	return { path, query };
}

function parseBody(raw) {
	if (raw === '') return { raw, isJson: false, value: null, logged: null };
	try {
		const value = JSON.parse(raw);
		return { raw, isJson: true, value, logged: value };
	} catch {
		return { raw, isJson: false, value: null, logged: raw };
	}
}

function createHttpServer({ state, faults, limiter, config, requestLog }) {
	const sockets = new Set();
	const netTimers = new Set(); // latency and timeout-hang timers, real time, cleared by close()
	let seq = 0;
	let inFlight = 0; // requests received and not yet answered (or dropped)

	function realTimer(ms, fn) {
		const t = setTimeout(() => {
			netTimers.delete(t);
			fn();
		}, ms);
		t.unref();
		netTimers.add(t);
	}

	function latencyNow() {
		const { latencyMs, latencyGrowth } = config();
		if (!latencyGrowth) return latencyMs;
		return latencyMs + latencyGrowth.perInFlightMs * Math.max(0, inFlight - latencyGrowth.freeInFlight);
	}

	function afterLatency(entry, fn) {
		const ms = latencyNow();
		entry.latencyMs = ms;
		if (ms > 0) realTimer(ms, fn);
		else fn();
	}

	function send(res, entry, status, payload, headers = {}) {
		afterLatency(entry, () => {
			if (res.destroyed) return;
			entry.status = status;
			entry.answeredAt = Date.now();
			const isText = typeof payload === 'string';
			const body = isText ? payload : JSON.stringify(payload);
			res.writeHead(status, {
				'content-type': isText ? 'text/html; charset=utf-8' : 'application/json',
				'content-length': Buffer.byteLength(body),
				...headers,
			});
			res.end(body);
		});
	}

	function sendError(res, entry, err) {
		const body = err.body();
		// Juspay's docs once show the error wrapped as {"response":{…},"code":404}; opt-in for clients.
		const payload = config().errorShape === 'wrapped' ? { response: body, code: err.status } : body;
		send(res, entry, err.status, payload, err.headers);
	}

	function injectFault(rule, req, res, entry) {
		const { fault } = rule;
		entry.fault = fault;
		switch (fault) {
			case 'http400':
				return sendError(res, entry, errors.validation('Injected validation failure'));
			case 'http503':
				return sendError(res, entry, errors.unavailable());
			case 'http500':
				return sendError(res, entry, errors.somethingWentWrong());
			case 'http429': {
				const err = errors.tooManyRequests(1);
				if ('retryAfter' in rule) {
					delete err.headers['retry-after'];
					if (rule.retryAfter !== null) err.headers['retry-after'] = String(rule.retryAfter);
				}
				if (rule.retryAfterDateInMs !== undefined) {
					// an HTTP date that far after this answer (whole seconds, as HTTP dates are)
					err.headers['retry-after'] = new Date(Date.now() + rule.retryAfterDateInMs).toUTCString();
				}
				return sendError(res, entry, err);
			}
			case 'html500':
				return send(res, entry, 500, PROXY_ERROR_PAGE);
			case 'garbled':
				return send(res, entry, 200, GARBLED_BODY);
			case 'empty200':
				return send(res, entry, 200, '', { 'content-type': 'application/json' });
			case 'error200':
				return send(res, entry, 200, errors.somethingWentWrong().body());
			case 'nostatus200':
				return send(res, entry, 200, { message: 'OK' });
			case 'redirect':
				return send(res, entry, 302, '', {
					location: rule.location ?? `http://${req.headers.host}/moved`,
				});
			// 200 headers and part of the body, then the connection dies. The log keeps status null: no
			// whole answer was sent, and a client cannot tell what it would have said.
			case 'resetMidBody':
				return afterLatency(entry, () => {
					res.writeHead(200, { 'content-type': 'application/json', 'content-length': 200 });
					res.write('{"status":"Fulfillment is sched');
					setImmediate(() => {
						const s = req.socket;
						if (typeof s.resetAndDestroy === 'function') s.resetAndDestroy();
						else s.destroy();
					});
				});
			case 'reset': // the connection dies without an answer; status stays null in the log
				return afterLatency(entry, () => {
					const s = req.socket;
					if (typeof s.resetAndDestroy === 'function')
						s.resetAndDestroy(); // TCP RST: ECONNRESET
					else s.destroy();
				});
			case 'timeout': // hold the request; the client should give up first
				return realTimer(config().timeoutHangMs, () => req.socket.destroy());
			default:
				throw new Error(`unhandled fault ${fault}`);
		}
	}

	function dispatch(req, res, entry, route, u, body) {
		const retryAfter = limiter.take();
		if (retryAfter !== null) return sendError(res, entry, errors.tooManyRequests(retryAfter));
		const fault = faults.pick(u, [route.params.fulfillmentId, route.params.orderId]);
		if (fault) return injectFault(fault, req, res, entry);
		try {
			authenticate(req.headers, config());
			if (route.error) throw route.error;
			const { query } = entry;
			const out = handlers[route.name]({ params: route.params, query, body, state, config });
			const headers = out.contentType ? { 'content-type': out.contentType } : {};
			return send(res, entry, out.status, out.body, headers);
		} catch (err) {
			if (err instanceof JuspayError) return sendError(res, entry, err);
			console.error('[juspay-emulator] handler crashed:', err); // a bug here, not a Juspay behaviour
			return sendError(res, entry, errors.somethingWentWrong());
		}
	}

	const server = http.createServer((req, res) => {
		const u = faults.draw(); // first thing, so the fault sequence follows request arrival order
		const { path, query } = splitUrl(req.url);
		const route = matchRoute(req.method, path);
		const entry = {
			seq: ++seq,
			at: Date.now(),
			method: req.method,
			path,
			query,
			headers: { ...req.headers },
			body: null,
			status: null,
			fault: null,
			fulfillmentId: route.params.fulfillmentId === undefined ? null : route.params.fulfillmentId,
			orderId: route.params.orderId === undefined ? null : route.params.orderId,
			inFlight: ++inFlight,
			latencyMs: null, // set when the answer is scheduled; stays null for a request held (timeout fault)
			answeredAt: null,
		};
		requestLog.push(entry);
		res.once('close', () => inFlight--); // answered, or the connection died first
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size <= MAX_BODY_BYTES) chunks.push(c);
		});
		req.on('error', () => {}); // a client that goes away mid-body is not our problem
		req.on('end', () => {
			const body = parseBody(Buffer.concat(chunks).toString('utf8'));
			entry.body = body.logged;
			if (size > MAX_BODY_BYTES) {
				return sendError(res, entry, errors.badRequest('Request body too large'));
			}
			dispatch(req, res, entry, route, u, body);
		});
	});

	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});

	function close() {
		for (const t of netTimers) clearTimeout(t);
		netTimers.clear();
		return new Promise((resolve) => {
			server.close(() => resolve());
			for (const s of sockets) s.destroy();
		});
	}

	return { server, close };
}

module.exports = { createHttpServer };
