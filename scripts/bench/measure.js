'use strict';
/**
 * One measured row of the benchmark (scripts/bench.js): a workflow run through the n8n server, or the bare
 * client (the floor), each with what the emulator saw and the CPU every process used meanwhile.
 */
const fs = require('node:fs');
const path = require('node:path');

const { API_KEY, MERCHANT_ID, SCHEDULED_TEXT } = require('../../tools/story/fixtures');
const cpu = require('./cpu');
const { runFloor } = require('./floor-client');
const { startSampler } = require('./memory');
const { fmtMs } = require('./report');
const { runViaRest } = require('./run-execution');
const { OUT_DIR } = require('./settings');
const { CANCEL_NODE } = require('./workflows');

/**
 * n8n loads the package from a private copy: others rebuild ./dist (rimraf, then tsc) while the bench runs,
 * and an n8n that starts during that gap finds no node ("Unrecognized node type"). Waits out a build in
 * progress (the node file missing) for up to a minute.
 */
async function snapshotDist(source, name = 'dist-under-test') {
	const nodeFile = path.join('nodes', 'JuspayPayout', 'JuspayPayout.node.js');
	for (let i = 0; i < 60 && !fs.existsSync(path.join(source, nodeFile)); i++)
		await new Promise((r) => setTimeout(r, 1000));
	if (!fs.existsSync(path.join(source, nodeFile)))
		throw new Error(`${source} has no ${nodeFile}: npm run build`);
	const copy = path.join(OUT_DIR, name);
	fs.rmSync(copy, { recursive: true, force: true });
	fs.mkdirSync(path.dirname(copy), { recursive: true });
	fs.cpSync(source, copy, { recursive: true });
	return copy;
}

const fileSize = (file) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

/**
 * What --trace-limit's preload wrote during one row (rows run one at a time): the limits the Auto limit
 * went through and its rounds; undefined for a row without Auto (nothing written).
 */
function readTrace(file, from) {
	const text = fs.existsSync(file) ? fs.readFileSync(file).subarray(from).toString('utf8') : '';
	const entries = text
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line));
	if (entries.length === 0) return undefined;
	const changes = entries.filter((e) => e.event === 'change');
	const limits = changes.length ? [changes[0].from, ...changes.map((e) => e.to)] : [];
	return { limits, rounds: entries.filter((e) => e.event === 'round') };
}

const kbToMb = (kb) => (typeof kb === 'number' ? Math.round(kb / 102.4) / 10 : null);

/** One workflow run through the n8n server, with what the emulator saw. */
async function runWorkflow(ctx, { id, n, sampleMemory = false }) {
	const { n8n, emulator } = ctx;
	await emulator.clearLog();
	const traceFrom = ctx.limitTrace ? fileSize(ctx.limitTrace) : 0;
	const sampler = sampleMemory ? startSampler(ctx.n8nPid) : null;
	const cpu0 = cpu.snapshotWithMachine({ n8n: ctx.n8nPid, emulator: emulator.pid });
	const t0 = process.hrtime.bigint();
	const run = await runViaRest(n8n, id); // not n8n.executeWorkflow(): see run-execution.js for why
	const t1 = process.hrtime.bigint();
	const clientMs = Number(t1 - t0) / 1e6;
	const cpuMs = cpu.diff(
		cpu0,
		cpu.snapshotWithMachine({ n8n: ctx.n8nPid, emulator: emulator.pid }),
	);
	const memory = sampler ? sampler.stop() : undefined;
	const stats = await emulator.stats();
	const timeline = ctx.timeline ? await emulator.timeline() : undefined;
	await emulator.clearLog(); // the log grows without bound: never carry it into the next row
	const limitTrace = ctx.limitTrace ? readTrace(ctx.limitTrace, traceFrom) : undefined;

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
		workflowMs:
			exec.startedAt && exec.stoppedAt
				? Date.parse(exec.stoppedAt) - Date.parse(exec.startedAt)
				: null,
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
		inFlight: stats.inFlight,
		error: run.error ? String(run.error.message || run.error).slice(0, 300) : undefined,
		// CPU time used during the run (whole run: Code node and REST polling included), per process
		cpuMs,
		windowUs: [Number(t0 / 1000n), Number(t1 / 1000n)],
		memory,
		timeline,
		limitTrace,
	};
}

async function runFloorRow(ctx, { ids, concurrency, keepAlive = true }) {
	await ctx.emulator.clearLog();
	const cpu0 = cpu.snapshotWithMachine({ n8n: ctx.n8nPid, emulator: ctx.emulator.pid });
	const r = await runFloor({
		url: ctx.url,
		apiKey: API_KEY,
		merchantId: MERCHANT_ID,
		ids,
		concurrency,
		keepAlive,
	});
	const cpuMs = cpu.diff(
		cpu0,
		cpu.snapshotWithMachine({ n8n: ctx.n8nPid, emulator: ctx.emulator.pid }),
	);
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
		inFlight: stats.inFlight,
		cpuMs,
	};
}

function describeRun(label, r) {
	const extra = r.error ? ` — ${r.error.slice(0, 120)}` : '';
	const c = r.cpuMs || {};
	const cpuText = `CPU ${fmtMs(c.client ?? c.n8n)} client, ${fmtMs(c.emulator)} emulator, ${fmtMs(c.others)} other processes`;
	const trace = r.limitTrace;
	const busy = trace?.rounds.map((e) => e.eventLoopBusy).filter((b) => typeof b === 'number');
	const traceText = trace
		? `; Auto ${trace.limits.join('→') || 'unchanged'} in ${trace.rounds.length} rounds${busy.length ? `, n8n's thread busy ${Math.round((100 * busy.reduce((a, b) => a + b, 0)) / busy.length)}% (mean over rounds)` : ''}`
		: '';
	return `${label}: node ${fmtMs(r.nodeMs)}, workflow ${fmtMs(r.workflowMs)}, ${r.requests} requests (${r.status429} × 429), ${r.itemsOk}/${r.n} ok, ${cpuText}${traceText}${extra}`;
}

module.exports = { snapshotDist, kbToMb, runWorkflow, runFloorRow, describeRun };
