'use strict';
/**
 * Test knobs that make the emulator misbehave on purpose: a rate limit, and faults injected by rate
 * (seeded, so a run can be replayed) or by id.
 *
 * Determinism: every request draws exactly one PRNG number when it arrives, whether or not it ends up
 * faulted, rate-limited or unauthorised. So one seed gives the same faults on the same request sequence.
 */

const FAULT_KINDS = ['http503', 'http500', 'http429', 'reset', 'timeout', 'garbled'];
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
 * faults: null | { seed?, rates?: { http503: 0.05, ... }, byId?: { id: 'reset' | { fault, times } } }.
 * byId matches a cancel's fulfillment id or an order-status order id; with `times` it fires that many
 * times and then the id behaves normally (handy for retry tests); a plain string fires every time.
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
				const rule = typeof v === 'string' ? { fault: v, times: Infinity } : { ...v };
				checkKind(rule.fault, `faults.byId[${id}]`);
				if (rule.times === undefined) rule.times = Infinity;
				return [id, rule];
			}),
		);
	}

	/** One draw per arriving request (see the note at the top). */
	function draw() {
		return rng();
	}

	/** The fault for this request, or null: a byId rule wins over the rates. */
	function pick(u, ids) {
		for (const id of ids) {
			const rule = id === null || id === undefined ? undefined : byId.get(id);
			if (rule && rule.times > 0) {
				rule.times -= 1;
				return rule.fault;
			}
		}
		let edge = 0;
		for (const [kind, p] of rates) {
			edge += p;
			if (u < edge) return kind;
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
