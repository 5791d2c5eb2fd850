'use strict';
/**
 * Reading what a workflow run produced: the one output reader of the project, for real n8n runs (the run
 * objects of ./instance.js, n8n's stored executions) and for the in-process harness's IRun alike.
 *
 * Items of a node's output are always an array: [] when the node sent nothing there, also when it did not
 * run at all (or has no such run index). Whether a node ran is its own question: nodeRan().
 *
 *   nodeOutput(run, 'Juspay Payout', 1)       items on the error output of that node
 *   nodeOutputJson(run, 'Juspay Payout')      only their json
 *   nodeOutputs(run, 'Juspay Payout')         [[items of output 0], [items of output 1], ...]
 *   nodeRan(run, 'Nowhere')                   false
 *   nodeError(run, 'Juspay Payout')           the error that node's run recorded, if any
 */

/**
 * runData of a run result, a resultData, a stored execution ({ data: { resultData } }) or an IRun
 * (WorkflowExecute.run: { data: { resultData } }).
 */
function runDataOf(x) {
	if (!x) return undefined;
	if (x.runData && !x.data) return x.runData; // a run result or resultData
	if (x.resultData) return x.resultData.runData;
	if (x.data && x.data.resultData) return x.data.resultData.runData;
	return undefined;
}

/** The task data of one run of a node, or undefined. */
function nodeRun(run, nodeName, runIndex = 0) {
	const runData = runDataOf(run);
	const runs = runData && runData[nodeName];
	return runs ? runs[runIndex] : undefined;
}

/** True when the node has a run at `runIndex` (0: it ran at all). */
function nodeRan(run, nodeName, runIndex = 0) {
	return Boolean(nodeRun(run, nodeName, runIndex));
}

/**
 * Every output of a node's run: [[items on output 0], [items on output 1], ...]. Output 1 exists for a node
 * whose On Error is "continueErrorOutput" (n8n adds the error output). [] when the node did not run.
 */
function nodeOutputs(run, nodeName, runIndex = 0) {
	const task = nodeRun(run, nodeName, runIndex);
	const main = task && task.data && task.data.main;
	return Array.isArray(main) ? main.map((items) => items || []) : [];
}

/** Items of one output of one node's run: nodeOutput(run, 'Juspay Payout', 1) = error output items. */
function nodeOutput(run, nodeName, outputIndex = 0, runIndex = 0) {
	return nodeOutputs(run, nodeName, runIndex)[outputIndex] || [];
}

/** Only the json of each item of nodeOutput(). */
function nodeOutputJson(run, nodeName, outputIndex = 0, runIndex = 0) {
	return nodeOutput(run, nodeName, outputIndex, runIndex).map((i) => i.json);
}

/** The error a node run recorded (runData[node][runIndex].error), if any. */
function nodeError(run, nodeName, runIndex = 0) {
	const task = nodeRun(run, nodeName, runIndex);
	return task ? task.error : undefined;
}

/**
 * Find the execution JSON `n8n execute --rawOutput` prints after its log lines. JSON.stringify(data, null, 2)
 * puts the outer braces alone at column 0 and indents everything inside, so: take each line that is exactly
 * "{" (last first) and parse up to the next line that is exactly "}". Returns undefined when there is none.
 */
function parseExecutionOutput(text) {
	if (!text) return undefined;
	const lines = text.split(/\r?\n/);
	const starts = [];
	for (let i = 0; i < lines.length; i++) if (lines[i] === '{') starts.push(i);
	for (let s = starts.length - 1; s >= 0; s--) {
		for (let e = starts[s] + 1; e < lines.length; e++) {
			if (lines[e] !== '}') continue;
			try {
				const parsed = JSON.parse(lines.slice(starts[s], e + 1).join('\n'));
				if (parsed && typeof parsed === 'object' && parsed.data && parsed.data.resultData)
					return parsed;
			} catch {
				/* not this one */
			}
			break;
		}
	}
	return undefined;
}

/**
 * The run result executeWorkflow() resolves to, from an execution (CLI or REST) and how it ran:
 * { ok, exitCode, status, via, workflowId, executionId, execution, resultData, runData, lastNodeExecuted,
 *   error, stdout, stderr, timedOut, durationMs }.
 */
function buildRun(r) {
	const execution = r.execution;
	const resultData = execution && execution.data ? execution.data.resultData : undefined;
	const error = resultData ? resultData.error : undefined;
	return {
		ok: r.exitCode === 0 && Boolean(execution) && !error,
		exitCode: r.exitCode,
		status: execution ? execution.status : undefined,
		via: r.via,
		workflowId: r.workflowId,
		executionId: r.executionId,
		execution,
		resultData,
		runData: resultData ? resultData.runData : undefined,
		lastNodeExecuted: resultData ? resultData.lastNodeExecuted : undefined,
		error,
		stdout: r.stdout,
		stderr: r.stderr,
		timedOut: Boolean(r.timedOut),
		durationMs: r.durationMs,
	};
}

module.exports = {
	nodeRan,
	nodeOutputs,
	nodeOutput,
	nodeOutputJson,
	nodeError,
	parseExecutionOutput,
	buildRun,
};
