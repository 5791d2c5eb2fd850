#!/usr/bin/env node
'use strict';
/**
 * npm run bench — Fulfillment → Cancel at scale, side by side in ONE run against the emulator on 127.0.0.1
 * with a fixed 25 ms latency (issue 5, item 3):
 *
 *   (a) this node, default settings            (b) this node at concurrency C
 *   (c) n8n's HTTP Request node, same calls    (d) a bare Node.js keep-alive client at C: the floor
 *
 * for N = 1,000 and 10,000 cancels; a concurrency sweep at N = 1,000; then with the emulator's rate limit on
 * (200 requests/s, 429 beyond): (a), (c) without and with batching, against the floor N ÷ rate. Peak RSS of
 * the n8n server during the 10,000-item runs of (a) and (b).
 *
 * Time of a row = the Cancel node's own executionTime from n8n's run data; the workflow's wall time
 * (n8n's startedAt → stoppedAt, Code node and engine included) is shown next to it.
 *
 * Flags: --quick (N = 1,000 only, one repeat), --repeat n (unlimited rows, default 3 at 1,000 and 1 at 10,000),
 *        --concurrency C (default 32), --no-rate-10k (skip the 50 s rate-limited 10,000-item rows),
 *        --profile (instead of the table: n8n under --cpu-prof, runs (b), (a), (c) once at 10,000 — 1,000 with
 *        --quick — and prints where n8n's CPU went during each; writes .tmp/bench/profile-<timestamp>.json),
 *        --dist <dir> (measure another build of the package, e.g. a candidate change, instead of ./dist).
 * Output: a table on stdout, .tmp/bench/bench-<timestamp>.json and .tmp/bench/latest.json.
 */
const fs = require('node:fs');
const path = require('node:path');

const { startProgram } = require('../tools/lifecycle');
const { createN8nInstance, isInstalled, installDir, DEFAULT_VERSION } = require('../tools/n8n');
const { API_KEY, MERCHANT_ID, credentialFor, orderBody } = require('../tools/story/fixtures');
const { startEmulatorProcess } = require('./bench/emulator-client');
const { kbToMb, runFloorRow, runWorkflow, snapshotDist } = require('./bench/measure');
const { readStatusKb } = require('./bench/memory');
const { profileRuns } = require('./bench/profile-runs');
const { buildReport } = require('./bench/report');
const { measureRateLimited, measureSweep, measureUnlimited } = require('./bench/rows');
const { OUT_DIR, REPO_DIR, LATENCY_MS, RATE_PER_SECOND, SWEEP } = require('./bench/settings');
const { juspayWorkflow, httpRequestWorkflow } = require('./bench/workflows');

function parseArgs(argv) {
	const args = {
		quick: false,
		repeat: null,
		concurrency: 32,
		rate10k: true,
		profile: false,
		dist: path.join(REPO_DIR, 'dist'),
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
		else if (a.startsWith('--dist'))
			args.dist = path.resolve(a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
		else if (a === '--help' || a === '-h') args.help = true;
		else throw new Error(`unknown flag ${a} (try --help)`);
	}
	return args;
}

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
		const maxN = Math.max(...sizes, ...rateSizes);

		if (!isInstalled(DEFAULT_VERSION))
			throw new Error(
				`n8n ${DEFAULT_VERSION} is not installed in ${installDir()}: npm run n8n:install`,
			);
		const dist = await snapshotDist(args.dist);

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
		log(`${allIds.length} fulfillments created; starting n8n ${DEFAULT_VERSION}`);

		// --profile: a preload starts V8's profiler inside `n8n start` and writes it on SIGUSR2 (see the preload).
		const profDir = path.join(OUT_DIR, `profile-${startedAt.toISOString().replace(/[:.]/g, '-')}`);
		const n8nEnv = args.profile
			? {
					NODE_OPTIONS: `--require ${path.join(__dirname, 'bench', 'cpu-profile-preload.js')}`,
					BENCH_CPU_PROFILE_DIR: profDir,
				}
			: {};
		const n8n = await createN8nInstance({ customExtensions: [dist], env: n8nEnv });
		program.defer(
			() => n8n.dispose(),
			() => n8n.disposeSync(),
		);
		const nodeType = 'CUSTOM.juspayPayout'; // loaded through N8N_CUSTOM_EXTENSIONS
		const [juspayCred, basicCred] = await n8n.importCredentials([
			{ name: 'Juspay emulator', type: 'juspayPayoutApi', data: credentialFor(emulator.url) },
			{
				name: 'Juspay emulator (Basic)',
				type: 'httpBasicAuth',
				data: { user: API_KEY, password: '' },
			},
		]);
		const server = await n8n.startServer();
		const n8nPid = n8n.server.child.pid; // `node …/n8n start`, spawned directly: this pid is n8n's main process
		log(`n8n server up in ${server.startMs} ms (pid ${n8nPid})`);
		const memoryAtStart = readStatusKb(n8nPid);

		// Build and import every workflow up front, so that no import happens between measurements.
		const wf = {};
		const idsFor = (n) => allIds.slice(0, n);
		const juspay = (n, options) => (name) =>
			juspayWorkflow({ name, ids: idsFor(n), nodeType, credentialId: juspayCred.id, options });
		const httpNode = (n, batching) => (name) =>
			httpRequestWorkflow({
				name,
				ids: idsFor(n),
				baseUrl: emulator.url,
				merchantId: MERCHANT_ID,
				credentialId: basicCred.id,
				batching,
			});
		const rateBatching = { batchSize: RATE_PER_SECOND, batchInterval: 1000 };
		wf['warm:a'] = juspay(50, {});
		wf['warm:c'] = httpNode(50);
		for (const n of new Set([...sizes, ...rateSizes])) {
			wf[`a:${n}`] = juspay(n, {});
			wf[`b:${n}`] = juspay(n, { concurrency: C });
			wf[`c:${n}`] = httpNode(n);
			wf[`cb:${n}`] = httpNode(n, rateBatching);
		}
		for (const k of SWEEP) wf[`sweep:${k}`] = juspay(1000, { concurrency: k });
		const keys = Object.keys(wf);
		const ids = await n8n.importWorkflows(keys.map((k) => wf[k](`bench ${k}`)));
		const wfId = Object.fromEntries(keys.map((k, i) => [k, ids[i]]));
		log(`${keys.length} workflows imported`);
		const ctx = { n8n, emulator, url: emulator.url, n8nPid, wfId, idsFor, C, log };

		// Warm-up: the first execution loads node types, compiles expressions' code paths and JITs the
		// request path; none of that belongs to a steady-state measurement.
		for (const k of ['warm:a', 'warm:c', 'warm:a', 'warm:c'])
			await runWorkflow(ctx, { id: wfId[k], n: 50 });
		await runFloorRow(ctx, { ids: idsFor(200), concurrency: C });

		if (args.profile)
			return profileRuns({ ctx, wfId, n: sizes.at(-1), C, profDir, startedAt, log });

		const results = {
			unlimited: {},
			sweep: {},
			rateLimited: {},
			memory: {
				idleAfterStartRssMb: kbToMb(memoryAtStart.rssKb),
				afterWarmUpRssMb: kbToMb(readStatusKb(n8nPid).rssKb),
			},
		};
		await measureUnlimited(ctx, results, { sizes, repeatFor });
		await measureSweep(ctx, results, { quick: args.quick });
		await measureRateLimited(ctx, results, { rateSizes });

		const finishedAt = new Date();
		const report = buildReport({
			args,
			C,
			sizes,
			rateSizes,
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
