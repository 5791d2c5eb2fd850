'use strict';
/**
 * What a burst of the queue-mode scenario (./scenario.js) proves, from n8n's execution records, the workers'
 * logs and the emulator's request log: `figures` to report, `checks` (each true or false) and `problems`
 * (one line per failed check) for the jest test and run.js to assert on.
 */
const { CANCEL_PATH } = require('../../../tools/story/fixtures');

function histogram(values) {
	const h = {};
	for (const v of values) h[v] = (h[v] || 0) + 1;
	return h;
}

/**
 * `cluster` as startCluster() made it; `burst`: { executions (as runBurst read them), logOffsets (each
 * worker's log length before the burst), allIds (the burst's fulfillment ids), runs, itemsPerRun,
 * nodeOptions, figures, timings }; `figures` and `timings` are filled in.
 */
function judgeBurst(cluster, burst) {
	const { workers, emulator, latencyMs, ratePerSecond } = cluster;
	const { executions, logOffsets, allIds, runs, itemsPerRun, nodeOptions, figures, timings } =
		burst;
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
	return { checks, problems };
}

module.exports = { judgeBurst, histogram };
