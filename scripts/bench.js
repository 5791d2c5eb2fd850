#!/usr/bin/env node
'use strict';
/**
 * npm run bench — Fulfillment → Cancel at scale, side by side in ONE run against the emulator on 127.0.0.1
 * (child process) with a 25 ms latency, real n8n 2.8.4 (server, REST run):
 *
 *   (a)  this node, defaults                 (b)  this node at Concurrency C (default 32)
 *   (c1) n8n's HTTP Request node authenticating with this package's credential (n8n's own auth path)
 *   (c2) the HTTP Request node with both headers typed by hand    (c3) with a generic Basic Auth credential
 *   (d)  a bare Node.js keep-alive client at C: the floor
 *
 * for N = 1,000 and 10,000 cancels; a sweep of fixed concurrencies at N = 1,000; the emulator's rate
 * limit on (200 requests/s, 429 beyond): (a), (a10) Concurrency 10 (the default before issue 12), (c1)
 * without and with batching, against N ÷ rate; latency rising with load, with Juspay the bottleneck (each
 * request in flight beyond 6 adds 5 ms) and with n8n the bottleneck (beyond 16, 2 ms; bench/settings.js):
 * where each client's concurrency settled, seen from the server. Peak RSS of n8n during the
 * 10,000-item runs; n8n's CPU per cancel in every row.
 *
 * Time of a row = the Cancel node's own executionTime from n8n's run data; the workflow's wall time
 * (n8n's startedAt → stoppedAt, Code node and engine included) is shown next to it.
 *
 * Flags: --quick (N = 1,000 only, one repeat), --repeat n (unlimited rows, default 3 at 1,000 and 1 at 10,000),
 *        --concurrency C (default 32), --no-rate-10k (skip the 50 s rate-limited 10,000-item rows),
 *        --baseline <dist dir> (a second n8n server runs another build of the package — e.g. main before
 *        a change — for rows (A), (B), (A10), interleaved with (a), (b), (a10): before/after in one run),
 *        --profile (instead of the tables: n8n under the V8 profiler, runs (b), (a), (c1), (c2) once at
 *        10,000 — 1,000 with --quick — and prints where n8n's CPU went during each, by function and by
 *        stage of a request; writes .tmp/bench/profile-<timestamp>.json),
 *        --dist <dir> (measure another build of the package instead of ./dist),
 *        --only unlimited,sweep,rate,latency,memory (only these tables: for working on one; not for the
 *        README). "memory": (a) at the largest N in a fresh n8n server of its own per build (and the
 *        baseline's), so that peak RSS compares like for like, not after whatever rows ran before,
 *        --timeline (each row's requests as the emulator saw them — [ms since the first, status, in flight,
 *        latency] — in the JSON: where the time went, e.g. under the rate limit).
 *        --trace-limit (every decision of the Auto limit inside n8n, by ./bench/limit-trace-preload.js: per
 *        row of this node with Auto, the limits it went through and, per round, what it measured and how
 *        busy n8n's thread was; a line per row on stderr, the rounds in the JSON).
 * Output: tables on stdout, .tmp/bench/bench-<timestamp>.json and .tmp/bench/latest.json.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startProgram } = require('../tools/lifecycle');
const { createN8nInstance, isInstalled, installDir, DEFAULT_VERSION } = require('../tools/n8n');
const { API_KEY, MERCHANT_ID, credentialFor, orderBody } = require('../tools/story/fixtures');
const { startEmulatorProcess } = require('./bench/emulator-client');
const { describeRun, kbToMb, runFloorRow, runWorkflow, snapshotDist } = require('./bench/measure');
const { readStatusKb } = require('./bench/memory');
const { profileRuns } = require('./bench/profile-runs');
const { buildReport } = require('./bench/report');
const {
	measureLatencyRising,
	measureRateLimited,
	measureSweep,
	measureUnlimited,
} = require('./bench/rows');
const {
	OUT_DIR,
	REPO_DIR,
	LATENCY_MS,
	PREVIOUS_DEFAULT_CONCURRENCY,
	RATE_PER_SECOND,
	SWEEP,
} = require('./bench/settings');
const { juspayWorkflow, httpRequestWorkflow } = require('./bench/workflows');

function parseArgs(argv) {
	const args = {
		quick: false,
		repeat: null,
		concurrency: 32,
		rate10k: true,
		profile: false,
		timeline: false,
		traceLimit: false,
		only: null,
		dist: path.join(REPO_DIR, 'dist'),
		baseline: null,
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => {
			const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
			if (!/^\d+$/.test(v || '')) throw new Error(`${a} needs a whole number`);
			return Number(v);
		};
		if (a === '--quick') args.quick = true;
		else if (a.startsWith('--repeat')) args.repeat = value();
		else if (a.startsWith('--concurrency')) args.concurrency = value();
		else if (a === '--no-rate-10k') args.rate10k = false;
		else if (a === '--profile') args.profile = true;
		else if (a === '--timeline') args.timeline = true;
		else if (a === '--trace-limit') args.traceLimit = true;
		else if (a.startsWith('--only')) {
			const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
			args.only = new Set(String(v).split(','));
			for (const t of args.only)
				if (!TABLES.includes(t)) throw new Error(`--only takes ${TABLES.join(', ')}, not ${t}`);
		} else if (a.startsWith('--dist'))
			args.dist = path.resolve(a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
		else if (a.startsWith('--baseline'))
			args.baseline = path.resolve(a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
		else if (a === '--help' || a === '-h') args.help = true;
		else throw new Error(`unknown flag ${a} (try --help)`);
	}
	return args;
}

/** The tables, for --only (a partial run, for working on one of them; the README's figures are whole runs). */
const TABLES = ['unlimited', 'sweep', 'rate', 'latency', 'memory'];

// The progress log goes to stderr: stdout holds the table.
const program = startProgram('bench', {
	stream: process.stderr,
	stopping: 'stopping n8n and the emulator…',
});
const log = program.step;

program.run(
	async () => {
		const args = parseArgs(process.argv.slice(2));
		if (args.help) {
			console.log(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
			return;
		}
		const C = args.concurrency;
		const sizes = args.quick ? [1000] : [1000, 10000];
		const repeatFor = (n) => args.repeat ?? (args.quick ? 1 : n <= 1000 ? 3 : 1);
		const rateSizes = args.quick || !args.rate10k ? [1000] : [1000, 10000];
		const latencySizes = args.quick ? [1000] : [1000, 10000];
		const maxN = Math.max(...sizes, ...rateSizes, ...latencySizes);

		if (!isInstalled(DEFAULT_VERSION))
			throw new Error(
				`n8n ${DEFAULT_VERSION} is not installed in ${installDir()}: npm run n8n:install`,
			);
		const dist = await snapshotDist(args.dist);
		const baselineDist =
			args.baseline && !args.profile ? await snapshotDist(args.baseline, 'dist-baseline') : null;

		const startedAt = new Date();
		log(`emulator (child process), latency ${LATENCY_MS} ms`);
		// pickDelayMs far away: no fulfillment is picked during the bench, so every cancel is a real 200.
		const emulator = await startEmulatorProcess({
			apiKey: API_KEY,
			merchantId: MERCHANT_ID,
			latencyMs: LATENCY_MS,
			pickDelayMs: 1e9,
		});
		program.defer(
			() => emulator.close(),
			() => emulator.kill(),
		);
		// One id set for every row: the emulator answers 200 to every cancel of a known id, repeated or not.
		const allIds = await emulator.createFulfillments(maxN, 'bench', orderBody('x'));
		const idsFor = (n) => allIds.slice(0, n);
		log(`${allIds.length} fulfillments created; starting n8n ${DEFAULT_VERSION}`);

		// --profile: a preload starts V8's profiler inside `n8n start` and writes it on SIGUSR2 (see the preload).
		const profDir = path.join(OUT_DIR, `profile-${startedAt.toISOString().replace(/[:.]/g, '-')}`);
		// --trace-limit: a preload appends the Auto limit's decisions to this file (see the preload).
		const limitTrace = args.traceLimit
			? path.join(OUT_DIR, `limit-trace-${startedAt.toISOString().replace(/[:.]/g, '-')}.jsonl`)
			: null;
		const preloads = [
			args.profile && path.join(__dirname, 'bench', 'cpu-profile-preload.js'),
			limitTrace && path.join(__dirname, 'bench', 'limit-trace-preload.js'),
		].filter(Boolean);
		const n8nEnv = {
			...(preloads.length && { NODE_OPTIONS: preloads.map((p) => `--require ${p}`).join(' ') }),
			...(args.profile && { BENCH_CPU_PROFILE_DIR: profDir }),
			...(limitTrace && { BENCH_LIMIT_TRACE: limitTrace }),
		};

		/**
		 * One n8n server with one build of the package (loaded through N8N_CUSTOM_EXTENSIONS: node type
		 * CUSTOM.juspayPayout), its credentials and every workflow it runs, imported up front so that no
		 * import happens between measurements.
		 */
		async function startServerWith(packageDist, label, workflows) {
			const n8n = await createN8nInstance({ customExtensions: [packageDist], env: n8nEnv });
			program.defer(
				() => n8n.dispose(),
				() => n8n.disposeSync(),
			);
			const [juspayCred, basicCred] = await n8n.importCredentials([
				{ name: 'Juspay emulator', type: 'juspayPayoutApi', data: credentialFor(emulator.url) },
				{
					name: 'Juspay emulator (Basic)',
					type: 'httpBasicAuth',
					data: { user: API_KEY, password: '' },
				},
			]);
			const server = await n8n.startServer();
			const n8nPid = n8n.server.child.pid; // `node …/n8n start`, spawned directly: n8n's main process
			log(`${label}: n8n server up in ${server.startMs} ms (pid ${n8nPid})`);
			const memoryAtStart = readStatusKb(n8nPid);
			const wf = workflows({ juspayCred, basicCred });
			const keys = Object.keys(wf);
			const ids = await n8n.importWorkflows(keys.map((k) => wf[k](`bench ${label} ${k}`)));
			log(`${label}: ${keys.length} workflows imported`);
			const ctx = {
				n8n,
				emulator,
				url: emulator.url,
				n8nPid,
				wfId: Object.fromEntries(keys.map((k, i) => [k, ids[i]])),
				idsFor,
				C,
				log,
				server,
				memoryAtStart,
				timeline: args.timeline,
				limitTrace,
			};
			// Warm-up: the first execution loads node types, compiles expressions' code paths and JITs the
			// request path; none of that belongs to a steady-state measurement.
			for (const k of keys.filter((key) => key.startsWith('warm:')))
				for (let i = 0; i < 2; i++) await runWorkflow(ctx, { id: ctx.wfId[k], n: 50 });
			return ctx;
		}

		const nodeType = 'CUSTOM.juspayPayout';
		const juspay = (n, options, credential) => (name) =>
			juspayWorkflow({ name, ids: idsFor(n), nodeType, credentialId: credential.id, options });
		const httpNode = (n, auth, batching) => (name) =>
			httpRequestWorkflow({
				name,
				ids: idsFor(n),
				baseUrl: emulator.url,
				merchantId: MERCHANT_ID,
				auth,
				batching,
			});
		const allSizes = [...new Set([...sizes, ...rateSizes, ...latencySizes])];
		const handTyped = {
			kind: 'handTyped',
			authorization: `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`,
		};

		const ctx = await startServerWith(dist, 'package under test', ({ juspayCred, basicCred }) => {
			const wf = {};
			const credential = { kind: 'juspayCredential', credentialId: juspayCred.id };
			wf['warm:a'] = juspay(50, {}, juspayCred);
			wf['warm:c1'] = httpNode(50, credential);
			wf['warm:c2'] = httpNode(50, handTyped);
			for (const n of allSizes) {
				wf[`a:${n}`] = juspay(n, {}, juspayCred);
				wf[`b:${n}`] = juspay(n, { concurrency: C }, juspayCred);
				wf[`a10:${n}`] = juspay(n, { concurrency: PREVIOUS_DEFAULT_CONCURRENCY }, juspayCred);
				wf[`c1:${n}`] = httpNode(n, credential);
				wf[`c2:${n}`] = httpNode(n, handTyped);
				wf[`c3:${n}`] = httpNode(n, { kind: 'basicCredential', credentialId: basicCred.id });
				wf[`c1b:${n}`] = httpNode(n, credential, {
					batchSize: RATE_PER_SECOND,
					batchInterval: 1000,
				});
			}
			for (const k of SWEEP) wf[`sweep:${k}`] = juspay(1000, { concurrency: k }, juspayCred);
			return wf;
		});
		const base = baselineDist
			? await startServerWith(baselineDist, 'baseline', ({ juspayCred }) => {
					const wf = { 'warm:a': juspay(50, {}, juspayCred) };
					for (const n of allSizes) {
						wf[`a:${n}`] = juspay(n, {}, juspayCred);
						wf[`b:${n}`] = juspay(n, { concurrency: C }, juspayCred);
						wf[`a10:${n}`] = juspay(n, { concurrency: PREVIOUS_DEFAULT_CONCURRENCY }, juspayCred);
					}
					return wf;
				})
			: null;
		await runFloorRow(ctx, { ids: idsFor(200), concurrency: C });

		if (args.profile)
			return profileRuns({ ctx, wfId: ctx.wfId, n: sizes.at(-1), C, profDir, startedAt, log });

		const results = {
			unlimited: {},
			sweep: {},
			rateLimited: {},
			latencyRising: {},
			memory: {
				idleAfterStartRssMb: kbToMb(ctx.memoryAtStart.rssKb),
				afterWarmUpRssMb: kbToMb(readStatusKb(ctx.n8nPid).rssKb),
			},
			machine: { loadAvgAtStart: os.loadavg() },
		};
		const wanted = (table) => !args.only || args.only.has(table);
		if (wanted('unlimited')) await measureUnlimited(ctx, base, results, { sizes, repeatFor });
		if (wanted('sweep')) await measureSweep(ctx, results, { quick: args.quick });
		if (wanted('rate')) await measureRateLimited(ctx, base, results, { rateSizes });
		if (wanted('latency')) await measureLatencyRising(ctx, base, results, { latencySizes });
		if (wanted('memory')) {
			// Each build in a fresh server of its own: warm-up, then (a) at the largest N, RSS sampled.
			const n = Math.max(...sizes);
			results.freshMemory = { n, rows: {} };
			for (const [key, buildDist] of [
				['a', dist],
				...(baselineDist ? [['A', baselineDist]] : []),
			]) {
				const fresh = await startServerWith(
					buildDist,
					`fresh server (${key})`,
					({ juspayCred }) => ({
						'warm:a': juspay(50, {}, juspayCred),
						[`a:${n}`]: juspay(n, {}, juspayCred),
					}),
				);
				const afterWarmUpKb = readStatusKb(fresh.n8nPid).rssKb;
				const run = await runWorkflow(fresh, { id: fresh.wfId[`a:${n}`], n, sampleMemory: true });
				log(describeRun(`fresh server (${key}) N=${n}`, run));
				results.freshMemory.rows[key] = {
					afterWarmUpRssMb: kbToMb(afterWarmUpKb),
					peakRssMb: run.memory.peakRssMb,
					itemsLost: run.itemsLost,
				};
				await fresh.n8n.dispose();
			}
		}
		const server = ctx.server;

		const finishedAt = new Date();
		const report = buildReport({
			args,
			C,
			sizes,
			rateSizes,
			latencySizes,
			baseline: Boolean(base),
			results,
			startedAt,
			finishedAt,
			server,
		});
		console.log(report.text);
		fs.mkdirSync(OUT_DIR, { recursive: true });
		const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
		const file = path.join(OUT_DIR, `bench-${stamp}.json`);
		fs.writeFileSync(file, `${JSON.stringify(report.json, null, 2)}\n`);
		fs.writeFileSync(
			path.join(OUT_DIR, 'latest.json'),
			`${JSON.stringify(report.json, null, 2)}\n`,
		);
		console.log(`\nJSON: ${path.relative(REPO_DIR, file)} (and .tmp/bench/latest.json)`);
	},
	{ stack: true },
);
