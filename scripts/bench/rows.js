'use strict';
/**
 * The benchmark's tables (scripts/bench.js), each a function filling `results`: without rate limit at
 * every N, the concurrency sweep at N = 1,000, the emulator's rate limit on, and latency rising with load.
 *
 * `ctx`: { n8n, emulator, url, n8nPid, wfId (workflow ids by row key), idsFor(n), C, log } of the n8n
 * server running the package under test; `base`: the same for a second n8n server running a baseline
 * build of the package (--baseline), or null. Row keys:
 *   a    this node, defaults            b    this node, Concurrency C     a10  this node, Concurrency 10
 *   A, B, A10: the same rows, baseline build
 *   c1   HTTP Request node + this package's credential     c2  HTTP Request node, headers typed by hand
 *   c3   HTTP Request node + a generic Basic Auth credential
 *   c1b  c1 batching RATE per second (rate-limited rows only)
 *   d    bare node:http keep-alive client at C (the floor)
 */
const { describeRun, runFloorRow, runWorkflow } = require('./measure');
const { fmtMs, medianRun } = require('./report');
const { LATENCY_GROWTHS, RATE_PER_SECOND, SWEEP } = require('./settings');

/** A row of this package (main or baseline build) or of the HTTP Request node: which server runs it. */
function rowRunner(ctx, base) {
	return async (key, n, extra = {}) => {
		const baseline = /^[AB]/.test(key);
		const on = baseline ? base : ctx;
		const wfKey = `${baseline ? key.toLowerCase() : key}:${n}`;
		return runWorkflow(on, { id: on.wfId[wfKey], n, ...extra });
	};
}

/** Rows interleaved per repeat, so a slow patch of the machine hits every row alike. */
async function measureUnlimited(ctx, base, results, { sizes, repeatFor }) {
	const { idsFor, C, log } = ctx;
	const run = rowRunner(ctx, base);
	const keys = ['a', ...(base ? ['A'] : []), 'b', ...(base ? ['B'] : []), 'c1', 'c2', 'c3'];
	for (const n of sizes) {
		const runs = Object.fromEntries([...keys, 'd', 'dNoKeepAlive'].map((k) => [k, []]));
		for (let rep = 1; rep <= repeatFor(n); rep++) {
			const big = n >= 10000;
			for (const key of keys) {
				runs[key].push(await run(key, n, { sampleMemory: big }));
				log(describeRun(`(${key}) N=${n} #${rep}`, runs[key].at(-1)));
			}
			runs.d.push(await runFloorRow(ctx, { ids: idsFor(n), concurrency: C }));
			log(describeRun(`(d) N=${n} C=${C} #${rep}`, runs.d.at(-1)));
			// Diagnostic only: what a new connection per request costs (n8n's helper cannot keep connections).
			runs.dNoKeepAlive.push(
				await runFloorRow(ctx, { ids: idsFor(n), concurrency: C, keepAlive: false }),
			);
			log(describeRun(`(d, no keep-alive) N=${n} #${rep}`, runs.dNoKeepAlive.at(-1)));
		}
		results.unlimited[n] = Object.fromEntries(
			Object.entries(runs).map(([k, list]) => [
				k,
				{ median: medianRun(list, 'nodeMs'), runs: list },
			]),
		);
		if (n >= 10000) {
			results.memory[n] = Object.fromEntries(keys.map((k) => [k, runs[k].map((r) => r.memory)]));
		}
	}
}

/**
 * The sweep at N = 1,000 (fixed concurrencies), with the floor at the same concurrency next to each
 * point: the ratio shows where n8n's own per-request cost, not the 25 ms latency, starts to set the pace.
 */
async function measureSweep(ctx, results, { quick }) {
	const { wfId, idsFor, log } = ctx;
	for (const k of SWEEP) {
		const list = [];
		const floors = [];
		const reps = quick || k === 1 ? 1 : 2; // concurrency 1 takes ~30 s a run
		for (let rep = 1; rep <= reps; rep++) {
			list.push(await runWorkflow(ctx, { id: wfId[`sweep:${k}`], n: 1000 }));
			floors.push(await runFloorRow(ctx, { ids: idsFor(1000), concurrency: k }));
		}
		results.sweep[k] = {
			median: medianRun(list, 'nodeMs'),
			runs: list,
			floor: medianRun(floors, 'nodeMs'),
			floorRuns: floors,
		};
		log(
			`${describeRun(`sweep C=${k}`, results.sweep[k].median)}; floor ${fmtMs(results.sweep[k].floor.nodeMs)}`,
		);
	}
}

/** Rate limit on: 200 requests/s, fixed one-second window, 429 + Retry-After beyond. */
async function measureRateLimited(ctx, base, results, { rateSizes }) {
	const { emulator, log } = ctx;
	const run = rowRunner(ctx, base);
	const keys = ['a', ...(base ? ['A'] : []), 'a10', 'c1', 'c1b'];
	for (const n of rateSizes) {
		const rows = {};
		for (const key of keys) {
			// configure() resets the window, so every row starts on a fresh one.
			await emulator.configure({ rateLimit: { perSecond: RATE_PER_SECOND } });
			rows[key] = await run(key, n);
			log(describeRun(`rate-limited (${key}) N=${n}`, rows[key]));
			// Let the last window close, so the next row does not start inside this one's count.
			await new Promise((r) => setTimeout(r, 1100));
		}
		await emulator.configure({ rateLimit: null });
		results.rateLimited[n] = { floorMs: (n / RATE_PER_SECOND) * 1000, ...rows };
	}
}

/**
 * Latency rising with load (emulator latencyGrowth), in each setting of LATENCY_GROWTHS: up to
 * freeInFlight requests in flight the latency stays at its floor; beyond, every extra one adds
 * perInFlightMs. What the server saw (requests in flight, latency) says where each client's concurrency
 * settled. The floor rows: the bare client at exactly the free concurrency (the best a fixed limit can
 * do here) and at C. Results by setting, then N.
 */
async function measureLatencyRising(ctx, base, results, { latencySizes }) {
	const { emulator, idsFor, C, log } = ctx;
	const run = rowRunner(ctx, base);
	try {
		for (const [setting, growth] of Object.entries(LATENCY_GROWTHS)) {
			await emulator.configure({ latencyGrowth: growth });
			results.latencyRising[setting] = {};
			for (const n of latencySizes) {
				const keys =
					n > 1000
						? ['a', ...(base ? ['A'] : [])]
						: ['a', ...(base ? ['A'] : []), 'a10', 'b', 'c1'];
				const rows = {};
				for (const key of keys) {
					rows[key] = await run(key, n);
					log(describeRun(`latency rising, ${setting} (${key}) N=${n}`, rows[key]));
				}
				for (const k of [growth.freeInFlight, C]) {
					rows[`d${k}`] = await runFloorRow(ctx, { ids: idsFor(n), concurrency: k });
					log(describeRun(`latency rising, ${setting} (d) C=${k} N=${n}`, rows[`d${k}`]));
				}
				results.latencyRising[setting][n] = rows;
			}
		}
	} finally {
		await emulator.configure({ latencyGrowth: null });
	}
}

module.exports = { measureUnlimited, measureSweep, measureRateLimited, measureLatencyRising };
