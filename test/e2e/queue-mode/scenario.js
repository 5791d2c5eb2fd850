'use strict';
/**
 * The package in real n8n (the default of tools/n8n/versions.js) in QUEUE MODE (scaling): Redis, one main (`n8n start`, EXECUTIONS_MODE=queue)
 * and two workers (`n8n worker`), all on 127.0.0.1, all on one user folder (so one SQLite database, one
 * encryption key and one staged community package: the package is installed once, as n8n's installer would,
 * and every process loads it from <userFolder>/.n8n/nodes/node_modules), plus the Juspay Payout emulator with
 * a rate limit far below what the workers ask for together.
 *
 * A webhook-triggered cancel workflow is activated and its production webhook is called `runs` times at once;
 * the main enqueues each run in Redis and the workers execute them. Afterwards everything is read back from
 * n8n's execution records and the emulator's request log and judged (./checks.js: `figures`, `checks`,
 * `problems`); the caller (the jest test, or run.js) asserts on them. The workflow is ./workflow.js.
 * Everything started here is stopped by cluster.stop(), also on failure.
 *
 *   const cluster = await startCluster({ ratePerSecond: 100 });
 *   const { figures, checks, problems } = await runBurst(cluster, { runs: 24, itemsPerRun: 25 });
 *   await cluster.stop();
 */
const { createN8nInstance, DEFAULT_VERSION, nodeOutputJson } = require('../../../tools/n8n');
const { EXAMPLE_CREDENTIAL } = require('../../../tools/story/examples');
const { startEmulator } = require('../../../tools/emulator');
const {
	REPO_DIR,
	API_KEY,
	MERCHANT_ID,
	credentialFor,
	orderBody,
} = require('../../../tools/story/fixtures');
const { startRedis } = require('../../../tools/servers/redis');
const { startPostgres } = require('../../../tools/servers/postgres');
const { histogram, judgeBurst } = require('./checks');
const { listeningSockets, withDescendants, isLoopback } = require('./listening');
const { NODES, PROCESS_MARKER, WEBHOOK_PATH, queueCancelWorkflow } = require('./workflow');

const VERSION = DEFAULT_VERSION;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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
	database = 'sqlite', // or 'postgres': a throw-away PostgreSQL cluster (tools/servers/postgres.js)
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
			where: nodeOutputJson(data, NODES.where, 0)[0],
			success: nodeOutputJson(data, NODES.cancel, 0),
			failed: nodeOutputJson(data, NODES.cancel, 1),
		});
	}
	log(
		`phase ${phase}: all ${executions.length} executions finished ${timings.allRunsMs} ms after the first webhook call`,
	);

	// ------------------------------------------------------------------------------- figures
	const burst = {
		executions,
		logOffsets,
		allIds,
		runs,
		itemsPerRun,
		nodeOptions,
		figures,
		timings,
	};
	const { checks, problems } = judgeBurst(cluster, burst);
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
