'use strict';
/**
 * In-process API of the Juspay Payout sandbox emulator (zero dependencies, node:http only).
 *
 *   const { startEmulator } = require('./tools/emulator');
 *   const emu = await startEmulator({ port: 0, pickDelayMs: 50, gatewayDelayMs: 20 });
 *   emu.url; emu.requestLog; emu.configure({...}); emu.createOrder(body); await emu.close();
 *
 * The control plane stays in-process on purpose: the HTTP surface is only what Juspay itself serves.
 */
const { createClock } = require('./clock');
const { createState } = require('./state');
const { createFaults, createRateLimiter } = require('./faults');
const { createHttpServer } = require('./server');
const { JuspayError } = require('./errors');
const { CANCEL_TEXT } = require('./routes');
const { createWebhookSender, toDestination, DEFAULT_RETRY_DELAYS_MS } = require('./webhooks');

const DEFAULTS = Object.freeze({
	port: 0,
	apiKey: 'test_key_fake_123',
	merchantId: 'test_merchant',
	pickDelayMs: 2000,
	gatewayDelayMs: 1000,
	cancelDelayMs: 300,
	latencyMs: 0,
	latencyGrowth: null, // { perInFlightMs, freeInFlight }: latency grows with requests in flight (server.js)
	rateLimit: null,
	faults: null,
	timeoutHangMs: 30000,
	outages: null, // null -> DEFAULT_OUTAGES
	cancelContentType: 'application/json', // the docs print the 200 body as "plaintext": try 'text/plain'
	errorShape: 'flat', // 'wrapped' -> {"response":{…},"code":<status>} as one Juspay sample shows
	clock: 'real', // 'manual' -> the state machine moves only on emu.advance(ms)
	webhook: null, // { url, username, password, header: 'Name: value' }: every event also goes there
	webhookCopies: 1, // 2 -> every event is delivered twice (see webhooks.js)
	webhookRetryDelaysMs: DEFAULT_RETRY_DELAYS_MS, // waits before the 2nd, 3rd, ... try of a failed delivery
	webhookTimeoutMs: 5000,
});

/** A small fixed sample in the documented shape; replace it with the `outages` option. */
const DEFAULT_OUTAGES = Object.freeze({
	beneficiarySpecificData: [
		{
			status: 'DOWN',
			bankName: 'State Bank of India',
			ifscIdentifier: 'SBIN',
			bankCode: 'SBIN',
			mode: 'IMPS',
		},
		{
			status: 'FLUCTUATE',
			bankName: 'Paytm Payments Bank',
			vpaHandler: 'paytm',
			bankCode: 'PYTM',
			mode: 'UPI',
		},
	],
	gatewaySpecificData: [{ status: 'FLUCTUATE', mode: 'NEFT', gateway: 'DUMMY_NEFT' }],
});

// Knobs that may change at run time; apiKey, merchantId, port and clock are fixed at start.
const RUNTIME_KEYS = [
	'latencyMs',
	'latencyGrowth',
	'rateLimit',
	'faults',
	'pickDelayMs',
	'gatewayDelayMs',
	'cancelDelayMs',
	'timeoutHangMs',
	'outages',
	'cancelContentType',
	'errorShape',
	'webhook',
	'webhookCopies',
	'webhookRetryDelaysMs',
	'webhookTimeoutMs',
];
const MS_KEYS = [
	'pickDelayMs',
	'gatewayDelayMs',
	'cancelDelayMs',
	'latencyMs',
	'timeoutHangMs',
	'webhookTimeoutMs',
];

function checkMs(key, v) {
	if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
		throw new Error(`${key} must be a number >= 0`);
}

async function startEmulator(options = {}) {
	for (const k of Object.keys(options)) {
		if (!(k in DEFAULTS)) throw new Error(`startEmulator: unknown option ${k}`);
	}
	const settings = { ...DEFAULTS, ...options };
	const clock = createClock(settings.clock);
	const faults = createFaults();
	const limiter = createRateLimiter();
	const requestLog = [];
	const cfg = { apiKey: settings.apiKey, merchantId: settings.merchantId };

	function configure(changes) {
		for (const [k, v] of Object.entries(changes)) {
			if (!RUNTIME_KEYS.includes(k)) throw new Error(`configure: unknown or start-only knob ${k}`);
			if (MS_KEYS.includes(k)) checkMs(k, v);
			if (k === 'errorShape' && v !== 'flat' && v !== 'wrapped') {
				throw new Error("errorShape must be 'flat' or 'wrapped'");
			}
			if (k === 'latencyGrowth' && v !== null) {
				if (!v || typeof v !== 'object')
					throw new Error('latencyGrowth must be null or { perInFlightMs, freeInFlight }');
				checkMs('latencyGrowth.perInFlightMs', v.perInFlightMs);
				if (!(Number.isInteger(v.freeInFlight) && v.freeInFlight >= 0))
					throw new Error('latencyGrowth.freeInFlight must be a whole number >= 0');
			}
			if (k === 'webhook' && v !== null) toDestination(v, 'start'); // throws on a bad url or header
			if (k === 'webhookCopies' && !(Number.isInteger(v) && v >= 1))
				throw new Error('webhookCopies must be a whole number >= 1');
			if (k === 'webhookRetryDelaysMs') {
				if (!Array.isArray(v)) throw new Error('webhookRetryDelaysMs must be an array of ms');
				v.forEach((ms) => checkMs(k, ms));
			}
		}
		// Validate the knobs that can throw before changing anything.
		if ('faults' in changes) faults.configure(changes.faults);
		if ('rateLimit' in changes) limiter.configure(changes.rateLimit);
		Object.assign(cfg, changes);
		if (cfg.outages === null || cfg.outages === undefined) cfg.outages = DEFAULT_OUTAGES;
	}
	configure(Object.fromEntries(RUNTIME_KEYS.map((k) => [k, settings[k]])));

	const config = () => cfg;
	const webhooks = createWebhookSender({ config, now: clock.now });
	const state = createState({ clock, config, onEvent: webhooks.emit });
	const http = createHttpServer({ state, faults, limiter, config, requestLog });
	await new Promise((resolve, reject) => {
		http.server.once('error', reject);
		http.server.listen(settings.port, '127.0.0.1', () => {
			http.server.off('error', reject);
			resolve();
		});
	});
	const port = http.server.address().port;
	let closing = null;

	return {
		url: `http://127.0.0.1:${port}`,
		port,
		apiKey: cfg.apiKey,
		merchantId: cfg.merchantId,
		requestLog, // the same array for the emulator's life; clearLog() empties it in place
		clearLog: () => {
			requestLog.length = 0;
		},
		configure,
		/** The effective settings (a copy). */
		settings: () => ({ ...cfg, port, clock: clock.kind }),
		/** Same as POST /orders in-process (not logged); throws a JuspayError (status, errorCode) on a bad body. */
		createOrder: (body) => state.createOrder(body),
		/** The order with fulfillments, payments and refunds expanded, or null when unknown. */
		getOrder: (orderId) => state.getOrder(orderId),
		advance: (ms) => clock.advance(ms),
		/** Every webhook try: { eventId, event, url, source, username, copy, attempt, status, error, ok, at, durationMs } */
		webhookLog: webhooks.log,
		/** Every webhook event sent (the bodies), oldest first. */
		webhookEvents: () => webhooks.events(),
		/** Sends a past event again to where it went (a replay); resolves when the tries are over. */
		redeliver: (eventId) => webhooks.redeliver(eventId),
		close() {
			if (!closing) {
				clock.clearAll();
				webhooks.close();
				closing = http.close();
			}
			return closing;
		},
	};
}

module.exports = { startEmulator, DEFAULTS, DEFAULT_OUTAGES, CANCEL_TEXT, JuspayError };
