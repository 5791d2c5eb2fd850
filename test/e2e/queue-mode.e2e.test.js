'use strict';
/**
 * The package in real n8n 2.8.4 in QUEUE MODE: Redis (Debian's redis-server, scripts/install-redis.sh) and
 * one main plus two workers, every process on 127.0.0.1 and on one user folder (one SQLite database, one
 * encryption key, the package staged once as n8n's community-package installer would), against the emulator
 * limited to 100 requests/s while the workers can ask for thousands. 24 webhook calls at once, 25
 * fulfillments each: see queue-mode/scenario.js for the set-up and the checks, queue-mode/run.js for the same
 * from the command line with other figures.
 *
 * Skipped with a message when n8n or redis-server is missing, failed instead when CI is set.
 */
const { describeIfN8nInstalled, isCi } = require('../helpers/real-n8n');
const { redisServerBinary } = require('../../tools/servers/redis');
const { startCluster, runBurst, clusterSockets } = require('./queue-mode/scenario');
const { runTriggerBurst } = require('./queue-mode/trigger');

const RUNS = 24;
const ITEMS_PER_RUN = 25;
const RATE_PER_SECOND = 100;
const LATENCY_MS = 25;
function describeIfReady() {
	const withN8n = describeIfN8nInstalled();
	if (redisServerBinary()) return withN8n;
	const why = 'redis-server is not installed: run scripts/install-redis.sh';
	if (isCi())
		return (title) =>
			describe(title, () => {
				test('redis-server is installed (CI is set: failing instead of skipping)', () => {
					throw new Error(why);
				});
			});
	console.warn(`[e2e queue mode] SKIPPED: ${why}`);
	return describe.skip;
}

function summary(label, f) {
	return (
		`${label}: ${f.runs} runs x ${f.itemsPerRun} items, per process ${JSON.stringify(f.perProcess)}, ` +
		`${f.cancelRequests} cancel requests (${f.rateLimited} answered 429), ${f.itemsRetried} items retried ` +
		`(${f.retries} retries, tries ${JSON.stringify(f.triesHistogram)}), ${f.successItems} cancelled, ` +
		`${f.errorItems} on the error output ${JSON.stringify(f.errorReasons)}, all runs done in ` +
		`${f.timings.allRunsMs} ms (floor ${f.floorMs} ms), ${f.achieved2xxPerSecond} 2xx/s, peak ` +
		`${f.peakRequestsPerSecond} requests in one second, asked up to ${f.askedPerSecond}/s`
	);
}

describeIfReady()(
	'Juspay Payout in real n8n 2.8.4 queue mode: main + 2 workers, one rate limit',
	() => {
		let cluster;
		let stopped = false;
		const onExit = () => {
			// last resort if jest dies between beforeAll and afterAll
			cluster?.n8n?.disposeSync();
			cluster?.redis?.stopSync();
		};

		beforeAll(async () => {
			process.once('exit', onExit);
			cluster = await startCluster({
				ratePerSecond: RATE_PER_SECOND,
				latencyMs: LATENCY_MS,
				workers: 2,
				workerConcurrency: 10,
			});
		}, 180000);

		afterAll(async () => {
			process.removeListener('exit', onExit);
			// Clean-up only, for a run that ended before the last test: that test checks the stop.
			if (!stopped) await cluster?.stop();
		}, 60000);

		test(`${RUNS} runs at once over both workers, node defaults: every item cancelled exactly once, 429s absorbed, nothing resent after a 2xx`, async () => {
			const {
				figures: f,
				checks,
				problems,
			} = await runBurst(cluster, {
				runs: RUNS,
				itemsPerRun: ITEMS_PER_RUN,
				nodeOptions: {},
			});
			console.log(summary('node defaults', f));
			expect(problems).toEqual([]);
			expect(f.webhookStatuses).toEqual({ 200: RUNS });
			// n8n's records: every run finished with success, ran on a worker (never on the main), each run once
			expect(f.executionStatuses).toEqual({ success: RUNS });
			expect(f.executionModes).toEqual({ webhook: RUNS });
			expect(checks.eachRunOnce).toBe(true);
			expect(Object.keys(f.perProcess).sort()).toEqual(['worker-1', 'worker-2']);
			expect(f.perWorkerFromLogs).toEqual(f.perProcess); // the records agree with the workers' own logs
			expect(checks.recordsMatchWorkerLogs).toBe(true);
			// every item: exactly one success item across all runs, none on the error output
			expect(f.successItems).toBe(RUNS * ITEMS_PER_RUN);
			expect(f.errorItems).toBe(0);
			expect(checks.everyItemOutOnce).toBe(true);
			expect(checks.successItemsWellFormed).toBe(true);
			// the rate limit bit, and the node's retries absorbed it
			expect(f.askedPerSecond).toBeGreaterThan(RATE_PER_SECOND * 10);
			expect(f.rateLimited).toBeGreaterThan(0);
			expect(f.itemsRetried).toBeGreaterThan(0);
			expect(f.responses).toEqual({ 200: RUNS * ITEMS_PER_RUN, 429: f.rateLimited });
			expect(checks.triesAddUp).toBe(true); // every request the emulator saw is a try an item reports
			// the emulator's log: one 2xx per fulfillment, and no request for an id after its first 2xx
			expect(f.requestsAfter2xx).toBe(0);
			expect(checks.successItemsMatch2xx).toBe(true);
			expect(checks.onlyCancelPath).toBe(true);
			// within the limit: no more 2xx per second than allowed (a window may straddle the measurement)
			expect(f.achieved2xxPerSecond).toBeLessThanOrEqual(RATE_PER_SECOND * 1.25);
		}, 300000);

		test(`with Rate Limit Wait 0 (a 429 counts as a try, Max Tries 4) a burst longer than its retries puts items on the error output as rate_limited: none lost, none resent after a 2xx`, async () => {
			const { figures: f, checks } = await runBurst(cluster, {
				runs: RUNS,
				itemsPerRun: ITEMS_PER_RUN,
				nodeOptions: { rateLimitWait: 0 },
			});
			console.log(summary('rateLimitWait 0, maxTries 4', f));
			expect(f.executionStatuses).toEqual({ success: RUNS });
			expect(checks.spreadOverAllWorkers).toBe(true);
			expect(checks.recordsMatchWorkerLogs).toBe(true);
			// each input item comes out once, on one of the two outputs, whatever the limit did
			expect(checks.everyItemOutOnce).toBe(true);
			expect(f.successItems + f.errorItems).toBe(RUNS * ITEMS_PER_RUN);
			// what did not make it says why, after all its tries
			expect(Object.keys(f.errorReasons).filter((r) => r !== 'rate_limited')).toEqual([]);
			expect(Object.keys(f.errorTriesHistogram).filter((t) => t !== '4')).toEqual([]);
			expect(f.maxTriesSeen).toBeLessThanOrEqual(4);
			expect(checks.triesAddUp).toBe(true);
			expect(f.requestsAfter2xx).toBe(0);
			expect(checks.successItemsMatch2xx).toBe(true);
		}, 300000);

		test('Juspay Payout Trigger: the main receives the webhooks (each event delivered twice), the workers run one execution per event', async () => {
			const { figures: f, checks } = await runTriggerBurst(cluster, { fulfillments: 8, copies: 2 });
			console.log(`trigger in queue mode: ${JSON.stringify(f)}`);
			expect(f.cancelledDeliveries).toBe(16);
			expect(f.deliveryStatuses).toEqual({ 200: f.deliveries });
			expect(f.executions).toBe(8);
			expect(f.executionStatuses).toEqual({ success: 8 });
			expect(f.executionModes).toEqual({ webhook: 8 });
			expect(checks.oneExecutionPerFulfillment).toBe(true);
			expect(checks.oneExecutionPerEvent).toBe(true);
			expect(checks.onWorkersOnly).toBe(true);
		}, 120000);

		test('everything listens on 127.0.0.1 only: Redis, n8n main (HTTP, task broker), workers (task brokers), emulator', () => {
			const { listening, loopbackOnly } = clusterSockets(cluster);
			console.log(`listening: ${listening.join(', ')}`);
			expect(listening.some((l) => l.startsWith('redis-server['))).toBe(true);
			expect(listening.some((l) => l.includes(`:${cluster.n8n.server.port}`))).toBe(true);
			expect(loopbackOnly).toBe(true);
		});

		test('one SQLite file shared by main and workers: n8n warns it is not officially supported, and no process hit a locked database', () => {
			const logs = [cluster.n8n.serverLogs(), ...cluster.workers.map((w) => w.logs())];
			// n8n 2.8.4 runs queue mode on SQLite with only this warning (base-command.js); PostgreSQL is its advice
			expect(logs[0]).toMatch(/Scaling mode is not officially supported with sqlite/);
			for (const text of logs)
				expect(text).not.toMatch(/SQLITE_BUSY|database is locked|QueryFailedError/);
			for (const w of cluster.workers) expect(w.logs()).toMatch(/Worker finished execution \d+/);
			expect(cluster.n8n.serverLogs()).not.toMatch(/Worker started execution/);
		});

		// Last (jest runs a file's tests in order): stopping is part of what is tested.
		test('stopping leaves nothing running: Redis, n8n main, workers and their task runners are gone', async () => {
			stopped = true;
			const { survivors } = await cluster.stop();
			expect(survivors).toEqual([]);
		}, 60000);
	},
);
