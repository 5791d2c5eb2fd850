'use strict';
/**
 * The package in real n8n 2.8.4 QUEUE MODE (scaling): Redis, one main (`n8n start`, EXECUTIONS_MODE=queue)
 * and two workers (`n8n worker`), all on 127.0.0.1, all on one user folder (so one SQLite database, one
 * encryption key and one staged community package: the package is installed once, as n8n's installer would,
 * and every process loads it from <userFolder>/.n8n/nodes/node_modules), plus the Juspay Payout emulator with
 * a rate limit far below what the workers ask for together.
 *
 * A webhook-triggered cancel workflow is activated and its production webhook is called `runs` times at once;
 * the main enqueues each run in Redis and the workers execute them. Afterwards everything is read back from
 * n8n's execution records and the emulator's request log and summarised in `figures`; the caller (the jest
 * test, or run.js) asserts on them. Everything started here is stopped in `finally`, also on failure.
 *
 *   const { figures, checks } = await runQueueScenario({ runs: 24, itemsPerRun: 25, ratePerSecond: 100 });
 */
const crypto = require('node:crypto');

const { createN8nInstance, DEFAULT_VERSION } = require('../../../tools/n8n');
const { NODE_TYPE, EXAMPLE_CREDENTIAL } = require('../../../tools/story/examples');
const { startEmulator } = require('../../../tools/emulator');
const {
	REPO_DIR,
	API_KEY,
	MERCHANT_ID,
	CANCEL_PATH,
	credentialFor,
	orderBody,
} = require('../../../tools/story/fixtures');
const { startRedis } = require('../../../tools/servers/redis');
const { startPostgres } = require('../../../tools/servers/postgres');
const { listeningSockets, withDescendants, isLoopback } = require('./listening');

const VERSION = DEFAULT_VERSION;
const WEBHOOK_PATH = 'juspay-queue-cancel';
/** Set on each n8n process; the workflow's "Where" node records it in every execution ($env). */
const PROCESS_MARKER = 'JUSPAY_E2E_PROCESS';

const NODES = Object.freeze({
	webhook: 'Cancel request',
	split: 'One item per fulfillment',
	cancel: 'Cancel fulfillment',
	where: 'Where',
});

/**
 * Webhook (respond at once) → Split Out (body.fulfillments) → Juspay Payout Cancel (continue on the error
 * output); and Webhook → "Where" (Edit Fields: which n8n process ran the execution, from $env). Only
 * n8n's own nodes besides ours: no Code node, so no task runner round trips.
 */
function queueCancelWorkflow({
	nodeOptions = {},
	credential = EXAMPLE_CREDENTIAL,
	webhookPath = WEBHOOK_PATH,
} = {}) {
	return {
		name: 'queue-mode: cancel fulfillments from a webhook',
		nodes: [
			{
				name: NODES.webhook,
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: crypto.randomUUID(),
				parameters: {
					httpMethod: 'POST',
					path: webhookPath,
					responseMode: 'onReceived',
					options: {},
				},
			},
			{
				name: NODES.split,
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.fulfillments', options: {} },
			},
			{
				name: NODES.cancel,
				type: NODE_TYPE,
				typeVersion: 1,
				position: [440, 0],
				onError: 'continueErrorOutput',
				parameters: {
					resource: 'fulfillment',
					operation: 'cancel',
					fulfillmentId: '={{ $json.fulfillmentId }}',
					routingId: '={{ $json.customerId }}',
					options: nodeOptions,
				},
				credentials: { juspayPayoutApi: { id: credential.id, name: credential.name } },
			},
			{
				name: NODES.where,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 200],
				parameters: {
					mode: 'manual',
					assignments: {
						assignments: [
							{ id: 'p', name: 'process', value: `={{ $env.${PROCESS_MARKER} }}`, type: 'string' },
							{ id: 'r', name: 'run', value: '={{ $json.body.run }}', type: 'number' },
						],
					},
					includeOtherFields: false,
					options: {},
				},
			},
		],
		connections: {
			[NODES.webhook]: {
				main: [
					[
						{ node: NODES.split, type: 'main', index: 0 },
						{ node: NODES.where, type: 'main', index: 0 },
					],
				],
			},
			[NODES.split]: { main: [[{ node: NODES.cancel, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function outputJson(data, nodeName, outputIndex) {
	const runs =
		data && data.resultData && data.resultData.runData && data.resultData.runData[nodeName];
	if (!runs || !runs[0]) return undefined;
	const main = (runs[0].data && runs[0].data.main) || [];
	return (main[outputIndex] || []).map((i) => i.json);
}

function histogram(values) {
	const h = {};
	for (const v of values) h[v] = (h[v] || 0) + 1;
	return h;
}

/** Running (a zombie waiting to be reaped counts as stopped). */
function isAlive(pid) {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}
	try {
		const stat = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return false;
	}
}

/**
 * Start the cluster once: Redis, emulator (rate limited), n8n main + workers on one user folder. Resolves to
 * { redis, emulator, n8n, workers, startedPids, timings, stop() }. stop() stops everything (also what was
 * started before a failure) and resolves to { survivors, errors, stopMs }.
 */
async function startCluster({
	ratePerSecond = 100,
	latencyMs = 25,
	workers: workerCount = 2,
	workerConcurrency = 10,
	packageDir = process.env.JUSPAY_E2E_PACKAGE_DIR || REPO_DIR,
	database = 'sqlite', // or 'postgres': a throw-away PostgreSQL cluster (queue-mode/postgres.js)
	log = () => {},
} = {}) {
	const cluster = { timings: {}, startedPids: new Set(), workers: [], ratePerSecond, latencyMs };
	cluster.stop = async () => {
		const s = Date.now();
		const errors = [];
		for (const [what, stop] of [
			['n8n', () => cluster.n8n && cluster.n8n.dispose()],
			['emulator', () => cluster.emulator && cluster.emulator.close()],
			['redis', () => cluster.redis && cluster.redis.stop()],
			['postgres', () => cluster.postgres && cluster.postgres.stop()],
		]) {
			try {
				await stop();
			} catch (e) {
				errors.push(`${what}: ${e.message}`);
			}
		}
		const survivors = [...cluster.startedPids].filter(isAlive);
		const stopMs = Date.now() - s;
		log(`stopped everything in ${stopMs} ms; processes still alive: ${survivors.length}`);
		return { survivors, errors, stopMs };
	};
	try {
		cluster.redis = await startRedis();
		cluster.startedPids.add(cluster.redis.pid);
		log(`redis ${cluster.redis.version.split(' ')[2]} on 127.0.0.1:${cluster.redis.port}`);
		if (database === 'postgres') {
			cluster.postgres = await startPostgres();
			cluster.startedPids.add(cluster.postgres.pid);
			log(`postgres on 127.0.0.1:${cluster.postgres.port}`);
		}
		cluster.emulator = await startEmulator({
			apiKey: API_KEY,
			merchantId: MERCHANT_ID,
			latencyMs,
			rateLimit: { perSecond: ratePerSecond },
			pickDelayMs: 3600000, // fulfillments stay CREATED: every cancel is scheduled
		});
		cluster.n8n = await createN8nInstance({
			version: VERSION,
			communityPackages: [packageDir],
			executionsMode: 'queue',
			redis: { host: cluster.redis.host, port: cluster.redis.port },
			database: cluster.postgres,
			logLevel: 'info',
			// $env in expressions: only for the "Where" node's process marker (n8n 2.x blocks it by default)
			env: { N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false' },
		});
		const { n8n } = cluster;
		await n8n.importCredentials([
			{ ...EXAMPLE_CREDENTIAL, type: 'juspayPayoutApi', data: credentialFor(cluster.emulator.url) },
		]);
		let s = Date.now();
		const serverStart = n8n.startServer({ env: { [PROCESS_MARKER]: 'main' } });
		await serverStart.finally(() => n8n.server && cluster.startedPids.add(n8n.server.child.pid));
		cluster.timings.mainStartMs = Date.now() - s;
		s = Date.now();
		const started = Array.from({ length: workerCount }, (_, i) =>
			n8n
				.startWorker({
					name: `worker-${i + 1}`,
					concurrency: workerConcurrency,
					env: { [PROCESS_MARKER]: `worker-${i + 1}` },
				})
				.then((w) => {
					cluster.startedPids.add(w.pid);
					return w;
				}),
		);
		for (const w of n8n.workers) cluster.startedPids.add(w.pid);
		cluster.workers = await Promise.all(started);
		cluster.timings.workersStartMs = Date.now() - s;
		for (const pid of withDescendants([...cluster.startedPids])) cluster.startedPids.add(pid);
		log(
			`n8n main on ${n8n.server.baseUrl} (${cluster.timings.mainStartMs} ms), ${workerCount} workers ready in ${cluster.timings.workersStartMs} ms`,
		);
		return cluster;
	} catch (e) {
		if (cluster.n8n) for (const w of cluster.n8n.workers) cluster.startedPids.add(w.pid);
		await cluster.stop();
		throw e;
	}
}

let phaseSeq = 0;

/**
 * One burst on a started cluster: `runs` webhook calls at once, each cancelling `itemsPerRun` new
 * fulfillments, through a freshly imported and activated workflow whose Cancel node has `nodeOptions`.
 * Waits for every execution, then reads n8n's records and the emulator's log. Resolves to
 * { figures, checks, problems, executions }.
 */
async function runBurst(
	cluster,
	{ runs = 24, itemsPerRun = 25, nodeOptions = {}, log = () => {}, timeoutMs = 240000 } = {},
) {
	const { n8n, emulator, workers } = cluster;
	const phase = ++phaseSeq;
	const timings = {};
	const { latencyMs, ratePerSecond } = cluster;
	const figures = {
		runs,
		itemsPerRun,
		ratePerSecond,
		latencyMs,
		nodeOptions,
		workerCount: workers.length,
	};
	const batches = [];
	for (let r = 0; r < runs; r++) {
		const list = [];
		for (let i = 0; i < itemsPerRun; i++) {
			const customerId = `cust_${r}_${i}`;
			const order = emulator.createOrder(orderBody(`queue_p${phase}_r${r}_i${i}`, { customerId }));
			list.push({ fulfillmentId: order.fulfillments[0].id, customerId });
		}
		batches.push(list);
	}
	const allIds = batches.flat().map((f) => f.fulfillmentId);

	const webhookPath = `${WEBHOOK_PATH}-${phase}`;
	const [workflowId] = await n8n.importWorkflows([
		queueCancelWorkflow({ nodeOptions, webhookPath }),
	]);
	await n8n.activateWorkflow(workflowId);
	const url = n8n.webhookUrl(webhookPath);
	const logOffsets = workers.map((w) => w.stdout.length);

	// ------------------------------------------------------------------------- every run at once
	emulator.clearLog();
	const fireStart = Date.now();
	const responses = await Promise.all(
		batches.map(async (fulfillments, run) => {
			const res = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ run, fulfillments }),
			});
			return { run, status: res.status, body: await res.text() };
		}),
	);
	timings.webhooksAcceptedMs = Date.now() - fireStart;
	figures.webhookStatuses = histogram(responses.map((r) => r.status));
	log(
		`phase ${phase}: ${runs} webhook calls answered in ${timings.webhooksAcceptedMs} ms: ${JSON.stringify(figures.webhookStatuses)}`,
	);

	// ---------------------------------------------------------------- wait for n8n's records
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	let listed = [];
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const page = await n8n.rest('GET', `/rest/executions?filter=${filter}&limit=100`);
		listed = page.results || [];
		const done = listed.filter(
			(e) => !['new', 'running', 'waiting'].includes(e.status) && e.stoppedAt,
		);
		if (listed.length >= runs && done.length === listed.length) break;
		if (Date.now() > deadline)
			throw new Error(
				`after ${timeoutMs} ms: ${done.length}/${listed.length} executions finished of ${runs}: ${JSON.stringify(histogram(listed.map((e) => e.status)))}`,
			);
		await sleep(250);
	}
	timings.allRunsMs = Math.max(...listed.map((e) => Date.parse(e.stoppedAt))) - fireStart;
	await n8n.rest('POST', `/rest/workflows/${encodeURIComponent(workflowId)}/deactivate`, {});
	const executions = [];
	for (const e of listed) {
		const full = await n8n.rest('GET', `/rest/executions/${e.id}`);
		const data = typeof full.data === 'string' ? n8n.flatted().parse(full.data) : full.data;
		executions.push({
			id: String(e.id),
			status: full.status,
			mode: full.mode,
			startedAt: full.startedAt,
			stoppedAt: full.stoppedAt,
			error: data && data.resultData && data.resultData.error,
			where: (outputJson(data, NODES.where, 0) || [])[0],
			success: outputJson(data, NODES.cancel, 0),
			failed: outputJson(data, NODES.cancel, 1),
		});
	}
	log(
		`phase ${phase}: all ${executions.length} executions finished ${timings.allRunsMs} ms after the first webhook call`,
	);

	// ------------------------------------------------------------------------------- figures
	const problems = [];
	const checks = {};
	figures.executions = executions.length;
	figures.executionStatuses = histogram(executions.map((e) => e.status));
	figures.executionModes = histogram(executions.map((e) => e.mode));
	checks.everyRunSucceeded =
		executions.length === runs && executions.every((e) => e.status === 'success' && !e.error);
	if (!checks.everyRunSucceeded)
		problems.push(
			`executions: ${executions.length} of ${runs}, statuses ${JSON.stringify(figures.executionStatuses)}`,
		);

	// which process ran each execution: the execution's own record ($env marker) and the workers' logs
	const byRecord = Object.fromEntries(executions.map((e) => [e.id, e.where && e.where.process]));
	const byLog = {};
	workers.forEach((w, i) => {
		for (const m of w.stdout.slice(logOffsets[i]).matchAll(/Worker started execution (\d+) \(job/g))
			byLog[m[1]] = byLog[m[1]] && byLog[m[1]] !== w.name ? 'several' : w.name;
	});
	figures.perProcess = histogram(Object.values(byRecord));
	figures.perWorkerFromLogs = histogram(executions.map((e) => byLog[e.id] || 'none'));
	checks.recordsMatchWorkerLogs = executions.every(
		(e) => byRecord[e.id] && byRecord[e.id] === byLog[e.id],
	);
	checks.spreadOverAllWorkers =
		workers.every((w) => (figures.perProcess[w.name] || 0) > 0) && !figures.perProcess.main;
	if (!checks.recordsMatchWorkerLogs)
		problems.push('execution records and worker logs disagree on who ran what');
	if (!checks.spreadOverAllWorkers)
		problems.push(`runs per process: ${JSON.stringify(figures.perProcess)}`);
	const runsSeen = executions.map((e) => e.where && e.where.run).sort((a, b) => a - b);
	checks.eachRunOnce = runsSeen.length === runs && runsSeen.every((r, i) => r === i);
	if (!checks.eachRunOnce) problems.push(`run numbers recorded: ${runsSeen.join(',')}`);

	// every input item comes out exactly once, on one of the two outputs
	const successes = executions.flatMap((e) => e.success || []);
	const failures = executions.flatMap((e) => e.failed || []);
	const outCount = {};
	for (const j of successes) outCount[j.fulfillmentId] = (outCount[j.fulfillmentId] || 0) + 1;
	// error items carry the input's fields (n8n merges the paired input item's json)
	for (const j of failures) outCount[j.fulfillmentId] = (outCount[j.fulfillmentId] || 0) + 1;
	figures.items = allIds.length;
	figures.successItems = successes.length;
	figures.errorItems = failures.length;
	figures.errorReasons = histogram(failures.map((j) => (j.error && j.error.reason) || 'unknown'));
	checks.everyItemOutOnce =
		successes.length + failures.length === allIds.length &&
		allIds.every((id) => outCount[id] === 1);
	checks.noItemOnErrorOutput = failures.length === 0;
	checks.successItemsWellFormed = successes.every(
		(j) => j.cancellationScheduled === true && Number.isInteger(j.tries) && j.tries >= 1,
	);
	if (!checks.everyItemOutOnce)
		problems.push(`items out: ${successes.length} + ${failures.length} of ${allIds.length}`);
	if (!checks.noItemOnErrorOutput)
		problems.push(
			`${failures.length} items on the error output: ${JSON.stringify(figures.errorReasons)}`,
		);
	const triesOf = (j) => (j.tries !== undefined ? j.tries : (j.error && j.error.tries) || 0);
	const tries = [...successes, ...failures].map(triesOf);
	figures.triesHistogram = histogram(tries);
	figures.errorTriesHistogram = histogram(failures.map(triesOf));
	figures.itemsRetried = tries.filter((t) => t > 1).length;
	figures.retries = tries.reduce((a, t) => a + Math.max(0, t - 1), 0);
	figures.maxTriesSeen = Math.max(...tries);

	// the emulator's side: requests, 429s, nothing after a 2xx
	const cancels = emulator.requestLog.filter(
		(r) => r.method === 'POST' && /\/fulfillment\/[^/]+\/cancel$/.test(r.path),
	);
	figures.requests = emulator.requestLog.length;
	figures.cancelRequests = cancels.length;
	figures.responses = histogram(cancels.map((r) => r.status));
	figures.rateLimited = cancels.filter((r) => r.status === 429).length;
	const firstOk = new Set();
	const okCount = {};
	let afterOk = 0;
	for (const r of cancels) {
		if (firstOk.has(r.fulfillmentId)) afterOk++;
		if (r.status >= 200 && r.status < 300) {
			okCount[r.fulfillmentId] = (okCount[r.fulfillmentId] || 0) + 1;
			firstOk.add(r.fulfillmentId);
		}
	}
	figures.requestsAfter2xx = afterOk;
	figures.fulfillmentsWith2xx = firstOk.size;
	checks.noRequestAfter2xx = afterOk === 0;
	// a success item <=> the emulator answered that id 2xx exactly once
	checks.successItemsMatch2xx =
		successes.every((j) => okCount[j.fulfillmentId] === 1) && firstOk.size === successes.length;
	checks.onlyCancelPath =
		cancels.length === figures.requests &&
		cancels.every((r) => r.path === CANCEL_PATH(r.fulfillmentId));
	checks.rateLimitHit = figures.rateLimited > 0 && figures.itemsRetried > 0;
	// every request the emulator saw is one try some item reports
	checks.triesAddUp = cancels.length === tries.reduce((a, t) => a + t, 0);
	if (!checks.noRequestAfter2xx) problems.push(`${afterOk} requests after an id's first 2xx`);
	if (!checks.successItemsMatch2xx)
		problems.push('success items and 2xx answers in the emulator log differ');
	if (!checks.onlyCancelPath) problems.push('requests on other paths than the cancel path');
	if (!checks.rateLimitHit)
		problems.push(
			`no 429 absorbed (429s: ${figures.rateLimited}, items retried: ${figures.itemsRetried})`,
		);
	if (!checks.triesAddUp)
		problems.push(
			`emulator saw ${cancels.length} cancels, items report ${tries.reduce((a, t) => a + t, 0)} tries`,
		);

	const ats = cancels.map((r) => r.at);
	timings.requestSpanMs = Math.max(...ats) - Math.min(...ats);
	figures.floorMs = ratePerSecond ? Math.round((allIds.length / ratePerSecond) * 1000) : undefined;
	figures.achieved2xxPerSecond = Math.round(
		(firstOk.size / Math.max(1, timings.requestSpanMs)) * 1000,
	);
	figures.peakRequestsPerSecond = Math.max(
		...Object.values(histogram(ats.map((a) => Math.floor(a / 1000)))),
	);
	// what the workers can ask for: runs in flight × node concurrency, each request taking `latencyMs`
	const nodeConcurrency = nodeOptions.concurrency || 10;
	const jobsAtOnce = Math.min(
		runs,
		workers.reduce((a, w) => a + (w.info.concurrency || 10), 0),
	);
	figures.requestsInFlightBound = jobsAtOnce * Math.min(nodeConcurrency, itemsPerRun);
	figures.askedPerSecond = Math.round(
		(figures.requestsInFlightBound * 1000) / Math.max(1, latencyMs),
	);
	figures.timings = timings;
	return { figures, checks, problems, executions };
}

/** Every listening socket of the cluster's processes (and of this process, which hosts the emulator). */
function clusterSockets(cluster) {
	const sockets = listeningSockets([...cluster.startedPids, process.pid]);
	return {
		listening: sockets.map((x) => `${x.command}[${x.pid}] ${x.proto} ${x.local}`),
		loopbackOnly: sockets.length > 0 && sockets.every((x) => isLoopback(x.address)),
	};
}

module.exports = {
	startCluster,
	runBurst,
	clusterSockets,
	queueCancelWorkflow,
	isAlive,
	NODES,
	WEBHOOK_PATH,
	PROCESS_MARKER,
	VERSION,
};
