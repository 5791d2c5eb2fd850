'use strict';
/**
 * Runs an imported workflow through the n8n server the way the runner's executeWorkflow(…, {via:'server'})
 * does (POST /rest/workflows/:id/run, the editor's "Execute workflow"), but waits for the end in a way that
 * does not load n8n while it is being measured.
 *
 * Why not the runner's own wait: it polls GET /rest/executions/:id every 25 ms. That answer carries the
 * whole workflow — here a Code node with up to 10,000 embedded ids, ~400 KB — so n8n read it from sqlite,
 * serialised and gzipped it 40 times a second, on the same thread as the node under test. A profile of a
 * 10,000-item run showed sqlite3 + typeorm + zlib at over a fifth of n8n's busy time. The execution list
 * (GET /rest/executions?filter=…) answers with a few fields per execution, asked once a second: the
 * times reported are n8n's own (node executionTime, execution startedAt → stoppedAt), not this loop's,
 * so asking sooner only loads n8n. Even that light answer costs n8n's thread about 13 ms (measured on an
 * empty database): asked every 100 ms, as until 2026-12-02, it kept n8n's thread busy an eighth of the
 * time or more in every row, beside the node being measured. The full execution is read once, after it
 * has finished.
 */
const UNFINISHED = new Set(['new', 'running', 'waiting']);

/**
 * A poll that failed only because n8n was busy: it answers 503 "Database is not ready!" while its database
 * is too busy for its own health check (the HTTP Request node reads the credential from it for each of
 * 10,000 items), and resets a kept-alive connection it closed while its one thread was blocked for
 * seconds (the HTTP Request node preparing 10,000 requests at once). Asked again.
 */
function isTransient(error) {
	const code = error && error.cause && error.cause.code;
	return error.status === 503 || /fetch failed/.test(String(error && error.message)) || code === 'ECONNRESET';
}

async function runViaRest(n8n, workflowId, { pollMs = 1000, timeoutMs = 600000, trigger = 'Manual' } = {}) {
	const workflowData = await n8n.rest('GET', `/rest/workflows/${encodeURIComponent(workflowId)}`);
	const started = await n8n.rest('POST', `/rest/workflows/${encodeURIComponent(workflowId)}/run`, {
		workflowData,
		triggerToStartFrom: { name: trigger },
	});
	if (!started || !started.executionId) throw new Error(`workflow ${workflowId} did not start: ${JSON.stringify(started)}`);
	const executionId = String(started.executionId);
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		let list;
		try {
			list = await n8n.rest('GET', `/rest/executions?filter=${filter}&limit=10`);
		} catch (error) {
			if (!isTransient(error) || Date.now() > deadline) throw error;
			await new Promise((r) => setTimeout(r, pollMs));
			continue;
		}
		const mine = ((list && list.results) || []).find((e) => String(e.id) === executionId);
		if (mine && !UNFINISHED.has(mine.status) && mine.stoppedAt) break;
		if (Date.now() > deadline) throw new Error(`execution ${executionId} did not finish within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, pollMs));
	}
	let exec;
	for (let attempt = 1; ; attempt++) {
		try {
			exec = await n8n.rest('GET', `/rest/executions/${executionId}`);
			break;
		} catch (error) {
			if (!isTransient(error) || attempt >= 50) throw error;
			await new Promise((r) => setTimeout(r, pollMs));
		}
	}
	const data = typeof exec.data === 'string' ? n8n.flatted().parse(exec.data) : exec.data;
	const resultData = data && data.resultData;
	const error = resultData && resultData.error;
	return {
		ok: exec.status === 'success' && !error,
		executionId,
		status: exec.status,
		execution: { startedAt: exec.startedAt, stoppedAt: exec.stoppedAt, status: exec.status, mode: exec.mode },
		runData: resultData && resultData.runData,
		error,
	};
}

module.exports = { runViaRest };
