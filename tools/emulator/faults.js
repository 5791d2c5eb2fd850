'use strict';
/**
 * Test knobs that make the emulator misbehave on purpose: a rate limit, and faults injected by rate
 * (seeded, so a run can be replayed) or by id.
 *
 * Determinism: every request draws exactly one PRNG number when it arrives, whether or not it ends up
 * faulted, rate-limited or unauthorised. So one seed gives the same faults on the same request sequence.
 */

/**
 * What a faulted request gets instead of Juspay's answer:
 *   http503, http500   Juspay's JSON errors E06 (503) and E90 (500)
 *   http400            Juspay's 400 E01 (validation failure): a final answer, never worth a retry
 *   http429            429 E429 with Retry-After: 1 (a byId rule's `retryAfter` replaces the value: any
 *                      string, e.g. '0', '', '-5', an HTTP date; null leaves the header out;
 *                      `retryAfterDateInMs` sends the HTTP date that many ms after the answer)
 *   html500            a 500 HTML page from a proxy, no Juspay JSON
 *   reset              the connection dies before any answer (TCP RST)
 *   resetMidBody       200 headers and half a JSON body, then the connection dies
 *   timeout            no answer until timeoutHangMs, then the socket is closed
 *   garbled            200 with an HTML page instead of JSON
 *   empty200           200 with an empty body
 *   error200           200 whose JSON is Juspay's error shape (error: true, E90)
 *   nostatus200        200 JSON without Juspay's fields (no status)
 *   redirect           302 to a byId rule's `location` (default: /moved on the emulator itself)
 */
const FAULT_KINDS = [
	'http400',
	'http503',
	'http500',
	'http429',
	'html500',
	'reset',
	'resetMidBody',
	'timeout',
	'garbled',
	'empty200',
	'error200',
	'nostatus200',
	'redirect',
];
const DEFAULT_SEED = 1;

/** mulberry32: a tiny, well-known 32-bit PRNG; enough for spreading faults, not for cryptography. */
function mulberry32(seed) {
	let a = seed >>> 0;
	return function next() {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function checkKind(kind, where) {
	if (!FAULT_KINDS.includes(kind)) {
		throw new Error(
			`${where}: unknown fault ${JSON.stringify(kind)} (one of ${FAULT_KINDS.join(', ')})`,
		);
	}
}

/**
 * faults: null | { seed?, rates?: { http503: 0.05, ... }, byId?: { id: 'reset' | { fault, times, skip, … } } }.
 * byId matches a cancel's fulfillment id or an order-status order id; with `times` it fires that many
 * times and then the id behaves normally (handy for retry tests); a plain string fires every time.
 * `skip` lets that many matching requests through first (e.g. skip: 1 on an order id spares Wait for
 * Outcome's check before the cancel and faults the status reads after it). Other keys of the rule
 * (retryAfter, location) go with the fault to the server. `{ sequence: [step, …] }` gives the matching
 * requests one step each, in order (a fault kind, a rule object, or null for a normal answer), then
 * answers normally.
 */
function createFaults() {
	let rng = mulberry32(DEFAULT_SEED);
	let rates = [];
	let byId = new Map();

	function configure(faults) {
		if (faults === null || faults === undefined) faults = {};
		rng = mulberry32(faults.seed === undefined ? DEFAULT_SEED : Number(faults.seed));
		rates = Object.entries(faults.rates || {}).map(([kind, p]) => {
			checkKind(kind, 'faults.rates');
			if (typeof p !== 'number' || p < 0 || p > 1)
				throw new Error(`faults.rates.${kind} must be in [0, 1]`);
			return [kind, p];
		});
		if (rates.reduce((s, [, p]) => s + p, 0) > 1 + 1e-9)
			throw new Error('faults.rates must sum to <= 1');
		byId = new Map(
			Object.entries(faults.byId || {}).map(([id, v]) => {
				if (v && Array.isArray(v.sequence)) {
					const sequence = v.sequence.map((step, k) => {
						if (step === null) return null;
						const one = typeof step === 'string' ? { fault: step } : { ...step };
						checkKind(one.fault, `faults.byId[${id}].sequence[${k}]`);
						return one;
					});
					return [id, { sequence, times: 0, skip: 0 }];
				}
				const rule = typeof v === 'string' ? { fault: v, times: Infinity } : { ...v };
				checkKind(rule.fault, `faults.byId[${id}]`);
				if (rule.times === undefined) rule.times = Infinity;
				if (rule.skip === undefined) rule.skip = 0;
				return [id, rule];
			}),
		);
	}

	/** One draw per arriving request (see the note at the top). */
	function draw() {
		return rng();
	}

	/** The fault for this request ({ fault, …rule options }), or null: a byId rule wins over the rates. */
	function pick(u, ids) {
		for (const id of ids) {
			const rule = id === null || id === undefined ? undefined : byId.get(id);
			if (rule && rule.sequence && rule.sequence.length) return rule.sequence.shift();
			if (rule && rule.skip > 0) {
				rule.skip -= 1;
				return null;
			}
			if (rule && rule.times > 0) {
				rule.times -= 1;
				return rule;
			}
		}
		let edge = 0;
		for (const [kind, p] of rates) {
			edge += p;
			if (u < edge) return { fault: kind };
		}
		return null;
	}

	configure(null);
	return { configure, draw, pick };
}

/**
 * rateLimit: null | { perSecond }. A fixed one-second window on real time: the first request opens the
 * window, beyond perSecond requests in it the answer is 429 with Retry-After (whole seconds, >= 1).
 * Juspay documents no rate limit or 429; this is for testing a client's back-off.
 */
function createRateLimiter() {
	let perSecond = null;
	let windowStart = 0;
	let count = 0;

	function configure(rateLimit) {
		if (rateLimit === null || rateLimit === undefined) {
			perSecond = null;
			return;
		}
		const n = Number(rateLimit.perSecond);
		if (!Number.isInteger(n) || n < 1)
			throw new Error('rateLimit.perSecond must be an integer >= 1');
		perSecond = n;
		windowStart = 0;
		count = 0;
	}

	/** Returns null when allowed, else the Retry-After seconds. */
	function take(now = Date.now()) {
		if (perSecond === null) return null;
		if (now - windowStart >= 1000) {
			windowStart = now;
			count = 0;
		}
		count += 1;
		if (count <= perSecond) return null;
		return Math.max(1, Math.ceil((windowStart + 1000 - now) / 1000));
	}

	return { configure, take };
}

module.exports = { FAULT_KINDS, mulberry32, createFaults, createRateLimiter };
