'use strict';
/**
 * Juspay's webhooks, emulated: every order, fulfillment and transaction state change that Juspay
 * documents as an event (label/value in shared/juspay-payout-api.md, "Webhooks") is POSTed as
 *   { id, category: 'PAYOUT', label, value, date_created, info: {…the order / fulfillment / transaction…} }
 * with HTTP Basic auth and the optional custom header, to
 *   - the destination given at start (`webhook` option; CLI --webhook-url …), and
 *   - the order's own `additionalInfo.webhookDetails` ({ url, username, password, customHeader }).
 *
 * Choices where Juspay is silent (its retry schedule and ordering are not published):
 *   - a delivery that answers non-2xx, or fails on the network, or takes longer than `timeoutMs`, is
 *     retried after each delay of `retryDelaysMs` (default 1 s, 2 s, 4 s, 8 s: five tries in all);
 *   - events go out as they happen, each on its own: two events of one instant may arrive in any order;
 *   - `copies: 2` sends every event twice (the second copy once the first delivery is over), as a sender
 *     that lost the first answer would; `redeliver(eventId)` sends one past event again.
 *   - values Juspay does not document (fulfillment PENDING, order READY_FOR_FULFILLMENT) send nothing.
 * Every try is logged in `log` (the password never: only the username).
 */
const crypto = require('node:crypto');
const http = require('node:http');
const https = require('node:https');

const DOCUMENTED = {
	ORDER: new Set([
		'FULFILLMENTS_SCHEDULED',
		'FULFILLED_PARTIALLY',
		'FULFILLMENTS_FAILURE',
		'FULFILLMENTS_SUCCESSFUL',
		'FULFILLMENTS_MANUAL_REVIEW',
		'FULFILLMENTS_CANCELLED',
	]),
	FULFILLMENT_ORDER: new Set([
		'INITIATED',
		'SUCCESS',
		'FAILURE',
		'DISCARDED',
		'MANUAL_REVIEW',
		'CANCELLED',
	]),
	FULFILLMENT_TXN: new Set([
		'INITIATED',
		'SUCCESS',
		'FAILURE',
		'REVERSED',
		'CONFLICTED',
		'MANUAL_REVIEW',
	]),
};

const DEFAULT_RETRY_DELAYS_MS = Object.freeze([1000, 2000, 4000, 8000]);
const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Juspay's `customHeader` form is not documented: accepted as "Name: value", as a JSON object text
 * '{"Name":"value"}', or as an object. Returns { name: value }.
 */
function parseCustomHeader(customHeader) {
	if (customHeader === undefined || customHeader === null || customHeader === '') return {};
	let value = customHeader;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text.startsWith('{')) value = JSON.parse(text);
		else {
			const colon = text.indexOf(':');
			if (colon < 1)
				throw new Error(`custom header must look like "Name: value", got ${JSON.stringify(text)}`);
			return { [text.slice(0, colon).trim()]: text.slice(colon + 1).trim() };
		}
	}
	if (typeof value !== 'object' || Array.isArray(value))
		throw new Error('custom header must be "Name: value" or an object');
	return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** { url, username, password, customHeader|header|headers } -> a checked destination, or null. */
function toDestination(details, source) {
	if (!details || typeof details !== 'object' || !details.url) return null;
	const url = new URL(details.url); // throws on a malformed URL: the caller reports it
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		throw new Error(`webhook url must be http(s): ${details.url}`);
	return {
		source,
		url: url.toString(),
		username: details.username === undefined ? '' : String(details.username),
		password: details.password === undefined ? '' : String(details.password),
		headers: {
			...parseCustomHeader(details.customHeader),
			...parseCustomHeader(details.header),
			...parseCustomHeader(details.headers),
		},
	};
}

function createWebhookSender({ config, now }) {
	const log = [];
	const sent = new Map(); // event id -> { event, destinations } for redeliver()
	const timers = new Set();
	const requests = new Set();
	let closed = false;

	function later(ms, fn) {
		const t = setTimeout(() => {
			timers.delete(t);
			fn();
		}, ms);
		t.unref();
		timers.add(t);
	}

	/** One POST; resolves with the status code, or null on a network error or timeout. */
	function post(destination, body) {
		return new Promise((resolve) => {
			const url = new URL(destination.url);
			const client = url.protocol === 'https:' ? https : http;
			const headers = {
				'content-type': 'application/json',
				'content-length': Buffer.byteLength(body),
				'user-agent': 'juspay-payout-emulator',
				...destination.headers,
			};
			if (destination.username !== '' || destination.password !== '') {
				headers.authorization = `Basic ${Buffer.from(`${destination.username}:${destination.password}`).toString('base64')}`;
			}
			const req = client.request(url, { method: 'POST', headers, agent: false }, (res) => {
				res.resume();
				res.on('end', () => resolve({ status: res.statusCode, error: null }));
				res.on('error', (err) => resolve({ status: res.statusCode, error: err.message }));
			});
			requests.add(req);
			req.setTimeout(config().webhookTimeoutMs ?? DEFAULT_TIMEOUT_MS, () =>
				req.destroy(new Error('timeout')),
			);
			req.on('error', (err) => resolve({ status: null, error: err.code || err.message }));
			req.on('close', () => requests.delete(req));
			req.end(body);
		});
	}

	/** Tries one copy of an event at one destination, retrying with back-off; resolves when it is over. */
	async function deliver(destination, event, copy) {
		const body = JSON.stringify(event);
		const delays = config().webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
		for (let attempt = 1; !closed; attempt++) {
			const started = Date.now();
			const { status, error } = await post(destination, body);
			const ok = status !== null && status >= 200 && status < 300;
			log.push({
				eventId: event.id,
				event: `${event.label}.${event.value}`,
				url: destination.url,
				source: destination.source,
				username: destination.username,
				copy,
				attempt,
				status,
				error,
				ok,
				at: started,
				durationMs: Date.now() - started,
			});
			if (ok || attempt > delays.length || closed) return ok;
			await new Promise((resolve) => later(delays[attempt - 1], resolve));
		}
		return false;
	}

	async function deliverCopies(destination, event) {
		const copies = Math.max(1, config().webhookCopies ?? 1);
		for (let copy = 1; copy <= copies && !closed; copy++) await deliver(destination, event, copy);
	}

	function destinationsFor(order) {
		const list = [];
		const global = config().webhook;
		if (global) list.push(toDestination(global, 'start'));
		if (order.webhookDetails) list.push(toDestination(order.webhookDetails, 'order'));
		return list.filter(Boolean);
	}

	/**
	 * A state change: sends the event when Juspay documents that label/value and someone listens.
	 * @param {object} order the emulator's order (for its webhookDetails)
	 */
	function emit(label, value, info, order) {
		if (closed || !DOCUMENTED[label]?.has(value)) return null;
		const destinations = destinationsFor(order);
		if (destinations.length === 0) return null;
		const event = {
			id: `evt_${crypto.randomBytes(12).toString('hex')}`,
			category: 'PAYOUT',
			label,
			value,
			date_created: new Date(now()).toISOString(),
			info,
		};
		sent.set(event.id, { event, destinations });
		for (const destination of destinations) void deliverCopies(destination, event);
		return event;
	}

	/** Sends a past event once more, to the destinations it went to (a replay). */
	function redeliver(eventId) {
		const past = sent.get(eventId);
		if (!past) throw new Error(`no event ${eventId} was sent`);
		return Promise.all(past.destinations.map((d) => deliver(d, past.event, 'redelivery')));
	}

	function close() {
		closed = true;
		for (const t of timers) clearTimeout(t);
		timers.clear();
		for (const req of requests) req.destroy();
		requests.clear();
	}

	return {
		emit,
		redeliver,
		close,
		log,
		events: () => [...sent.values()].map((s) => s.event),
	};
}

module.exports = {
	createWebhookSender,
	toDestination,
	parseCustomHeader,
	DOCUMENTED,
	DEFAULT_RETRY_DELAYS_MS,
};
