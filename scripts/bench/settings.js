'use strict';
/** What the benchmark (scripts/bench.js) measures with, and the targets it reports against (issue 12). */
const path = require('node:path');

const REPO_DIR = path.resolve(__dirname, '..', '..');

module.exports = Object.freeze({
	REPO_DIR,
	OUT_DIR: path.join(REPO_DIR, '.tmp', 'bench'),
	/** The emulator's fixed latency per request. */
	LATENCY_MS: 25,
	/** The emulator's rate limit in the rate-limited rows. */
	RATE_PER_SECOND: 200,
	/**
	 * The "latency rises under load" rows, in two emulator settings, each as many requests in flight
	 * as are free (latency at its floor) and what each one beyond adds:
	 * - `juspay`: beyond 6, 5 ms each (25 ms alone, 155 ms at 32). Juspay's best is 6 in flight, 240
	 *   cancels/s, well under what n8n sends with this node: Juspay is the bottleneck, and a limit that
	 *   keeps Juspay from queueing settles near 6.
	 * - `n8n`: beyond 16, 2 ms each (57 ms at 32). Juspay's best, 640 cancels/s at 16, is more than n8n
	 *   sends with this node on this machine (about 500–600/s): n8n's one thread is the bottleneck, and
	 *   most of the latency the node sees is answers waiting for it.
	 */
	LATENCY_GROWTHS: Object.freeze({
		juspay: Object.freeze({ perInFlightMs: 5, freeInFlight: 6 }),
		n8n: Object.freeze({ perInFlightMs: 2, freeInFlight: 16 }),
	}),
	/** The node's default Concurrency before issue 12 (a fixed number): row (a10) sets it. */
	PREVIOUS_DEFAULT_CONCURRENCY: 10,
	SWEEP: Object.freeze([1, 5, 10, 20, 32, 50]),
	TARGETS: Object.freeze({
		/** (a) defaults no slower than (c1) the HTTP Request node with this package's credential. */
		vsHttpWithCredential: 1.0,
		/** (a) defaults within this factor of (c2) the HTTP Request node with hand-typed headers. */
		vsHttpHandTyped: 1.5,
		/** Rate-limited (a) within this factor of N ÷ rate. */
		rateRatio: 1.05,
		/** Rate-limited (a): no more 429s than before issue 12 (README, 2026-11-26), by N. */
		rate429s: Object.freeze({ 1000: 385, 10000: 5716 }),
		/** Latency rising: the median latency where the limit settled, within this factor of the floor. */
		settledLatencyRatio: 1.5,
		/** Peak RSS of n8n during (a) at N = 10,000, no higher than before issue 12 (MB). */
		peakRssMb: 726,
		/** (b) within this factor of (d): the old target, kept to show the distance. */
		floorRatio: 1.15,
	}),
});
