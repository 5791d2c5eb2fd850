'use strict';
/**
 * `npm run bench -- --profile`: instead of the table, runs (b), (a), (c) once with n8n under the V8 profiler
 * (./cpu-profile-preload.js) and prints where n8n's CPU went during each (./profile-summary.js).
 */
const fs = require('node:fs');
const path = require('node:path');

const { describeRun, runWorkflow } = require('./measure');
const { stages } = require('./profile-inclusive');
const { summarise } = require('./profile-summary');
const { fmtMs, fmtNum, table } = require('./report');
const { OUT_DIR, REPO_DIR } = require('./settings');

async function profileRuns({ ctx, wfId, n, C, profDir, startedAt, log }) {
	const runs = {};
	for (const key of ['b', 'a', 'c1', 'c2']) {
		runs[key] = await runWorkflow(ctx, { id: wfId[`${key}:${n}`], n });
		log(describeRun(`profile (${key}) N=${n}`, runs[key]));
	}
	const main = `n8n.${ctx.n8nPid}.cpuprofile`;
	process.kill(ctx.n8nPid, 'SIGUSR2');
	for (let i = 0; i < 600 && !fs.existsSync(path.join(profDir, main)); i++)
		await new Promise((r) => setTimeout(r, 100));
	if (!fs.existsSync(path.join(profDir, main)))
		throw new Error(`n8n wrote no profile to ${profDir}`);
	const out = { n, concurrencyC: C, profile: path.join(profDir, main), rows: {} };
	const label = {
		a: '(a) defaults',
		b: `(b) concurrency ${C}`,
		c1: '(c1) HTTP Request node + this credential',
		c2: '(c2) HTTP Request node, headers typed by hand',
	};
	for (const [key, r] of Object.entries(runs)) {
		const s = summarise(path.join(profDir, main), { fromUs: r.windowUs[0], toUs: r.windowUs[1] });
		const byStage = stages(path.join(profDir, main), {
			fromUs: r.windowUs[0],
			toUs: r.windowUs[1],
		});
		out.rows[key] = { run: r, profile: s, byStage };
		console.log(
			`\n${label[key]}, N=${fmtNum(n)}: node ${fmtMs(r.nodeMs)}; n8n main thread busy ${fmtMs(s.busyMs)} of ${fmtMs(s.windowMs)}`,
		);
		console.log(
			table([
				['where (self time)', 'ms', '%'],
				...s.byPlace.map((p) => [p.place, String(p.ms), `${p.pct}%`]),
			]),
		);
		console.log(
			table([
				['stage of a request (inclusive)', 'ms', 'per cancel'],
				...byStage.byStage.map((p) => [p.stage, String(p.ms), `${(p.ms / n).toFixed(3)} ms`]),
			]),
		);
		console.log(
			table([
				['function', 'ms', '%'],
				...s.topFunctions.map((f) => [f.fn.slice(0, 110), String(f.ms), `${f.pct}%`]),
			]),
		);
	}
	fs.mkdirSync(OUT_DIR, { recursive: true });
	const file = path.join(OUT_DIR, `profile-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
	fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
	console.log(`\nJSON: ${path.relative(REPO_DIR, file)}`);
}

module.exports = { profileRuns };
