'use strict';
/** The benchmark's report: plain-text tables for the terminal (and the README), number helpers, the JSON. */
const os = require('node:os');
const path = require('node:path');

const { DEFAULT_VERSION } = require('../../tools/n8n');
const {
	REPO_DIR,
	LATENCY_MS,
	RATE_PER_SECOND,
	NODE_DEFAULT_CONCURRENCY,
	SWEEP,
	TARGET_FLOOR_RATIO,
	TARGET_RATE_RATIO,
} = require('./settings');

function fmtMs(ms) {
	if (ms === null || ms === undefined || Number.isNaN(ms)) return '-';
	return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function fmtNum(n) {
	if (n === null || n === undefined || Number.isNaN(n)) return '-';
	return Number(n).toLocaleString('en-US');
}

function fmtRatio(r) {
	return r === null || r === undefined || Number.isNaN(r) ? '-' : `${r.toFixed(2)}×`;
}

/** rows: array of arrays of strings; the first row is the header. Right-aligns cells that look numeric. */
function table(rows) {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
	const numeric = (s) => /^[\d,.\-–×% ]+(ms|s|MB|×|\/s)?$/.test(s) && s !== '-';
	const line = (r) =>
		`| ${r
			.map((cell, c) => {
				const s = String(cell ?? '');
				return numeric(s) ? s.padStart(widths[c]) : s.padEnd(widths[c]);
			})
			.join(' | ')} |`;
	const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
	return [line(rows[0]), sep, ...rows.slice(1).map(line)].join('\n');
}

function median(values) {
	const v = values.filter((x) => typeof x === 'number').sort((a, b) => a - b);
	if (!v.length) return null;
	const m = Math.floor(v.length / 2);
	return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** The run whose value is the median (lower median for an even count), so its figures stay consistent. */
function medianRun(runs, key) {
	const sorted = [...runs].sort((a, b) => (a[key] ?? Infinity) - (b[key] ?? Infinity));
	return sorted[Math.floor((sorted.length - 1) / 2)];
}

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
	for (const u of Object.values(results.unlimited))
		for (const v of Object.values(u)) v.runs.forEach(add);
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

	// prettier-ignore
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

	// prettier-ignore
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

	// prettier-ignore
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
			r.ok
				? r.maxTries
					? `max tries ${r.maxTries}`
					: ''
				: `workflow failed: ${(r.error || '').slice(0, 60)}`,
		];
		rateRows.push(line('(a) this node, defaults', rl.a));
		rateRows.push(line('(c) HTTP Request, no batching', rl.c));
		rateRows.push(line(`(c) HTTP Request, batch ${RATE_PER_SECOND} / 1 s`, rl.cb));
		rateRows.push([
			'floor N ÷ rate',
			fmtNum(n),
			fmtMs(rl.floorMs),
			'-',
			'1.00×',
			'0',
			fmtNum(n),
			'0',
			fmtNum(n),
			`${RATE_PER_SECOND}/s`,
		]);
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
	out.push(
		`Rate limit on: ${RATE_PER_SECOND} requests/s (fixed 1 s window, 429 + Retry-After beyond)`,
		table(rateRows),
		'',
	);

	const memRows = [['run (N = 10,000)', 'baseline RSS', 'peak RSS during run', 'VmHWM after']];
	memRows.push(['n8n idle after start', `${results.memory.idleAfterStartRssMb} MB`, '-', '-']);
	memRows.push(['after the warm-up runs', `${results.memory.afterWarmUpRssMb} MB`, '-', '-']);
	for (const n of Object.keys(results.memory).filter((k) => /^\d+$/.test(k))) {
		for (const key of ['a', 'b', 'c']) {
			results.memory[n][key].forEach((m, i) => {
				if (!m) return;
				const name = {
					a: '(a) this node, defaults',
					b: `(b) this node, C=${C}`,
					c: '(c) HTTP Request node',
				}[key];
				memRows.push([
					`${name}${i ? ` #${i + 1}` : ''}`,
					`${m.baselineRssMb} MB`,
					`${m.peakRssMb} MB`,
					`${m.vmHwmMb} MB`,
				]);
			});
		}
	}
	if (memRows.length > 3)
		out.push(
			'n8n server process memory (VmRSS sampled every 50 ms from /proc/<pid>/status)',
			table(memRows),
			'',
		);

	const load = othersLoad(results);
	if (load !== null) {
		out.push(
			`Other processes on this machine used ${(load * 100).toFixed(0)} % of one core (of ${os.cpus().length}) on average during the measured rows.` +
				(load > 0.25
					? ' WARNING: that is enough to slow n8n and the emulator; the times (not the CPU per cancel) are pessimistic. Re-run on an idle machine.'
					: ''),
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
			settings: {
				flags: args,
				concurrencyC: C,
				nodeDefaultConcurrency: NODE_DEFAULT_CONCURRENCY,
				sweep: SWEEP,
				ratePerSecond: RATE_PER_SECOND,
				sizes,
				rateSizes,
			},
			timing:
				'nodeMs = runData[Cancel][0].executionTime; workflowMs = execution stoppedAt - startedAt; clientMs = REST run request to finish seen by the bench (100 ms polling of the execution list)',
			othersLoadCores: load,
			results,
			targets,
		},
	};
}

module.exports = { fmtMs, fmtNum, fmtRatio, table, median, medianRun, buildReport };
