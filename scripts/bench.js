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
const os = require('node:os');
const path = require('node:path');

const { createN8nInstance, isInstalled, installDir, DEFAULT_VERSION } = require('../tools/n8n');
const { API_KEY, MERCHANT_ID, SCHEDULED_TEXT, credentialFor, orderBody } = require('../tools/story/fixtures');
const { startEmulatorProcess } = require('./bench/emulator-client');
const { runFloor } = require('./bench/floor-client');
const { CANCEL_NODE, juspayWorkflow, httpRequestWorkflow } = require('./bench/workflows');
const { startSampler, readStatusKb } = require('./bench/memory');
const cpu = require('./bench/cpu');
const { summarise } = require('./bench/profile-summary');
const { runViaRest } = require('./bench/run-execution');
const { fmtMs, fmtNum, fmtRatio, table, medianRun } = require('./bench/report');

const REPO_DIR = path.resolve(__dirname, '..');
const OUT_DIR = path.join(REPO_DIR, '.tmp', 'bench');
const LATENCY_MS = 25;
const RATE_PER_SECOND = 200;
const NODE_DEFAULT_CONCURRENCY = 10; // the node's own default (Options → Concurrency); row (a) sets nothing
const SWEEP = [1, 5, 10, 20, 32, 50];
const TARGET_FLOOR_RATIO = 1.15;
const TARGET_RATE_RATIO = 1.2;

// ------------------------------------------------------------------------------------------------ flags

function parseArgs(argv) {
	const args = { quick: false, repeat: null, concurrency: 32, rate10k: true, profile: false, dist: path.join(REPO_DIR, 'dist') };
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
		else if (a.startsWith('--dist')) args.dist = path.resolve(a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
		else if (a === '--help' || a === '-h') args.help = true;
		else throw new Error(`unknown flag ${a} (try --help)`);
	}
	return args;
}

// --------------------------------------------------------------------------------------- clean-up

/** Everything started here, stopped in reverse order on success, error, Ctrl-C or SIGTERM. */
const resources = { emulator: null, n8n: null };
let cleaning = null;

function cleanup() {
	if (!cleaning) {
		cleaning = (async () => {
			if (resources.n8n) await resources.n8n.dispose().catch(() => {});
			if (resources.emulator) await resources.emulator.close().catch(() => {});
		})();
	}
	return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => {
		console.error(`\n${signal}: stopping n8n and the emulator…`);
		cleanup().finally(() => process.exit(130));
	});
}
// Last resort (an uncaught throw while cleaning): kill synchronously, n8n by its process group.
process.on('exit', () => {
	if (resources.emulator) resources.emulator.kill();
	const n8n = resources.n8n;
	if (n8n && !n8n.disposed) {
		for (const child of n8n.children || []) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}
	}
});

// ------------------------------------------------------------------------------------------ running

/**
 * n8n loads the package from a private copy: others rebuild ./dist (rimraf, then tsc) while the bench runs,
 * and an n8n that starts during that gap finds no node ("Unrecognized node type"). Waits out a build in
 * progress (the node file missing) for up to a minute.
 */
async function snapshotDist(source) {
	const nodeFile = path.join('nodes', 'JuspayPayout', 'JuspayPayout.node.js');
	for (let i = 0; i < 60 && !fs.existsSync(path.join(source, nodeFile)); i++) await new Promise((r) => setTimeout(r, 1000));
	if (!fs.existsSync(path.join(source, nodeFile))) throw new Error(`${source} has no ${nodeFile}: npm run build`);
	const copy = path.join(OUT_DIR, 'dist-under-test');
	fs.rmSync(copy, { recursive: true, force: true });
	fs.mkdirSync(path.dirname(copy), { recursive: true });
	fs.cpSync(source, copy, { recursive: true });
	return copy;
}

const kbToMb = (kb) => (typeof kb === 'number' ? Math.round(kb / 102.4) / 10 : null);

/** One workflow run through the n8n server, with what the emulator saw. */
async function runWorkflow(ctx, { id, n, sampleMemory = false }) {
	const { n8n, emulator } = ctx;
	await emulator.clearLog();
	const sampler = sampleMemory ? startSampler(ctx.n8nPid) : null;
	const cpu0 = cpu.snapshotWithMachine({ n8n: ctx.n8nPid, emulator: emulator.pid });
	const t0 = process.hrtime.bigint();
	const run = await runViaRest(n8n, id); // not n8n.executeWorkflow(): see run-execution.js for why
	const t1 = process.hrtime.bigint();
	const clientMs = Number(t1 - t0) / 1e6;
	const cpuMs = cpu.diff(cpu0, cpu.snapshotWithMachine({ n8n: ctx.n8nPid, emulator: emulator.pid }));
	const memory = sampler ? sampler.stop() : undefined;
	const stats = await emulator.stats();
	await emulator.clearLog(); // the log grows without bound: never carry it into the next row

	const task = run.runData && run.runData[CANCEL_NODE] && run.runData[CANCEL_NODE][0];
	const items = task && task.data && task.data.main ? task.data.main[0] || [] : [];
	const ok = items.filter(
		(i) => i.json && (i.json.cancellationScheduled === true || i.json.status === SCHEDULED_TEXT),
	);
	const tries = ok.map((i) => i.json.tries).filter((t) => typeof t === 'number');
	const exec = run.execution || {};
	const codeTask = run.runData && run.runData.Items && run.runData.Items[0];
	return {
		n,
		ok: run.ok,
		nodeMs: task ? task.executionTime : null,
		workflowMs: exec.startedAt && exec.stoppedAt ? Date.parse(exec.stoppedAt) - Date.parse(exec.startedAt) : null,
		codeNodeMs: codeTask ? codeTask.executionTime : null,
		clientMs: Math.round(clientMs),
		itemsOut: items.length,
		itemsOk: ok.length,
		itemsLost: n - ok.length,
		maxTries: tries.length ? Math.max(...tries) : null,
		requests: stats.cancelRequests,
		by: stats.byStatus,
		status429: stats.byStatus['429'] || 0,
		acceptedIds: stats.acceptedIds,
		maxRequestsPerId: stats.maxRequestsPerId,
		error: run.error ? String(run.error.message || run.error).slice(0, 300) : undefined,
		// CPU time used during the run (whole run: Code node and REST polling included), per process
		cpuMs,
		windowUs: [Number(t0 / 1000n), Number(t1 / 1000n)],
		memory,
	};
}

async function runFloorRow(ctx, { ids, concurrency, keepAlive = true }) {
	await ctx.emulator.clearLog();
	const cpu0 = cpu.snapshotWithMachine({ n8n: ctx.n8nPid, emulator: ctx.emulator.pid });
	const r = await runFloor({ url: ctx.url, apiKey: API_KEY, merchantId: MERCHANT_ID, ids, concurrency, keepAlive });
	const cpuMs = cpu.diff(cpu0, cpu.snapshotWithMachine({ n8n: ctx.n8nPid, emulator: ctx.emulator.pid }));
	cpuMs.client = cpuMs.bench; // the floor client runs in the bench process
	const stats = await ctx.emulator.stats();
	await ctx.emulator.clearLog();
	return {
		n: ids.length,
		ok: r.itemsOk === ids.length,
		nodeMs: Math.round(r.ms),
		workflowMs: null,
		itemsOut: r.itemsOk,
		itemsOk: r.itemsOk,
		itemsLost: ids.length - r.itemsOk,
		requests: stats.cancelRequests,
		by: stats.byStatus,
		status429: stats.byStatus['429'] || 0,
		acceptedIds: stats.acceptedIds,
		maxRequestsPerId: stats.maxRequestsPerId,
		cpuMs,
	};
}

function log(msg) {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

function describeRun(label, r) {
	const extra = r.error ? ` — ${r.error.slice(0, 120)}` : '';
	const c = r.cpuMs || {};
	const cpuText = `CPU ${fmtMs(c.client ?? c.n8n)} client, ${fmtMs(c.emulator)} emulator, ${fmtMs(c.others)} other processes`;
	return `${label}: node ${fmtMs(r.nodeMs)}, workflow ${fmtMs(r.workflowMs)}, ${r.requests} requests (${r.status429} × 429), ${r.itemsOk}/${r.n} ok, ${cpuText}${extra}`;
}

// --------------------------------------------------------------------------------------------- main

async function main() {
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

	if (!isInstalled(DEFAULT_VERSION)) throw new Error(`n8n ${DEFAULT_VERSION} is not installed in ${installDir()}: npm run n8n:install`);
	const dist = await snapshotDist(args.dist);

	const startedAt = new Date();
	log(`emulator (child process), latency ${LATENCY_MS} ms`);
	// pickDelayMs far away: no fulfillment is picked during the bench, so every cancel is a real 200.
	const emulator = await startEmulatorProcess({ apiKey: API_KEY, merchantId: MERCHANT_ID, latencyMs: LATENCY_MS, pickDelayMs: 1e9 });
	resources.emulator = emulator;
	// One id set for every row: the emulator answers 200 to every cancel of a known id, repeated or not.
	const allIds = await emulator.createFulfillments(maxN, 'bench', orderBody('x'));
	log(`${allIds.length} fulfillments created; starting n8n ${DEFAULT_VERSION}`);

	// --profile: a preload starts V8's profiler inside `n8n start` and writes it on SIGUSR2 (see the preload).
	const profDir = path.join(OUT_DIR, `profile-${startedAt.toISOString().replace(/[:.]/g, '-')}`);
	const n8nEnv = args.profile
		? { NODE_OPTIONS: `--require ${path.join(__dirname, 'bench', 'cpu-profile-preload.js')}`, BENCH_CPU_PROFILE_DIR: profDir }
		: {};
	const n8n = await createN8nInstance({ customExtensions: [dist], env: n8nEnv });
	resources.n8n = n8n;
	const nodeType = 'CUSTOM.juspayPayout'; // loaded through N8N_CUSTOM_EXTENSIONS
	const [juspayCred, basicCred] = await n8n.importCredentials([
		{ name: 'Juspay emulator', type: 'juspayPayoutApi', data: credentialFor(emulator.url) },
		{ name: 'Juspay emulator (Basic)', type: 'httpBasicAuth', data: { user: API_KEY, password: '' } },
	]);
	const server = await n8n.startServer();
	const n8nPid = n8n.server.child.pid; // `node …/n8n start`, spawned directly: this pid is n8n's main process
	log(`n8n server up in ${server.startMs} ms (pid ${n8nPid})`);
	const memoryAtStart = readStatusKb(n8nPid);
	const ctx = { n8n, emulator, url: emulator.url, n8nPid };

	// Build and import every workflow up front, so that no import happens between measurements.
	const wf = {};
	const idsFor = (n) => allIds.slice(0, n);
	const add = (key, build) => {
		wf[key] = build;
	};
	const juspay = (n, options) => (name) =>
		juspayWorkflow({ name, ids: idsFor(n), nodeType, credentialId: juspayCred.id, options });
	const httpNode = (n, batching) => (name) =>
		httpRequestWorkflow({ name, ids: idsFor(n), baseUrl: emulator.url, merchantId: MERCHANT_ID, credentialId: basicCred.id, batching });
	const rateBatching = { batchSize: RATE_PER_SECOND, batchInterval: 1000 };
	add('warm:a', juspay(50, {}));
	add('warm:c', httpNode(50));
	for (const n of new Set([...sizes, ...rateSizes])) {
		add(`a:${n}`, juspay(n, {}));
		add(`b:${n}`, juspay(n, { concurrency: C }));
		add(`c:${n}`, httpNode(n));
		add(`cb:${n}`, httpNode(n, rateBatching));
	}
	for (const k of SWEEP) add(`sweep:${k}`, juspay(1000, { concurrency: k }));
	const keys = Object.keys(wf);
	const ids = await n8n.importWorkflows(keys.map((k) => wf[k](`bench ${k}`)));
	const wfId = Object.fromEntries(keys.map((k, i) => [k, ids[i]]));
	log(`${keys.length} workflows imported`);

	// Warm-up: the first execution loads node types, compiles expressions' code paths and JITs the
	// request path; none of that belongs to a steady-state measurement.
	for (const k of ['warm:a', 'warm:c', 'warm:a', 'warm:c']) await runWorkflow(ctx, { id: wfId[k], n: 50 });
	await runFloorRow(ctx, { ids: idsFor(200), concurrency: C });

	if (args.profile) return profileRuns({ ctx, wfId, n: sizes.at(-1), C, profDir, startedAt });

	const results = { unlimited: {}, sweep: {}, rateLimited: {}, memory: { idleAfterStartRssMb: kbToMb(memoryAtStart.rssKb), afterWarmUpRssMb: kbToMb(readStatusKb(n8nPid).rssKb) } };

	// ---- unlimited: rows interleaved per repeat, so a slow patch of the machine hits every row alike
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
			runs.dNoKeepAlive.push(await runFloorRow(ctx, { ids: idsFor(n), concurrency: C, keepAlive: false }));
			log(describeRun(`(d, no keep-alive) N=${n} #${rep}`, runs.dNoKeepAlive.at(-1)));
		}
		results.unlimited[n] = Object.fromEntries(
			Object.entries(runs).map(([k, list]) => [k, { median: medianRun(list, 'nodeMs'), runs: list }]),
		);
		if (n >= 10000) {
			results.memory[n] = { a: runs.a.map((r) => r.memory), b: runs.b.map((r) => r.memory), c: runs.c.map((r) => r.memory) };
		}
	}

	// ---- sweep at N = 1,000 (the node's default is one of the points)
	// The floor at the same concurrency next to each point: the ratio shows where n8n's own per-request
	// cost, not the 25 ms latency, starts to set the pace.
	for (const k of SWEEP) {
		const list = [];
		const floors = [];
		const reps = args.quick || k === 1 ? 1 : 2; // concurrency 1 takes ~30 s a run
		for (let rep = 1; rep <= reps; rep++) {
			list.push(await runWorkflow(ctx, { id: wfId[`sweep:${k}`], n: 1000 }));
			floors.push(await runFloorRow(ctx, { ids: idsFor(1000), concurrency: k }));
		}
		results.sweep[k] = { median: medianRun(list, 'nodeMs'), runs: list, floor: medianRun(floors, 'nodeMs'), floorRuns: floors };
		log(`${describeRun(`sweep C=${k}`, results.sweep[k].median)}; floor ${fmtMs(results.sweep[k].floor.nodeMs)}`);
	}

	// ---- rate limit on: 200 requests/s, fixed one-second window, 429 + Retry-After beyond
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

	// ---------------------------------------------------------------------------------------- report
	const finishedAt = new Date();
	const report = buildReport({ args, C, sizes, rateSizes, results, startedAt, finishedAt, server, n8nPid });
	console.log(report.text);
	fs.mkdirSync(OUT_DIR, { recursive: true });
	const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
	const file = path.join(OUT_DIR, `bench-${stamp}.json`);
	fs.writeFileSync(file, `${JSON.stringify(report.json, null, 2)}\n`);
	fs.writeFileSync(path.join(OUT_DIR, 'latest.json'), `${JSON.stringify(report.json, null, 2)}\n`);
	console.log(`\nJSON: ${path.relative(REPO_DIR, file)} (and .tmp/bench/latest.json)`);
}

// ------------------------------------------------------------------------------------------ profile

async function profileRuns({ ctx, wfId, n, C, profDir, startedAt }) {
	const runs = {};
	for (const key of ['b', 'a', 'c']) {
		runs[key] = await runWorkflow(ctx, { id: wfId[`${key}:${n}`], n });
		log(describeRun(`profile (${key}) N=${n}`, runs[key]));
	}
	const main = `n8n.${ctx.n8nPid}.cpuprofile`;
	process.kill(ctx.n8nPid, 'SIGUSR2');
	for (let i = 0; i < 600 && !fs.existsSync(path.join(profDir, main)); i++) await new Promise((r) => setTimeout(r, 100));
	if (!fs.existsSync(path.join(profDir, main))) throw new Error(`n8n wrote no profile to ${profDir}`);
	const out = { n, concurrencyC: C, profile: path.join(profDir, main), rows: {} };
	const label = { a: '(a) defaults', b: `(b) concurrency ${C}`, c: '(c) HTTP Request node' };
	for (const [key, r] of Object.entries(runs)) {
		const s = summarise(path.join(profDir, main), { fromUs: r.windowUs[0], toUs: r.windowUs[1] });
		out.rows[key] = { run: r, profile: s };
		console.log(`\n${label[key]}, N=${fmtNum(n)}: node ${fmtMs(r.nodeMs)}; n8n main thread busy ${fmtMs(s.busyMs)} of ${fmtMs(s.windowMs)}`);
		console.log(table([['where (self time)', 'ms', '%'], ...s.byPlace.map((p) => [p.place, String(p.ms), `${p.pct}%`])]));
		console.log(table([['function', 'ms', '%'], ...s.topFunctions.map((f) => [f.fn.slice(0, 110), String(f.ms), `${f.pct}%`])]));
	}
	fs.mkdirSync(OUT_DIR, { recursive: true });
	const file = path.join(OUT_DIR, `profile-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
	fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
	console.log(`\nJSON: ${path.relative(REPO_DIR, file)}`);
}

// ------------------------------------------------------------------------------------------- report

/** "client / emulator / others" CPU seconds: client = n8n's main process, or the bench process for (d). */
function cpuCell(c) {
	if (!c) return '-';
	const s = (ms) => (typeof ms === 'number' ? (ms / 1000).toFixed(1) : '?');
	return `${s(c.client ?? c.n8n)} / ${s(c.emulator)} / ${s(c.others)} s`;
}

/** The client's CPU per request sent: n8n's cost per cancel, which other processes' load does not change much. */
function perCancel(r) {
	const c = r.cpuMs && (r.cpuMs.client ?? r.cpuMs.n8n);
	return typeof c === 'number' && r.requests ? `${(c / r.requests).toFixed(2)} ms` : '-';
}

/** Share of one core that other processes used during all measured rows: above ~25 % the times are suspect. */
function othersLoad(results) {
	let others = 0;
	let wall = 0;
	const add = (r) => {
		if (r && r.cpuMs && typeof r.cpuMs.others === 'number' && r.nodeMs) {
			others += r.cpuMs.others;
			wall += r.clientMs || r.nodeMs;
		}
	};
	for (const u of Object.values(results.unlimited)) for (const v of Object.values(u)) v.runs.forEach(add);
	for (const v of Object.values(results.sweep)) [...v.runs, ...v.floorRuns].forEach(add);
	for (const rl of Object.values(results.rateLimited)) ['a', 'c', 'cb'].forEach((k) => add(rl[k]));
	return wall ? others / wall : null;
}

function buildReport({ args, C, sizes, rateSizes, results, startedAt, finishedAt, server }) {
	const out = [];
	const targets = [];
	out.push(
		`Fulfillment → Cancel, emulator on 127.0.0.1 (child process), latency ${LATENCY_MS} ms, n8n ${DEFAULT_VERSION} (server, REST run), Node ${process.version}, ${os.cpus().length} cores.`,
		`"node" = the Cancel node's own executionTime from n8n's run data; "workflow" = the execution's startedAt → stoppedAt (Code node making the items and the engine included). Floor (d): bare node:http keep-alive client, no n8n. Medians of the repeats.`,
		`CPU = CPU seconds used during the row by the client (n8n's main process; the bench process for d), the emulator, and every other process on the machine (others' work slows every row).`,
		`Package measured: a copy of ${path.relative(REPO_DIR, args.dist) || '.'} taken at the start (.tmp/bench/dist-under-test)`,
		'',
	);

	const head = ['row', 'N', 'concurrency', 'node', 'workflow', 'cancels/s', 'vs (d)', 'requests', 'items out', 'lost', 'client CPU per cancel', 'CPU client / emulator / others'];
	const rows = [head];
	for (const n of sizes) {
		const u = results.unlimited[n];
		const floor = u.d.median.nodeMs;
		const line = (label, conc, r, ref = true) => [
			label,
			fmtNum(n),
			conc,
			fmtMs(r.nodeMs),
			fmtMs(r.workflowMs),
			fmtNum(Math.round((n / r.nodeMs) * 1000)),
			ref ? fmtRatio(r.nodeMs / floor) : '-',
			fmtNum(r.requests),
			fmtNum(r.itemsOut),
			fmtNum(r.itemsLost),
			perCancel(r),
			cpuCell(r.cpuMs),
		];
		rows.push(line('(a) this node, defaults', String(NODE_DEFAULT_CONCURRENCY), u.a.median));
		rows.push(line('(b) this node', String(C), u.b.median));
		rows.push(line('(c) HTTP Request node, defaults', 'all at once', u.c.median));
		rows.push(line('(d) bare node:http keep-alive', String(C), u.d.median, false));
		rows.push(line('    (d) without keep-alive, diagnostic', String(C), u.dNoKeepAlive.median));
		const ratio = u.b.median.nodeMs / floor;
		targets.push({
			target: `(b) within ${TARGET_FLOOR_RATIO}× of (d), N=${fmtNum(n)}`,
			value: `${fmtRatio(ratio)} (${fmtMs(u.b.median.nodeMs)} vs ${fmtMs(floor)})`,
			met: ratio <= TARGET_FLOOR_RATIO && u.b.median.itemsLost === 0,
		});
	}
	out.push('Without rate limit', table(rows), '');

	const sweepRows = [['concurrency', 'N', 'node', 'cancels/s', 'floor (d) at same C', 'vs floor', 'n8n CPU per cancel', 'lost', 'CPU client / emulator / others']];
	for (const k of SWEEP) {
		const { median: r, floor } = results.sweep[k];
		sweepRows.push([
			String(k) + (k === NODE_DEFAULT_CONCURRENCY ? ' (default)' : ''),
			'1,000',
			fmtMs(r.nodeMs),
			fmtNum(Math.round((1000 / r.nodeMs) * 1000)),
			fmtMs(floor.nodeMs),
			fmtRatio(r.nodeMs / floor.nodeMs),
			perCancel(r),
			fmtNum(r.itemsLost),
			cpuCell(r.cpuMs),
		]);
	}
	out.push('Concurrency sweep (this node)', table(sweepRows), '');

	const rateRows = [['row', 'N', 'time (node)', 'workflow', 'vs floor', 'items lost', 'requests', '429s', 'accepted ids', 'note']];
	for (const n of rateSizes) {
		const rl = results.rateLimited[n];
		const line = (label, r) => [
			label,
			fmtNum(n),
			fmtMs(r.nodeMs),
			fmtMs(r.workflowMs),
			fmtRatio(r.nodeMs / rl.floorMs),
			fmtNum(r.itemsLost),
			fmtNum(r.requests),
			fmtNum(r.status429),
			fmtNum(r.acceptedIds),
			r.ok ? (r.maxTries ? `max tries ${r.maxTries}` : '') : `workflow failed: ${(r.error || '').slice(0, 60)}`,
		];
		rateRows.push(line('(a) this node, defaults', rl.a));
		rateRows.push(line('(c) HTTP Request, no batching', rl.c));
		rateRows.push(line(`(c) HTTP Request, batch ${RATE_PER_SECOND} / 1 s`, rl.cb));
		rateRows.push(['floor N ÷ rate', fmtNum(n), fmtMs(rl.floorMs), '-', '1.00×', '0', fmtNum(n), '0', fmtNum(n), `${RATE_PER_SECOND}/s`]);
		const ratio = rl.a.nodeMs / rl.floorMs;
		targets.push({
			target: `rate-limited (a): no item lost, N=${fmtNum(n)}`,
			value: `${fmtNum(rl.a.itemsLost)} lost`,
			met: rl.a.itemsLost === 0,
		});
		targets.push({
			target: `rate-limited (a): within ${TARGET_RATE_RATIO}× of N ÷ rate, N=${fmtNum(n)}`,
			value: `${fmtRatio(ratio)} (${fmtMs(rl.a.nodeMs)} vs ${fmtMs(rl.floorMs)})`,
			// A run that failed part-way is not fast, it is unfinished: time counts only with nothing lost.
			met: ratio <= TARGET_RATE_RATIO && rl.a.itemsLost === 0,
		});
	}
	out.push(`Rate limit on: ${RATE_PER_SECOND} requests/s (fixed 1 s window, 429 + Retry-After beyond)`, table(rateRows), '');

	const memRows = [['run (N = 10,000)', 'baseline RSS', 'peak RSS during run', 'VmHWM after']];
	memRows.push(['n8n idle after start', `${results.memory.idleAfterStartRssMb} MB`, '-', '-']);
	memRows.push(['after the warm-up runs', `${results.memory.afterWarmUpRssMb} MB`, '-', '-']);
	for (const n of Object.keys(results.memory).filter((k) => /^\d+$/.test(k))) {
		for (const key of ['a', 'b', 'c']) {
			results.memory[n][key].forEach((m, i) => {
				if (!m) return;
				const name = { a: '(a) this node, defaults', b: `(b) this node, C=${C}`, c: '(c) HTTP Request node' }[key];
				memRows.push([`${name}${i ? ` #${i + 1}` : ''}`, `${m.baselineRssMb} MB`, `${m.peakRssMb} MB`, `${m.vmHwmMb} MB`]);
			});
		}
	}
	if (memRows.length > 3) out.push('n8n server process memory (VmRSS sampled every 50 ms from /proc/<pid>/status)', table(memRows), '');

	const load = othersLoad(results);
	if (load !== null) {
		out.push(
			`Other processes on this machine used ${(load * 100).toFixed(0)} % of one core (of ${os.cpus().length}) on average during the measured rows.` +
				(load > 0.25 ? ' WARNING: that is enough to slow n8n and the emulator; the times (not the CPU per cancel) are pessimistic. Re-run on an idle machine.' : ''),
			'',
		);
	}
	out.push('Targets');
	for (const t of targets) out.push(`  ${t.met ? 'MET   ' : 'MISSED'}  ${t.target}: ${t.value}`);
	out.push(`\n${fmtMs(finishedAt - startedAt)} in all.`);

	return {
		text: out.join('\n'),
		json: {
			startedAt: startedAt.toISOString(),
			finishedAt: finishedAt.toISOString(),
			environment: {
				node: process.version,
				cpus: os.cpus().length,
				cpuModel: os.cpus()[0] && os.cpus()[0].model,
				totalMemMb: Math.round(os.totalmem() / 1048576),
				n8n: DEFAULT_VERSION,
				n8nStartMs: server.startMs,
				loadAvgAtEnd: os.loadavg(),
				emulator: { where: 'child process (node fork), IPC for control', latencyMs: LATENCY_MS },
			},
			settings: { flags: args, concurrencyC: C, nodeDefaultConcurrency: NODE_DEFAULT_CONCURRENCY, sweep: SWEEP, ratePerSecond: RATE_PER_SECOND, sizes, rateSizes },
			timing: 'nodeMs = runData[Cancel][0].executionTime; workflowMs = execution stoppedAt - startedAt; clientMs = REST run request to finish seen by the bench (100 ms polling of the execution list)',
			othersLoadCores: load,
			results,
			targets,
		},
	};
}

main()
	.catch((err) => {
		console.error(`bench failed: ${(err && err.stack) || err}`);
		process.exitCode = 1;
	})
	.finally(() => cleanup());
