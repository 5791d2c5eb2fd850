'use strict';
/**
 * The benchmark's three tables (scripts/bench.js), each a function filling `results`: without rate limit
 * (a)-(d) at every N, the concurrency sweep at N = 1,000, and the emulator's rate limit on. `ctx`:
 * { n8n, emulator, url, n8nPid, wfId (workflow ids by row key), idsFor(n), C (concurrency of row b), log }.
 */
const { describeRun, runFloorRow, runWorkflow } = require('./measure');
const { fmtMs, medianRun } = require('./report');
const { RATE_PER_SECOND, SWEEP } = require('./settings');

/** Rows interleaved per repeat, so a slow patch of the machine hits every row alike. */
async function measureUnlimited(ctx, results, { sizes, repeatFor }) {
	const { wfId, idsFor, C, log } = ctx;
	for (const n of sizes) {
		const runs = { a: [], b: [], c: [], d: [], dNoKeepAlive: [] };
		for (let rep = 1; rep <= repeatFor(n); rep++) {
			const big = n >= 10000;
			runs.a.push(await runWorkflow(ctx, { id: wfId[`a:${n}`], n, sampleMemory: big }));
			log(describeRun(`(a) N=${n} #${rep}`, runs.a.at(-1)));
			runs.b.push(await runWorkflow(ctx, { id: wfId[`b:${n}`], n, sampleMemory: big }));
			log(describeRun(`(b) N=${n} C=${C} #${rep}`, runs.b.at(-1)));
			runs.c.push(await runWorkflow(ctx, { id: wfId[`c:${n}`], n, sampleMemory: big }));
			log(describeRun(`(c) N=${n} #${rep}`, runs.c.at(-1)));
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
			results.memory[n] = {
				a: runs.a.map((r) => r.memory),
				b: runs.b.map((r) => r.memory),
				c: runs.c.map((r) => r.memory),
			};
		}
	}
}

/**
 * The sweep at N = 1,000 (the node's default is one of the points), with the floor at the same concurrency
 * next to each point: the ratio shows where n8n's own per-request cost, not the 25 ms latency, starts to set
 * the pace.
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
async function measureRateLimited(ctx, results, { rateSizes }) {
	const { emulator, wfId, log } = ctx;
	for (const n of rateSizes) {
		const rows = {};
		for (const [key, label] of [
			['a', '(a)'],
			['c', '(c) no batching'],
			['cb', '(c) batching'],
		]) {
			// configure() resets the window, so every row starts on a fresh one.
			await emulator.configure({ rateLimit: { perSecond: RATE_PER_SECOND } });
			rows[key] = await runWorkflow(ctx, { id: wfId[`${key}:${n}`], n });
			log(describeRun(`rate-limited ${label} N=${n}`, rows[key]));
			// Let the last window close, so the next row does not start inside this one's count.
			await new Promise((r) => setTimeout(r, 1100));
		}
		await emulator.configure({ rateLimit: null });
		results.rateLimited[n] = { floorMs: (n / RATE_PER_SECOND) * 1000, ...rows };
	}
}

module.exports = { measureUnlimited, measureSweep, measureRateLimited };
