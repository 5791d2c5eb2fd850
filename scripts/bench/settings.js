'use strict';
/** What the benchmark (scripts/bench.js) measures with, and the targets it reports against. */
const path = require('node:path');

const REPO_DIR = path.resolve(__dirname, '..', '..');

module.exports = Object.freeze({
	REPO_DIR,
	OUT_DIR: path.join(REPO_DIR, '.tmp', 'bench'),
	/** The emulator's fixed latency per request. */
	LATENCY_MS: 25,
	/** The emulator's rate limit in the rate-limited rows. */
	RATE_PER_SECOND: 200,
	/** The node's own default (Options → Concurrency); row (a) sets nothing. */
	NODE_DEFAULT_CONCURRENCY: 10,
	SWEEP: Object.freeze([1, 5, 10, 20, 32, 50]),
	/** (b) within this factor of the floor (d). */
	TARGET_FLOOR_RATIO: 1.15,
	/** Rate-limited (a) within this factor of N ÷ rate. */
	TARGET_RATE_RATIO: 1.2,
});
