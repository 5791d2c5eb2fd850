'use strict';
/**
 * A simulated node run for a concurrency limit (nodes/JuspayPayout/transport/concurrencyLimit.ts), on a
 * virtual clock: N items, one request each, through slots bounded by the limit (first come, first served;
 * a retried request first, as RequestSlots does), n8n's one JavaScript thread (each request costs CPU
 * before it is sent and after its answer, one at a time), and a server model:
 *
 *   latencyMs(inFlight)     the server's latency for a request arriving with that many in flight
 *   ratePerSecond           a fixed one-second window: beyond it, 429 with Retry-After (whole seconds)
 *   overloadAt(k)           true: the k-th request (from 0) gets a 503
 *
 * and a machine shared with others: `stallChance` of each slice of n8n's work being held up by up to
 * `stallMs` (another process on the core), on top of `jitter` in the server's latency.
 *
 * A 429 is waited out as the node does: the pause is the built package's own decideRetry (Retry-After,
 * at least 1 s, plus its jitter), so the simulation follows the node when that rule changes. A 503 is
 * retried after 500-1000 ms. Deterministic for a seed. Returns the time taken, what the server saw, and
 * the limit over time, so that tests and tuning can ask where the limit went and settled.
 */

const path = require('node:path');

const { REPO_DIR } = require('../../tools/story/fixtures');

const { decideRetry } = require(path.join(REPO_DIR, 'dist/nodes/JuspayPayout/transport/retry.js'));

/** The node's pause after a 429 with this Retry-After, for a request with its Rate Limit Wait unspent. */
const rateLimitPauseMs = (retryAfterSeconds, random) =>
	decideRetry(
		{ reason: 'rate_limited', httpCode: 429, retryAfterSeconds },
		{ maxTries: 1, rateLimitWaitMs: Infinity },
		{ counted: 0, deferredMs: 0 },
		Infinity,
		random,
	).pauseMs;

function mulberry32(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A binary heap of timed events. */
class Events {
	constructor() {
		this.heap = [];
		this.seq = 0;
	}

	push(at, fn) {
		const h = this.heap;
		h.push({ at, seq: this.seq++, fn });
		let i = h.length - 1;
		while (i > 0) {
			const p = (i - 1) >> 1;
			if (this.less(h[p], h[i])) break;
			[h[p], h[i]] = [h[i], h[p]];
			i = p;
		}
	}

	pop() {
		const h = this.heap;
		const top = h[0];
		const last = h.pop();
		if (h.length) {
			h[0] = last;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				if (l < h.length && this.less(h[l], h[m])) m = l;
				if (r < h.length && this.less(h[r], h[m])) m = r;
				if (m === i) break;
				[h[m], h[i]] = [h[i], h[m]];
				i = m;
			}
		}
		return top;
	}

	less(a, b) {
		return a.at < b.at || (a.at === b.at && a.seq < b.seq);
	}

	get size() {
		return this.heap.length;
	}
}

function simulate({
	limit,
	items,
	latencyMs = () => 25,
	ratePerSecond = null,
	overloadAt = () => false,
	cpuMsPerRequest = 1,
	jitter = 0.1,
	stallChance = 0,
	stallMs = 0,
	seed = 1,
	maxTimeMs = 10 * 60 * 1000,
}) {
	const random = mulberry32(seed);
	const events = new Events();
	let now = 0;
	let inFlight = 0; // requests holding a slot
	let serverInFlight = 0;
	const waiting = []; // items waiting for a slot
	let done = 0;
	let sent = 0;
	let status429 = 0;
	let status503 = 0;
	let cpuFreeAt = 0; // n8n's one thread
	let windowStart = -Infinity;
	let windowCount = 0;
	const limits = [{ at: 0, limit: limit.limit }];
	const serverSeen = []; // { at, inFlight }

	const cpu = (ms) => {
		const stall = random() < stallChance ? random() * stallMs : 0;
		cpuFreeAt = Math.max(cpuFreeAt, now) + ms + stall;
		return cpuFreeAt;
	};
	const noteLimit = () => {
		if (limits[limits.length - 1].limit !== limit.limit)
			limits.push({ at: now, limit: limit.limit });
	};

	function pump() {
		while (inFlight < limit.limit && waiting.length) start(waiting.shift());
	}

	function start(item) {
		inFlight++;
		const stamp = { epoch: limit.epoch, inFlight, sentAt: now };
		// n8n's work before the request is on the wire
		events.push(cpu(cpuMsPerRequest / 2), () => arrive(item, stamp));
	}

	function arrive(item, stamp) {
		sent++;
		serverInFlight++;
		serverSeen.push({ at: now, inFlight: serverInFlight });
		let answer = 200;
		let retryAfter = 0;
		if (ratePerSecond !== null) {
			if (now - windowStart >= 1000) {
				windowStart = now;
				windowCount = 0;
			}
			windowCount++;
			if (windowCount > ratePerSecond) {
				answer = 429;
				retryAfter = Math.max(1, Math.ceil((windowStart + 1000 - now) / 1000));
			}
		}
		if (answer === 200 && overloadAt(sent - 1)) answer = 503;
		const base = latencyMs(serverInFlight);
		const latency = base * (1 + jitter * (random() - 0.5));
		events.push(now + latency, () => {
			serverInFlight--;
			// n8n's work on the answer, when its thread gets to it
			events.push(cpu(cpuMsPerRequest / 2), () => answered(item, stamp, answer, retryAfter));
		});
	}

	function answered(item, stamp, answer, retryAfter) {
		inFlight--;
		limit.record({
			epoch: stamp.epoch,
			inFlight: stamp.inFlight,
			latencyMs: now - stamp.sentAt,
			signal: answer === 200 ? 'ok' : answer === 429 ? 'rateLimited' : 'overload',
		});
		noteLimit();
		if (answer === 200) {
			done++;
		} else {
			if (answer === 429) status429++;
			else status503++;
			const pauseMs = answer === 429 ? rateLimitPauseMs(retryAfter, random) : 500 + random() * 500;
			events.push(now + pauseMs, () => {
				waiting.unshift(item); // a retry goes first
				pump();
			});
		}
		pump();
	}

	for (let i = 0; i < items; i++) waiting.push(i);
	pump();
	while (done < items && events.size && now <= maxTimeMs) {
		const e = events.pop();
		now = e.at;
		e.fn();
	}
	return {
		timeMs: now,
		done,
		requests: sent,
		status429,
		status503,
		limits,
		serverSeen,
		/** The limit in force over the second half of the run, weighted by time. */
		settledLimit: weightedMean(limits, now / 2, now),
		/** The most the limit ever was. */
		peakLimit: Math.max(...limits.map((l) => l.limit)),
		/** Requests in flight at the server when each arrived, median over the second half. */
		settledServerInFlight: median(serverSeen.filter((s) => s.at >= now / 2).map((s) => s.inFlight)),
	};
}

function weightedMean(steps, from, to) {
	let sum = 0;
	for (let i = 0; i < steps.length; i++) {
		const a = Math.max(from, steps[i].at);
		const b = Math.min(to, i + 1 < steps.length ? steps[i + 1].at : to);
		if (b > a) sum += steps[i].limit * (b - a);
	}
	return to > from ? sum / (to - from) : steps[steps.length - 1].limit;
}

function median(values) {
	const v = [...values].sort((a, b) => a - b);
	return v.length ? v[Math.floor(v.length / 2)] : null;
}

module.exports = { simulate, mulberry32 };
