#!/usr/bin/env node
'use strict';
/**
 * The queue-mode scenario from the command line, printing its figures as JSON:
 *   node test/e2e/queue-mode/run.js [--runs 24] [--items 25] [--rate 100] [--latency 25]
 *        [--concurrency 10] [--max-tries 4] [--workers 2] [--worker-concurrency 10] [--json out.json]
 * Exit 1 when a check fails. Needs `npm run build`, `npm run n8n:install` and scripts/install-redis.sh.
 */
const fs = require('node:fs');
const { runQueueScenario } = require('./scenario');

function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : fallback;
}

(async () => {
	const nodeOptions = {};
	if (arg('concurrency')) nodeOptions.concurrency = Number(arg('concurrency'));
	if (arg('max-tries')) nodeOptions.maxTries = Number(arg('max-tries'));
	const started = Date.now();
	const { figures, checks, problems } = await runQueueScenario({
		runs: Number(arg('runs', 24)),
		itemsPerRun: Number(arg('items', 25)),
		ratePerSecond: Number(arg('rate', 100)),
		latencyMs: Number(arg('latency', 25)),
		workers: Number(arg('workers', 2)),
		workerConcurrency: Number(arg('worker-concurrency', 10)),
		nodeOptions,
		log: (line) => console.error(`[queue-mode] ${line}`),
	});
	figures.wallMs = Date.now() - started;
	const out = { figures, checks, problems };
	console.log(JSON.stringify(out, null, 2));
	if (arg('json')) fs.writeFileSync(arg('json'), JSON.stringify(out, null, 2));
	const failed =
		problems.length > 0 || Object.values(checks).some((v) => !v) || figures.survivors.length > 0;
	process.exit(failed ? 1 : 0);
})().catch((e) => {
	console.error(e);
	process.exit(1);
});
