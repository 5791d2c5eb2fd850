#!/usr/bin/env node
'use strict';
/**
 * The queue-mode scenario from the command line: one cluster (Redis, n8n 2.8.4 main + workers in queue mode,
 * rate-limited emulator), then one burst per --max-tries value given (default: 10, then the node's default),
 * printing the figures as JSON.
 *   node test/e2e/queue-mode/run.js [--runs 24] [--items 25] [--rate 100] [--latency 25] [--concurrency 10]
 *        [--max-tries 10,default] [--workers 2] [--worker-concurrency 10] [--db sqlite|postgres] [--json out.json]
 * Exit 1 when a burst with enough tries fails a check. Needs `npm run build`, `npm run n8n:install` and
 * scripts/install-redis.sh.
 */
const fs = require('node:fs');
const { startCluster, runBurst, clusterSockets } = require('./scenario');

function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : fallback;
}

(async () => {
	const log = (line) => console.error(`[queue-mode] ${line}`);
	const started = Date.now();
	const cluster = await startCluster({
		ratePerSecond: Number(arg('rate', 100)),
		latencyMs: Number(arg('latency', 25)),
		workers: Number(arg('workers', 2)),
		workerConcurrency: Number(arg('worker-concurrency', 10)),
		database: arg('db', 'sqlite'),
		log,
	});
	const out = { bursts: [] };
	let failed = false;
	try {
		for (const t of String(arg('max-tries', '10,default')).split(',')) {
			const nodeOptions = {};
			if (arg('concurrency')) nodeOptions.concurrency = Number(arg('concurrency'));
			if (t !== 'default') nodeOptions.maxTries = Number(t);
			const burst = await runBurst(cluster, {
				runs: Number(arg('runs', 24)),
				itemsPerRun: Number(arg('items', 25)),
				nodeOptions,
				log,
			});
			out.bursts.push({ figures: burst.figures, checks: burst.checks, problems: burst.problems });
		}
		out.sockets = clusterSockets(cluster);
	} catch (e) {
		failed = true;
		console.error(e);
	} finally {
		out.stop = await cluster.stop();
	}
	out.timings = { ...cluster.timings, wallMs: Date.now() - started };
	console.log(JSON.stringify(out, null, 2));
	if (arg('json')) fs.writeFileSync(arg('json'), JSON.stringify(out, null, 2));
	process.exit(failed || out.stop.survivors.length ? 1 : 0);
})().catch((e) => {
	console.error(e);
	process.exit(1);
});
