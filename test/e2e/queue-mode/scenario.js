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

const { createN8nInstance, freePort } = require('../n8n-runner');
const { NODE_TYPE, EXAMPLE_CREDENTIAL } = require('../examples');
const { startEmulator } = require('../../emulator');
const {
	REPO_DIR,
	API_KEY,
	MERCHANT_ID,
	CANCEL_PATH,
	credentialFor,
	orderBody,
} = require('../../helpers/fixtures');
const { startRedis } = require('./redis');
const { listeningSockets, withDescendants, isLoopback } = require('./listening');

const VERSION = '2.8.4';
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
function queueCancelWorkflow({ nodeOptions = {}, credential = EXAMPLE_CREDENTIAL } = {}) {
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
					path: WEBHOOK_PATH,
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
 * Options: runs (webhook calls at once), itemsPerRun, ratePerSecond (emulator limit), latencyMs,
 * nodeOptions (the Cancel node's Options: concurrency, maxTries, timeout), workers (count),
 * workerConcurrency (jobs per worker; n8n's default 10), log (progress lines), timeoutMs (for all runs).
 * Resolves to { figures, checks, problems }: `checks` are booleans, `problems` human-readable failures.
 */
async function runQueueScenario({
	runs = 24,
	itemsPerRun = 25,
	ratePerSecond = 100,
	latencyMs = 25,
	nodeOptions = {},
	workers: workerCount = 2,
	workerConcurrency = 10,
	packageDir = process.env.JUSPAY_E2E_PACKAGE_DIR || REPO_DIR,
	log = () => {},
	timeoutMs = 240000,
} = {}) {
	const t0 = Date.now();
	const timings = {};
	let redis;
	let emulator;
	let n8n;
	let startedPids = new Set();
	const figures = {
		runs,
		itemsPerRun,
		ratePerSecond,
		latencyMs,
		nodeOptions,
		workerCount,
		workerConcurrency,
	};
	try {
		// ------------------------------------------------------------------------------------ start up
		redis = await startRedis();
		log(`redis ${redis.version.split(' ')[2]} on 127.0.0.1:${redis.port}`);
		emulator = await startEmulator({
			apiKey: API_KEY,
			merchantId: MERCHANT_ID,
			latencyMs,
			rateLimit: { perSecond: ratePerSecond },
			pickDelayMs: 3600000, // fulfillments stay CREATED: every cancel is scheduled
		});
		const batches = [];
		for (let r = 0; r < runs; r++) {
			const list = [];
			for (let i = 0; i < itemsPerRun; i++) {
				const customerId = `cust_${r}_${i}`;
				const order = emulator.createOrder(orderBody(`queue_r${r}_i${i}`, { customerId }));
				list.push({ fulfillmentId: order.fulfillments[0].id, customerId });
			}
			batches.push(list);
		}
		const allIds = batches.flat().map((f) => f.fulfillmentId);

		n8n = await createN8nInstance({
			version: VERSION,
			communityPackages: [packageDir],
			executionsMode: 'queue',
			redis: { host: redis.host, port: redis.port },
			logLevel: 'info',
			// $env in expressions: only for the "Where" node's process marker (n8n 2.x blocks it by default)
			env: { N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false' },
		});
		await n8n.importCredentials([
			{ ...EXAMPLE_CREDENTIAL, type: 'juspayPayoutApi', data: credentialFor(emulator.url) },
		]);
		let s = Date.now();
		await n8n.startServer({ env: { [PROCESS_MARKER]: 'main' } });
		timings.mainStartMs = Date.now() - s;
		s = Date.now();
		const workers = await Promise.all(
			Array.from({ length: workerCount }, (_, i) =>
				n8n.startWorker({
					name: `worker-${i + 1}`,
					concurrency: workerConcurrency,
					env: { [PROCESS_MARKER]: `worker-${i + 1}` },
				}),
			),
		);
		timings.workersStartMs = Date.now() - s;
		log(
			`n8n main on ${n8n.server.baseUrl}, ${workers.length} workers ready in ${timings.workersStartMs} ms`,
		);
		startedPids = withDescendants([redis.pid, n8n.server.child.pid, ...workers.map((w) => w.pid)]);

		const [workflowId] = await n8n.importWorkflows([queueCancelWorkflow({ nodeOptions })]);
		await n8n.activateWorkflow(workflowId);
		const url = n8n.webhookUrl(WEBHOOK_PATH);

		// ------------------------------------------------------------------- every run at once
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
			`${runs} webhook calls answered in ${timings.webhooksAcceptedMs} ms: ${JSON.stringify(figures.webhookStatuses)}`,
		);

		// ------------------------------------------------------------ wait for n8n's records
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
		const stoppedAts = listed.map((e) => Date.parse(e.stoppedAt));
		timings.allRunsMs = Math.max(...stoppedAts) - fireStart;
		const executions = [];
		for (const e of listed) {
			const full = await n8n.rest('GET', `/rest/executions/${e.id}`);
			const data = typeof full.data === 'string' ? n8n.flatted().parse(full.data) : full.data;
			executions.push({
				id: String(e.id),
				status: full.status,
				mode: full.mode,
				finished: full.finished,
				startedAt: full.startedAt,
				stoppedAt: full.stoppedAt,
				error: data && data.resultData && data.resultData.error,
				where: (outputJson(data, NODES.where, 0) || [])[0],
				success: outputJson(data, NODES.cancel, 0),
				failed: outputJson(data, NODES.cancel, 1),
			});
		}
		log(
			`all ${executions.length} executions finished ${timings.allRunsMs} ms after the first webhook call`,
		);

		// --------------------------------------------------------------------------- figures
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
		for (const w of workers) {
			for (const m of w.stdout.matchAll(/Worker started execution (\d+) \(job/g)) {
				if (byLog[m[1]] && byLog[m[1]] !== w.name) byLog[m[1]] = 'several';
				else byLog[m[1]] = w.name;
			}
		}
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

		// every item exactly once, on the success output, with tries
		const successes = executions.flatMap((e) => e.success || []);
		const failures = executions.flatMap((e) => e.failed || []);
		const successCount = histogram(successes.map((j) => j.fulfillmentId));
		figures.items = allIds.length;
		figures.successItems = successes.length;
		figures.errorItems = failures.length;
		figures.errorReasons = histogram(failures.map((j) => (j.error && j.error.reason) || 'unknown'));
		checks.everyItemExactlyOnce =
			failures.length === 0 &&
			successes.length === allIds.length &&
			allIds.every((id) => successCount[id] === 1) &&
			successes.every(
				(j) => j.cancellationScheduled === true && Number.isInteger(j.tries) && j.tries >= 1,
			);
		if (!checks.everyItemExactlyOnce)
			problems.push(
				`items: ${successes.length} successes, ${failures.length} errors ${JSON.stringify(figures.errorReasons)} of ${allIds.length}`,
			);
		const tries = [...successes, ...failures].map(
			(j) => (j.tries !== undefined ? j.tries : j.error && j.error.tries) || 0,
		);
		figures.triesHistogram = histogram(tries);
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
		const firstOk = new Map();
		const afterOk = [];
		const okCount = {};
		for (const r of cancels) {
			const ok = r.status >= 200 && r.status < 300;
			if (firstOk.has(r.fulfillmentId)) afterOk.push(r);
			if (ok) {
				okCount[r.fulfillmentId] = (okCount[r.fulfillmentId] || 0) + 1;
				if (!firstOk.has(r.fulfillmentId)) firstOk.set(r.fulfillmentId, r.seq);
			}
		}
		figures.requestsAfter2xx = afterOk.length;
		checks.noRequestAfter2xx = afterOk.length === 0;
		checks.each2xxOnce =
			allIds.every((id) => okCount[id] === 1) && Object.keys(okCount).length === allIds.length;
		checks.onlyKnownPaths =
			cancels.every((r) => r.path === CANCEL_PATH(r.fulfillmentId)) &&
			cancels.length === figures.requests;
		checks.rateLimitHit = figures.rateLimited > 0 && figures.itemsRetried > 0;
		// every request the emulator saw is one try some item reports
		checks.triesAddUp = cancels.length === tries.reduce((a, t) => a + t, 0);
		if (!checks.noRequestAfter2xx)
			problems.push(`${afterOk.length} requests after an id's first 2xx`);
		if (!checks.each2xxOnce) problems.push('some fulfillment did not get exactly one 2xx');
		if (!checks.onlyKnownPaths) problems.push('requests on other paths than the cancel path');
		if (!checks.rateLimitHit)
			problems.push(
				`no 429 absorbed (429s: ${figures.rateLimited}, items retried: ${figures.itemsRetried})`,
			);
		if (!checks.triesAddUp)
			problems.push(
				`emulator saw ${cancels.length} cancels, items report ${tries.reduce((a, t) => a + t, 0)} tries`,
			);

		// achieved rate: 2xx answers per second between the first and the last request
		const ats = cancels.map((r) => r.at);
		timings.requestSpanMs = Math.max(...ats) - Math.min(...ats);
		figures.floorMs = Math.round((allIds.length / ratePerSecond) * 1000);
		figures.achieved2xxPerSecond = Math.round(
			(allIds.length / Math.max(1, timings.requestSpanMs)) * 1000,
		);
		figures.peakRequestsPerSecond = Math.max(
			...Object.values(histogram(ats.map((a) => Math.floor(a / 1000)))),
		);
		// What the workers could ask for: runs in flight × node concurrency / latency
		const nodeConcurrency = nodeOptions.concurrency || 10;
		const inFlight =
			Math.min(runs, workerCount * workerConcurrency) * Math.min(nodeConcurrency, itemsPerRun);
		figures.requestBound = inFlight;
		figures.askedPerSecond = Math.round((inFlight * 1000) / Math.max(1, latencyMs));

		// loopback only: every listening socket of every process started here (and of this process)
		const sockets = listeningSockets([...startedPids, process.pid]);
		figures.listening = sockets.map((x) => `${x.command}[${x.pid}] ${x.proto} ${x.local}`);
		checks.loopbackOnly = sockets.length > 0 && sockets.every((x) => isLoopback(x.address));
		if (!checks.loopbackOnly) problems.push(`not loopback: ${figures.listening.join(', ')}`);

		timings.totalBeforeStopMs = Date.now() - t0;
		figures.timings = timings;
		return { figures, checks, problems, executions, startedPids: [...startedPids] };
	} finally {
		const s = Date.now();
		const errors = [];
		for (const [what, stop] of [
			['n8n', () => n8n && n8n.dispose()],
			['emulator', () => emulator && emulator.close()],
			['redis', () => redis && redis.stop()],
		]) {
			try {
				await stop();
			} catch (e) {
				errors.push(`${what}: ${e.message}`);
			}
		}
		const survivors = [...startedPids].filter(isAlive);
		timings.stopMs = Date.now() - s;
		figures.survivors = survivors;
		figures.stopErrors = errors;
		log(`stopped everything in ${timings.stopMs} ms; processes still alive: ${survivors.length}`);
	}
}

module.exports = {
	runQueueScenario,
	queueCancelWorkflow,
	NODES,
	WEBHOOK_PATH,
	PROCESS_MARKER,
	VERSION,
	freePort,
};
