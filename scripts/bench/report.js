'use strict';
/** The benchmark's report: plain-text tables for the terminal (and the README), number helpers, the JSON. */
const os = require('node:os');
const path = require('node:path');

const { DEFAULT_VERSION } = require('../../tools/n8n');
const {
	REPO_DIR,
	LATENCY_MS,
	LATENCY_GROWTHS,
	RATE_PER_SECOND,
	PREVIOUS_DEFAULT_CONCURRENCY,
	SWEEP,
	TARGETS,
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

/** Requests in flight seen by the server: mean over the run (Little's law). */
const inFlightCell = (r) =>
	r.inFlight && typeof r.inFlight.meanWholeRun === 'number'
		? r.inFlight.meanWholeRun.toFixed(1)
		: '-';

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
	for (const rl of Object.values(results.rateLimited)) Object.values(rl).forEach(add);
	for (const bySize of Object.values(results.latencyRising))
		for (const lr of Object.values(bySize)) Object.values(lr).forEach(add);
	return wall ? others / wall : null;
}

function buildReport(options) {
	const { args, C, sizes, rateSizes, latencySizes, baseline, results } = options;
	const { startedAt, finishedAt, server } = options;
	const out = [];
	const targets = [];
	const load = othersLoad(results);
	out.push(
		`Fulfillment → Cancel, emulator on 127.0.0.1 (child process), latency ${LATENCY_MS} ms, n8n ${DEFAULT_VERSION} (server, REST run), Node ${process.version}.`,
		`Machine: ${os.cpus().length} × ${(os.cpus()[0] && os.cpus()[0].model) || 'CPU'}, ${Math.round(os.totalmem() / 1073741824)} GB; load average ${results.machine.loadAvgAtStart.map((l) => l.toFixed(1)).join(' / ')} at the start, ${os
			.loadavg()
			.map((l) => l.toFixed(1))
			.join(
				' / ',
			)} at the end; other processes used ${load === null ? '?' : `${(load * 100).toFixed(0)} %`} of one core during the rows.`,
		`"node" = the Cancel node's own executionTime from n8n's run data; "workflow" = the execution's startedAt → stoppedAt (Code node making the items and the engine included). Floor (d): bare node:http keep-alive client, no n8n. Medians of the repeats.`,
		`"n8n CPU per cancel" = CPU time of n8n's main process during the row ÷ requests sent (the bench process for d): what each request costs n8n, little changed by other processes' load. "in flight" = requests in flight seen by the emulator, mean over the row.`,
		`Package measured: a copy of ${path.relative(REPO_DIR, args.dist) || '.'} taken at the start (.tmp/bench/dist-under-test)${baseline ? `; baseline rows (A), (B), (A10): ${args.baseline}, in a second n8n server` : ''}.`,
		'',
	);

	const labels = {
		a: '(a) this node, defaults',
		A: '(A) baseline build, defaults',
		b: `(b) this node, Concurrency ${C}`,
		B: `(B) baseline build, Concurrency ${C}`,
		a10: `(a10) this node, Concurrency ${PREVIOUS_DEFAULT_CONCURRENCY}`,
		A10: `(A10) baseline build, Concurrency ${PREVIOUS_DEFAULT_CONCURRENCY}`,
		c1: '(c1) HTTP Request node + Juspay Payout API credential',
		c1b: `(c1) same, batching ${RATE_PER_SECOND} per 1 s`,
		c2: '(c2) HTTP Request node, headers typed by hand',
		c3: '(c3) HTTP Request node + Basic Auth credential',
		d: `(d) bare node:http keep-alive, ${C} at once`,
		dNoKeepAlive: '    (d) without keep-alive, diagnostic',
	};

	// prettier-ignore
	const rows = [['row', 'N', 'node', 'workflow', 'cancels/s', 'vs (c1)', 'vs (c2)', 'vs (d)', 'in flight', 'lost', 'n8n CPU per cancel', 'CPU n8n / emulator / others']];
	for (const n of sizes.filter((k) => results.unlimited[k])) {
		const u = results.unlimited[n];
		const ref = (k) => u[k] && u[k].median.nodeMs;
		const line = (key) => {
			const r = u[key].median;
			const vs = (k) => (k === key || !ref(k) ? '-' : fmtRatio(r.nodeMs / ref(k)));
			return [
				labels[key],
				fmtNum(n),
				fmtMs(r.nodeMs),
				fmtMs(r.workflowMs),
				fmtNum(Math.round((n / r.nodeMs) * 1000)),
				vs('c1'),
				vs('c2'),
				key.startsWith('d') ? '-' : vs('d'),
				inFlightCell(r),
				fmtNum(r.itemsLost),
				perCancel(r),
				cpuCell(r.cpuMs),
			];
		};
		for (const key of ['a', 'A', 'b', 'B', 'c1', 'c2', 'c3', 'd', 'dNoKeepAlive'])
			if (u[key]) rows.push(line(key));
		const a = u.a.median;
		targets.push({
			target: `(a) defaults no slower than (c1) the HTTP Request node with this credential, N=${fmtNum(n)}`,
			value: `${fmtRatio(a.nodeMs / ref('c1'))} (${fmtMs(a.nodeMs)} vs ${fmtMs(ref('c1'))})`,
			met: a.nodeMs <= ref('c1') * TARGETS.vsHttpWithCredential && a.itemsLost === 0,
		});
		targets.push({
			target: `(a) defaults within ${TARGETS.vsHttpHandTyped}× of (c2) the HTTP Request node with headers typed by hand, N=${fmtNum(n)}`,
			value: `${fmtRatio(a.nodeMs / ref('c2'))} (${fmtMs(a.nodeMs)} vs ${fmtMs(ref('c2'))})`,
			met: a.nodeMs <= ref('c2') * TARGETS.vsHttpHandTyped && a.itemsLost === 0,
		});
		const ratio = u.b.median.nodeMs / ref('d');
		targets.push({
			target: `(b) within ${TARGETS.floorRatio}× of (d) the bare client, N=${fmtNum(n)}`,
			value: `${fmtRatio(ratio)} (${fmtMs(u.b.median.nodeMs)} vs ${fmtMs(ref('d'))})`,
			met: ratio <= TARGETS.floorRatio && u.b.median.itemsLost === 0,
		});
	}
	out.push('Without rate limit', table(rows), '');

	// prettier-ignore
	const sweepRows = [['fixed concurrency', 'N', 'node', 'cancels/s', 'floor (d) at same C', 'vs floor', 'n8n CPU per cancel', 'lost', 'CPU n8n / emulator / others']];
	for (const k of SWEEP.filter((c) => results.sweep[c])) {
		const { median: r, floor } = results.sweep[k];
		sweepRows.push([
			String(k) + (k === PREVIOUS_DEFAULT_CONCURRENCY ? ' (default before issue 12)' : ''),
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
	out.push('Concurrency sweep (this node, Concurrency set to a number)', table(sweepRows), '');

	// prettier-ignore
	const rateRows = [['row', 'N', 'time (node)', 'workflow', 'vs N ÷ rate', 'items lost', 'requests', '429s', 'in flight', 'n8n CPU per cancel', 'note']];
	for (const n of rateSizes.filter((k) => results.rateLimited[k])) {
		const rl = results.rateLimited[n];
		const line = (key) => {
			const r = rl[key];
			return [
				labels[key] + (key === 'c1' ? ', no batching' : ''),
				fmtNum(n),
				r.ok ? fmtMs(r.nodeMs) : `failed at ${fmtMs(r.nodeMs)}`,
				fmtMs(r.workflowMs),
				r.ok ? fmtRatio(r.nodeMs / rl.floorMs) : '-',
				fmtNum(r.itemsLost),
				fmtNum(r.requests),
				fmtNum(r.status429),
				inFlightCell(r),
				perCancel(r),
				r.ok
					? r.maxTries
						? `max tries ${r.maxTries}`
						: ''
					: `workflow failed: ${(r.error || '').slice(0, 50)}`,
			];
		};
		for (const key of ['a', 'A', 'a10', 'c1', 'c1b']) if (rl[key]) rateRows.push(line(key));
		// prettier-ignore
		rateRows.push(['floor N ÷ rate', fmtNum(n), fmtMs(rl.floorMs), '-', '1.00×', '0', fmtNum(n), '0', '-', '-', `${RATE_PER_SECOND}/s`]);
		const a = rl.a;
		const ratio = a.nodeMs / rl.floorMs;
		targets.push({
			target: `rate-limited (a): no item lost, N=${fmtNum(n)}`,
			value: `${fmtNum(a.itemsLost)} lost`,
			met: a.itemsLost === 0,
		});
		targets.push({
			target: `rate-limited (a): within ${TARGETS.rateRatio}× of N ÷ rate, N=${fmtNum(n)}`,
			value: `${fmtRatio(ratio)} (${fmtMs(a.nodeMs)} vs ${fmtMs(rl.floorMs)})`,
			// A run that failed part-way is not fast, it is unfinished: time counts only with nothing lost.
			met: ratio <= TARGETS.rateRatio && a.itemsLost === 0,
		});
		const before = rl.A || rl.a10;
		const today = TARGETS.rate429s[n];
		targets.push({
			target: `rate-limited (a): no more 429s than before issue 12 (${today === undefined ? '' : `${fmtNum(today)} in the README; `}${fmtNum(before.status429)} for ${rl.A ? '(A)' : '(a10)'} in this run), N=${fmtNum(n)}`,
			value: `${fmtNum(a.status429)} × 429`,
			met: a.status429 <= (today ?? before.status429),
		});
	}
	out.push(
		`Rate limit on: ${RATE_PER_SECOND} requests/s (fixed 1 s window, 429 + Retry-After beyond)`,
		table(rateRows),
		'',
	);

	for (const [setting, g] of Object.entries(LATENCY_GROWTHS)) {
		const bySize = results.latencyRising[setting] || {};
		// prettier-ignore
		const latRows = [['row', 'N', 'time (node)', 'cancels/s', 'in flight (mean)', 'settled: in flight (median, p90)', 'settled: latency (median, p90)', 'lost', 'n8n CPU per cancel']];
		for (const n of latencySizes.filter((k) => bySize[k])) {
			const lr = bySize[n];
			for (const key of Object.keys(lr)) {
				const r = lr[key];
				const f = r.inFlight || {};
				const label = key.startsWith('d')
					? `(d) bare client, ${key.slice(1)} at once`
					: key === 'c1'
						? '(c1) HTTP Request node + this credential, all at once'
						: labels[key];
				latRows.push([
					label,
					fmtNum(n),
					r.ok ? fmtMs(r.nodeMs) : `failed at ${fmtMs(r.nodeMs)}`,
					fmtNum(Math.round((n / r.nodeMs) * 1000)),
					inFlightCell(r),
					`${f.medianSecondHalf ?? '-'}, ${f.p90SecondHalf ?? '-'}`,
					`${fmtMs(f.latencyMedianSecondHalfMs)}, ${fmtMs(f.latencyP90SecondHalfMs)}`,
					fmtNum(r.itemsLost),
					perCancel(r),
				]);
			}
			const a = lr.a.inFlight || {};
			targets.push({
				target: `latency rising, ${setting} the bottleneck: (a) settles where latency is near its floor (median ≤ ${TARGETS.settledLatencyRatio}× ${LATENCY_MS} ms), N=${fmtNum(n)}`,
				value: `settled at ${a.medianSecondHalf} in flight (p90 ${a.p90SecondHalf}; latency stays at its floor up to ${g.freeInFlight}), median latency ${fmtMs(a.latencyMedianSecondHalfMs)}`,
				met:
					lr.a.itemsLost === 0 &&
					typeof a.latencyMedianSecondHalfMs === 'number' &&
					a.latencyMedianSecondHalfMs <= LATENCY_MS * TARGETS.settledLatencyRatio,
			});
		}
		out.push(
			`Latency rising with load, ${setting} the bottleneck: ${LATENCY_MS} ms + ${g.perInFlightMs} ms per request in flight beyond ${g.freeInFlight} ("settled" = second half of the row, seen by the emulator)`,
			table(latRows),
			'',
		);
	}

	const memRows = [['run (N = 10,000)', 'baseline RSS', 'peak RSS during run', 'VmHWM after']];
	memRows.push(['n8n idle after start', `${results.memory.idleAfterStartRssMb} MB`, '-', '-']);
	memRows.push(['after the warm-up runs', `${results.memory.afterWarmUpRssMb} MB`, '-', '-']);
	for (const n of Object.keys(results.memory).filter((k) => /^\d+$/.test(k))) {
		for (const [key, list] of Object.entries(results.memory[n])) {
			list.forEach((m, i) => {
				if (!m) return;
				memRows.push([
					`${labels[key]}${i ? ` #${i + 1}` : ''}${/^[AB]/.test(key) ? ' (its own n8n server)' : ''}`,
					`${m.baselineRssMb} MB`,
					`${m.peakRssMb} MB`,
					`${m.vmHwmMb} MB`,
				]);
			});
		}
		if (results.freshMemory) continue; // the target is judged in a fresh server (below)
		const peaks = results.memory[n].a.filter(Boolean).map((m) => m.peakRssMb);
		const peak = Math.max(...peaks);
		targets.push({
			target: `peak RSS of n8n during (a) defaults, N=${fmtNum(Number(n))}, after the rows before it: no higher than before issue 12 (${TARGETS.peakRssMb} MB)`,
			value: `${peak} MB`,
			met: peak <= TARGETS.peakRssMb,
		});
	}
	if (memRows.length > 3)
		out.push(
			'n8n server process memory (VmRSS sampled every 50 ms from /proc/<pid>/status; rows run one after another in one server, so a row starts from what the one before left)',
			table(memRows),
			'',
		);

	if (results.freshMemory) {
		const { n, rows } = results.freshMemory;
		const freshRows = [
			['build', 'RSS after the warm-up', `peak RSS during (a), N = ${fmtNum(n)}`, 'lost'],
		];
		for (const [key, row] of Object.entries(rows))
			freshRows.push([
				labels[key],
				`${row.afterWarmUpRssMb} MB`,
				`${row.peakRssMb} MB`,
				fmtNum(row.itemsLost),
			]);
		out.push(
			'n8n memory like for like: each build in a fresh n8n server of its own, warm-up runs, then (a) defaults',
			table(freshRows),
			'',
		);
		// Against the baseline build measured the same way when there is one (--baseline with a build
		// from before issue 12 is the like-for-like check); else against the README's figure of the time.
		const limitMb = rows.A ? rows.A.peakRssMb : TARGETS.peakRssMb;
		if (rows.a && n >= 10000)
			targets.push({
				target: `peak RSS of n8n during (a) defaults, N=${fmtNum(n)}, fresh server: no higher than ${rows.A ? `the baseline build's, measured the same way (${limitMb} MB)` : `before issue 12 (${limitMb} MB, README of the time)`}`,
				value: `${rows.a.peakRssMb} MB`,
				met: rows.a.peakRssMb <= limitMb,
			});
	}

	if (load !== null && load > 0.25) {
		out.push(
			`WARNING: other processes used ${(load * 100).toFixed(0)} % of one core (of ${os.cpus().length}) during the measured rows: enough to slow n8n and the emulator; times are pessimistic (the CPU per cancel much less so). Re-run on an idle machine for times.`,
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
				loadAvgAtStart: results.machine.loadAvgAtStart,
				loadAvgAtEnd: os.loadavg(),
				emulator: { where: 'child process (node fork), IPC for control', latencyMs: LATENCY_MS },
			},
			settings: {
				flags: args,
				concurrencyC: C,
				previousDefaultConcurrency: PREVIOUS_DEFAULT_CONCURRENCY,
				sweep: SWEEP,
				ratePerSecond: RATE_PER_SECOND,
				latencyGrowths: LATENCY_GROWTHS,
				sizes,
				rateSizes,
				latencySizes,
				targets: TARGETS,
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
